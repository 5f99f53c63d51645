using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Transports.Abstractions;
using Transports.Advice.Candidates;
using Transports.Advice.Output;
using Transports.Advice.Plan;
using Transports.Advice.Profile;
using Transports.Advice.Ranking;
using Transports.Harness.Catalog;
using Transports.Harness.Output;
using Transports.Harness.Running;
using Transports.Results;
using Transports.Scenarios.Core;

namespace Transports.Harness.Cli;

/// <summary>
/// <c>harness advise</c>: choose a transport for an API (docs/ADVISOR.md). Reads the profile (a YAML/JSON file and/or
/// one flag per profile key), rules candidates out, runs the plan's scenarios over the rest within the budget (or reads
/// results folders with <c>-results</c>), and writes advice.json and advice.md into an advise folder whose sub-folders
/// hold the runs. The ranking itself is <see cref="Advisor"/>, a pure function of the profile and the results.
/// </summary>
internal static class AdviseCommand
{
    public static Command Create()
    {
        var command = new Command("advise", "Choose a transport for an API: rule out by constraint, measure what the profile needs within -budget, rank by the objective (docs/ADVISOR.md)");
        var profile = Opt("profile", "Profile file: YAML, or JSON when it ends in .json (keys as below, snake_case or kebab-case)");
        var results = Opt("results", "Reuse results instead of measuring: run folders (or their results.json, or an advise folder), comma-separated");
        var transports = Opt("transports", $"Candidates to consider, comma-separated (default all: {TransportCatalog.Names})");
        var resultsDir = Opt("results-dir", "Folder that receives the advise folder (default: $TRANSPORTS_RESULTS, else ./results)");
        var token = Opt("token", "With server: the agent's shared token");
        var tokenFile = Opt("token-file", "With server: file holding the agent's shared token");
        var noProgress = new Option<bool>("--no-progress", "-no-progress") { Description = "Plain log lines instead of the live progress display" };
        foreach (var o in new[] { profile, results, transports, resultsDir, token, tokenFile }) command.Options.Add(o);
        command.Options.Add(noProgress);
        var keys = ProfileKeys.All.Select(k => (Key: k, Option: Opt(k.Name, $"Profile: {k.Help}"))).ToList();
        foreach (var (_, o) in keys) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            ApiProfile p;
            try
            {
                var flags = keys.Where(k => parse.GetResult(k.Option) is not null && parse.GetValue(k.Option) is not null)
                    .Select(k => new KeyValuePair<string, string>("-" + k.Key.Name, parse.GetValue(k.Option)!));
                p = ProfileReader.Read(parse.GetValue(profile) is { Length: > 0 } file ? file : null, flags);
            }
            catch (ProfileException e)
            {
                return Errors.Usage(e.Message);
            }
            IReadOnlyList<Candidate> candidates;
            try
            {
                candidates = Candidates(parse.GetValue(transports), p);
            }
            catch (UsageException e)
            {
                return Errors.Usage(e.Message);
            }
            if (parse.GetValue(results) is { Length: > 0 } reuse)
                return Reuse(p, candidates, reuse);
            return await MeasureAsync(p, candidates, parse.GetValue(resultsDir), parse.GetValue(token), parse.GetValue(tokenFile), !parse.GetValue(noProgress), ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Option<string> Opt(string name, string description) => new($"--{name}", $"-{name}") { Description = description, HelpName = "value" };

    /// <summary>The catalog's transports as candidates, with the capabilities they have under the options advise runs them with.</summary>
    private static IReadOnlyList<Candidate> Candidates(string? names, ApiProfile p)
    {
        var factories = string.IsNullOrWhiteSpace(names) || names.Trim() == "all" ? TransportCatalog.All
            : names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(n => TransportCatalog.Find(n) ?? throw new UsageException($"transports: unknown transport '{n}'; valid transports: {TransportCatalog.Names}")).Distinct().ToList();
        var options = TransportOptions(p);
        var list = new List<Candidate>();
        foreach (var f in factories)
        {
            var t = f.Create(new OptionValues(options.ToDictionary(k => k.Key, k => k.Value, StringComparer.OrdinalIgnoreCase)));
            list.Add(new Candidate(f.Name, TransportRunner.FeatureNames(t.Capabilities.Features), t.Capabilities.MaxMessageSizeBytes));
            t.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return list;
    }

    /// <summary>Transport options advise runs with: grpc over TLS unless the path is trusted (an untrusted path compares encrypted transports only).</summary>
    private static IReadOnlyDictionary<string, string> TransportOptions(ApiProfile p) => new Dictionary<string, string> { ["grpc-tls"] = p.TrustedPath ? "false" : "true" };

    private static int Reuse(ApiProfile p, IReadOnlyList<Candidate> candidates, string runs)
    {
        var docs = new List<ResultsDocument>();
        try
        {
            foreach (var run in runs.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                docs.AddRange(Load(run));
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            return Errors.Usage($"results: {e.Message}");
        }
        var advice = Advisor.Advise(p, candidates, docs);
        var folder = RunFolder.Create(ResultsRoot(null), "advise", DateTimeOffset.UtcNow);
        return Write(advice, folder.Path);
    }

    /// <summary>A run folder's results.json, a results.json itself, or every run inside an advise folder.</summary>
    private static IEnumerable<ResultsDocument> Load(string path)
    {
        if (Directory.Exists(path) && !File.Exists(Path.Combine(path, "results.json")))
        {
            var inner = Directory.GetDirectories(path).Where(d => File.Exists(Path.Combine(d, "results.json"))).Order(StringComparer.Ordinal).ToList();
            if (inner.Count == 0) throw new FileNotFoundException($"{path} holds no results.json (a run folder, or an advise folder with runs inside)");
            return inner.Select(ResultsJson.Load).ToList();
        }
        return [ResultsJson.Load(path)];
    }

    private static string ResultsRoot(string? dir)
    {
        var root = string.IsNullOrEmpty(dir) ? Environment.GetEnvironmentVariable("TRANSPORTS_RESULTS") : dir;
        return Path.GetFullPath(string.IsNullOrEmpty(root) ? Path.Combine(Environment.CurrentDirectory, "results") : root);
    }

    private static async Task<int> MeasureAsync(ApiProfile p, IReadOnlyList<Candidate> candidates, string? resultsDir, string? token, string? tokenFile, bool live, CancellationToken ct)
    {
        Transports.Paths.Emulation.LinkSpec? link = null;
        try
        {
            if (p.Link is { } spec)
            {
                link = Transports.Paths.Emulation.LinkSpecParser.Parse(spec);
                ProfileReader.CheckAgainstPath(p, $"link {spec}", link.ConfiguredRttNs / 1e6, Math.Min(link.Up.DelayNs, link.Down.DelayNs) / 1e6);
            }
        }
        catch (FormatException e)
        {
            return Errors.Usage($"link: {e.Message.Replace("-link: ", "", StringComparison.Ordinal)}");
        }
        catch (ProfileException e)
        {
            return Errors.Usage(e.Message);
        }
        var kept = candidates.Where(c => RuleOuts.For(p, c).Count == 0).ToList();
        var plan = MeasurementPlan.Default;
        var rules = plan.For(p);
        var shape = MeasurementPlan.Shape(p.BudgetSeconds, Math.Max(1, rules.Count * kept.Count));
        var steps = plan.Steps(p, shape);
        var folder = RunFolder.Create(ResultsRoot(resultsDir), "advise", DateTimeOffset.UtcNow);
        Console.Error.WriteLine($"advise: {kept.Count} of {candidates.Count} candidates remain ({string.Join(", ", kept.Select(c => c.Name))}); " +
            $"{steps.Count} step(s), {shape.Repeats} repeat(s) of {shape.DurationSeconds.ToString("0.#", CultureInfo.InvariantCulture)} s per transport, about {MeasurementPlan.EstimateSeconds(shape, steps.Count * kept.Count):0} s of a {p.BudgetSeconds:0} s budget");
        var docs = new List<ResultsDocument>();
        var started = System.Diagnostics.Stopwatch.StartNew();
        Links.LinkedAgent? linked = null;
        try
        {
            if (kept.Count > 0 && link is not null)
            {
                try
                {
                    linked = await Links.LinkedAgent.StartAsync(link, ct).ConfigureAwait(false);
                }
                catch (Transports.Paths.PathSetupException e)
                {
                    return Errors.Usage($"link: {e.Message}");
                }
            }
            var cli = new HarnessCli();
            for (int i = 0; i < steps.Count && kept.Count > 0; i++)
            {
                var step = steps[i];
                double estimate = MeasurementPlan.EstimateSeconds(shape, kept.Count);
                double left = p.BudgetSeconds - started.Elapsed.TotalSeconds;
                if (estimate > left * 1.25)
                {
                    Console.Error.WriteLine($"advise: step {i + 1}/{steps.Count} ({step.Need}, {step.Scenario}) skipped: about {estimate:0} s needed, {Math.Max(0, left):0} s of the budget left");
                    continue;
                }
                Console.Error.WriteLine($"advise: step {i + 1}/{steps.Count}: {step.Need} with {step.Scenario} over {string.Join(", ", kept.Select(c => c.Name))} (about {estimate:0} s; {started.Elapsed.TotalSeconds:0} s of {p.BudgetSeconds:0} s used)");
                List<string> args = [step.Scenario, "-transports", string.Join(",", kept.Select(c => c.Name)), .. step.Arguments,
                    "-repeat", shape.Repeats.ToString(CultureInfo.InvariantCulture), "-warmup", "0", "-no-charts",
                    "-timeout", Math.Max(30, Math.Ceiling(shape.DurationSeconds * 4 + 20)).ToString(CultureInfo.InvariantCulture),
                    "-results-dir", folder.Path];
                foreach (var (k, v) in TransportOptions(p)) args.AddRange([$"-{k}", v]);
                if (p.Server is { } server)
                {
                    args.AddRange(["-server", server]);
                    if (!string.IsNullOrEmpty(token)) args.AddRange(["-token", token]);
                    if (!string.IsNullOrEmpty(tokenFile)) args.AddRange(["-token-file", tokenFile]);
                }
                RunRequest request;
                try
                {
                    request = cli.ToRequest(args);
                }
                catch (Exception e) when (e is UsageException or OptionException)
                {
                    return Errors.Usage($"{step.Scenario}: {e.Message}");
                }
                if (linked is not null) request = request with { Server = new Remote.AgentTarget(linked.Endpoint, linked.Token), LinkedAgent = linked };
                try
                {
                    var outcome = await Output.LiveDisplay.RunAsync(live, observer => new Runner(request, observer).RunAsync(ct)).ConfigureAwait(false);
                    docs.Add(outcome.Document);
                }
                catch (Exception e) when (e is OptionException or ScenarioSetupException)
                {
                    return Errors.Usage($"{step.Scenario}: {e.Message}");
                }
                catch (Transports.Remote.Control.ControlProtocolException e)
                {
                    Console.Error.WriteLine($"error: {e.Message}");
                    return 1;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            Console.Error.WriteLine("advise: interrupted; advising on what was measured");
        }
        finally
        {
            if (linked is not null) await linked.DisposeAsync().ConfigureAwait(false);
        }
        var advice = Advisor.Advise(p, candidates, docs, plan, shape);
        return Write(advice, folder.Path);
    }

    /// <summary>The advice chart (views/Advice): the deciding metric of the measured candidates in rank order, with the bound.</summary>
    private static string? ChartOf(AdviceDocument advice, string folder)
    {
        if (advice.Deciding is not { } d) return null;
        double scale = d.Unit == "bit/s" ? 1e-6 : 1;
        string unit = d.Unit == "bit/s" ? "Mbit/s" : d.Unit;
        var bars = advice.Candidates.Where(c => c.Rank is not null)
            .Select(c => (c, k: c.Checks.FirstOrDefault(k => k.MetricId == d.MetricId && k.Median is not null)))
            .Where(x => x.k is not null)
            .Select(x => new Transports.Views.Advice.AdviceBar(x.c.Name, x.k!.Median!.Value * scale, x.k.Ci95Low!.Value * scale, x.k.Ci95High!.Value * scale, AdviceMarkdown.Word(x.k.Verdict)))
            .ToList();
        double? bound = advice.Candidates.SelectMany(c => c.Checks).FirstOrDefault(k => k.MetricId == d.MetricId && k.Bound is not null)?.Bound * scale;
        var subtitle = new List<string> { advice.Recommendation is { } r ? $"Recommendation: {r}" : "No recommendation", $"Path: {advice.Path}" };
        return Transports.Views.Advice.AdviceChart.Write(folder, $"Advice: {d.Name} per candidate ({d.Scenario})", subtitle, $"{d.Name} ({unit})", bars, bound);
    }

    private static int Write(AdviceDocument advice, string folder)
    {
        AtomicFile.WriteAllText(Path.Combine(folder, AdviceJson.FileName), AdviceJson.Serialize(advice));
        var md = AdviceMarkdown.Render(advice);
        string? chart = null;
        try
        {
            chart = ChartOf(advice, folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Console.Error.WriteLine($"advise: chart not drawn: {e.Message}");
        }
        if (chart is not null) md += $"![{advice.Deciding!.Name} per candidate]({Path.GetFileName(chart)})\n";
        AtomicFile.WriteAllText(Path.Combine(folder, AdviceMarkdown.FileName), md);
        Console.WriteLine(md);
        AnsiConsole.MarkupLine($"advice: [link]{Markup.Escape(Path.Combine(folder, AdviceJson.FileName))}[/]");
        return 0;
    }
}
