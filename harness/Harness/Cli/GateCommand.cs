using System.CommandLine;
using System.Diagnostics;
using Spectre.Console;
using Transports.Harness.Baselines;
using Transports.Harness.Gate;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Views.Gate;

namespace Transports.Harness.Cli;

/// <summary>
/// <c>harness gate -baseline PATH|NAME [-current PATH]</c>: the CI performance gate (docs/CI.md). Compares every gated
/// metric per transport result with the baseline (<see cref="GateEvaluator"/>) and exits 0 (pass or improvement),
/// 1 (regression), 3 (inconclusive) or 2 (bad input, or environments that differ without
/// <c>-allow-environment-mismatch</c>). Writes the console table, a Markdown summary (<c>-markdown FILE</c>, and appended
/// to <c>$GITHUB_STEP_SUMMARY</c> when set), JUnit XML (<c>-junit FILE</c>) and, when <c>$GITHUB_ACTIONS</c> is
/// <c>true</c>, <c>::error::</c>/<c>::warning::</c> annotations. Without <c>-current</c> it first runs the baseline's
/// own command line again (a child harness process) and gates that run. With <c>-baseline-build REF</c> it builds commit
/// REF (<see cref="BaselineBuild"/>; <c>current</c>: this build on both sides, an A/A check) and runs the baseline's
/// command line with both builds in interleaved pairs (<see cref="InterleavedRuns"/>, <c>-pairs N</c>), compared pair by
/// pair (<see cref="GateEvaluator.EvaluatePaired"/>).
/// </summary>
internal static class GateCommand
{
    public static Command Create()
    {
        var baseline = new Option<string>("--baseline", "-baseline") { Description = "The baseline: a run folder, a results.json, or a name saved with 'baseline save'", Required = true };
        var current = new Option<string>("--current", "-current") { Description = "The run to check: a run folder or results.json (default: run the baseline's scenario, transports and parameters now)" };
        var config = new Option<string>("--config", "-config") { Description = "Gate overrides (JSON: alpha, per metric and transport minimum effects; docs/CI.md)" };
        var junit = new Option<string>("--junit", "-junit") { Description = "Write JUnit XML here (Azure DevOps, GitLab, Jenkins)" };
        var chart = new Option<string>("--chart", "-chart") { Description = "Draw baseline vs current (change per metric with its 95 % interval and the margins) here: .svg, else PNG" };
        var markdown = new Option<string>("--markdown", "-markdown") { Description = "Write the Markdown summary here (it is also appended to $GITHUB_STEP_SUMMARY when set)" };
        var allowMismatch = new Option<bool>("--allow-environment-mismatch", "-allow-environment-mismatch") { Description = "Compare runs from different CPU models, kernels, .NET versions or core counts (every output flags it)" };
        var baselineBuild = new Option<string>("--baseline-build", "-baseline-build") { Description = "Build this commit (git worktree in the temp folder, cached by hash) and run it interleaved with this build, A B, B A, … ('current': this build on both sides, an A/A check)" };
        var pairs = new Option<int>("--pairs", "-pairs") { Description = $"With -baseline-build: interleaved pairs of runs (default {DefaultPairs}, 1-1000)", DefaultValueFactory = _ => DefaultPairs };
        var resultsDir = new Option<string>("--results-dir", "-results-dir") { Description = "Results root with run folders and baselines/ (default: $TRANSPORTS_RESULTS, else ./results)" };
        var command = new Command("gate", "CI performance gate: compare a run with a baseline; exit 0 pass or improvement, 1 regression, 3 inconclusive, 2 bad input");
        foreach (var o in new Option[] { baseline, current, baselineBuild, pairs, config, junit, markdown, chart, allowMismatch, resultsDir }) command.Options.Add(o);
        command.SetAction(async (parse, ct) =>
        {
            try
            {
                var store = new BaselineStore(BaselineStore.DefaultRoot(parse.GetValue(resultsDir)));
                var baselinePath = store.Resolve(parse.GetValue(baseline)!);
                var baselineDocument = Load(baselinePath);
                bool benchmarks = baselineDocument.Run.Scenario == ScenarioKinds.BenchmarkDotNetScenario;
                if (benchmarks && parse.GetValue(current) is not { Length: > 0 })
                    throw new UsageException("a BenchmarkDotNet baseline needs -current with a BenchmarkDotNet full JSON export (a report is not re-run)");
                var gateConfig = parse.GetValue(config) is { Length: > 0 } configPath ? GateConfig.Load(configPath) : GateConfig.Default;
                if (parse.GetValue(baselineBuild) is { Length: > 0 } reference)
                {
                    if (benchmarks) throw new UsageException("-baseline-build runs the harness's scenarios: for BenchmarkDotNet reports give -current");
                    if (parse.GetValue(current) is { Length: > 0 }) throw new UsageException("-baseline-build runs both builds now: it takes no -current");
                    int pairCount = parse.GetValue(pairs);
                    if (pairCount is < 1 or > 1000) throw new UsageException($"-pairs must be 1-1000, got {pairCount}");
                    var interleaved = await InterleaveAsync(baselineDocument, reference, pairCount, gateConfig, parse.GetValue(allowMismatch), ct).ConfigureAwait(false);
                    Write(interleaved, parse.GetValue(junit), parse.GetValue(markdown), parse.GetValue(chart));
                    return interleaved.ExitCode;
                }
                ResultsDocument currentDocument;
                if (parse.GetValue(current) is { Length: > 0 } currentPath)
                {
                    currentDocument = Load(store.Resolve(currentPath));
                }
                else
                {
                    var (exit, run) = await RerunAsync(baselineDocument, store.ResultsRoot, ct).ConfigureAwait(false);
                    if (run is null) return exit == HarnessCli.BadInput ? exit : Errors.Usage($"re-running the baseline's command exited {exit} without a results.json");
                    currentDocument = Load(run);
                }
                var report = GateEvaluator.Evaluate(baselineDocument, currentDocument, gateConfig, parse.GetValue(allowMismatch));
                Write(report, parse.GetValue(junit), parse.GetValue(markdown), parse.GetValue(chart));
                return report.ExitCode;
            }
            catch (Exception e) when (e is UsageException or GateRefusedException or FormatException)
            {
                return Errors.Usage(e.Message);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Errors.Usage(e.Message);
            }
        });
        return command;
    }

    /// <summary>Interleaved pairs by default: 10 pairs let the exact signed-rank test reach p = 1/1024, below α = 0.05 Holm-corrected over up to 51 comparisons.</summary>
    public const int DefaultPairs = 10;

    /// <summary>The word <c>-baseline-build</c> takes for this build on both sides (A/A).</summary>
    public const string CurrentBuild = "current";

    private static async Task<GateReport> InterleaveAsync(ResultsDocument baseline, string reference, int pairs, GateConfig config, bool allowMismatch,
        CancellationToken ct)
    {
        var args = WithoutResultsDir(baseline.Run.Arguments);
        if (args.Count == 0) throw new UsageException($"the baseline (run {baseline.Run.Id}) records no command line to run");
        // Each run is one sample: no charts or report.html (seconds of rendering per run), no live display.
        foreach (var flag in new[] { "-no-charts", "-no-progress" })
            if (!args.Contains(flag) && !args.Contains("-" + flag)) args.Add(flag);
        var runs = Path.Combine(Path.GetTempPath(), $"transports-gate-runs-{Environment.ProcessId}-{Guid.NewGuid():N}"[..48]);
        var started = Stopwatch.StartNew();
        try
        {
            var (host, leading) = HarnessLauncher.ThisHarness();
            var current = new HarnessLauncher(host, leading, args, runs);
            IRunLauncher baselineLauncher = current;
            string baselineName = "this build (A/A)";
            if (reference != CurrentBuild)
            {
                var builder = new BaselineBuild(Environment.CurrentDirectory, BaselineBuild.DotnetBuildAsync);
                var commit = await builder.ResolveAsync(reference, ct).ConfigureAwait(false);
                var dll = await builder.PrepareAsync(commit, Console.WriteLine, ct).ConfigureAwait(false);
                var (dotnet, dllArgs) = HarnessLauncher.Dll(dll);
                baselineLauncher = new HarnessLauncher(dotnet, dllArgs, args, runs);
                baselineName = commit.StartsWith(reference, StringComparison.OrdinalIgnoreCase) ? commit[..12] : $"{reference}@{commit[..12]}";
                Console.WriteLine($"gate: baseline build ready in {started.Elapsed.TotalSeconds:0} s");
                started.Restart();
            }
            Console.WriteLine($"gate: {pairs} interleaved pairs of: harness {string.Join(' ', args)}");
            var measured = await InterleavedRuns.RunAsync(pairs, baselineLauncher, current, Console.WriteLine, ct).ConfigureAwait(false);
            Console.WriteLine($"gate: {2 * pairs} runs in {started.Elapsed.TotalSeconds:0} s");
            return GateEvaluator.EvaluatePaired(measured, config, allowMismatch, $"{baselineName}, {pairs} runs", $"this build, {pairs} runs");
        }
        finally
        {
            if (Directory.Exists(runs)) Directory.Delete(runs, recursive: true);
        }
    }

    /// <summary>A run's results.json, or a BenchmarkDotNet full JSON report read as a run (<see cref="BenchmarkDotNetReport"/>).</summary>
    private static ResultsDocument Load(string path)
    {
        try
        {
            return BenchmarkDotNetReport.Is(path) ? BenchmarkDotNetReport.Load(path) : ResultsJson.Load(path);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            throw new UsageException($"{path}: {e.Message}");
        }
    }

    private static void Write(GateReport report, string? junitPath, string? markdownPath, string? chartPath)
    {
        if (!string.IsNullOrEmpty(chartPath) && !GateChart.Write(report, chartPath)) Console.WriteLine("gate: no comparison to chart");
        GateConsoleView.Write(AnsiConsole.Console, report);
        var markdown = GateMarkdown.Render(report);
        if (!string.IsNullOrEmpty(markdownPath)) AtomicFile.WriteAllText(markdownPath, markdown);
        if (Environment.GetEnvironmentVariable("GITHUB_STEP_SUMMARY") is { Length: > 0 } summary) File.AppendAllText(summary, markdown + "\n");
        if (!string.IsNullOrEmpty(junitPath)) AtomicFile.WriteAllText(junitPath, GateJUnit.ToText(report));
        if (Environment.GetEnvironmentVariable("GITHUB_ACTIONS") == "true")
            foreach (var line in GateAnnotations.Render(report)) Console.WriteLine(line);
    }

    /// <summary>
    /// Runs the baseline's recorded command line again in a child harness (its results into <paramref name="resultsRoot"/>)
    /// and returns its exit code and the run folder it wrote (null when none).
    /// </summary>
    private static async Task<(int Exit, string? Run)> RerunAsync(ResultsDocument baseline, string resultsRoot, CancellationToken ct)
    {
        var args = WithoutResultsDir(baseline.Run.Arguments);
        if (args.Count == 0) throw new UsageException($"the baseline (run {baseline.Run.Id}) records no command line to run again; give -current");
        var entry = typeof(Program).Assembly.Location;
        var host = Environment.ProcessPath ?? "dotnet";
        var psi = new ProcessStartInfo(host) { UseShellExecute = false };
        if (!Path.GetFileNameWithoutExtension(host).Equals("harness", StringComparison.Ordinal)) psi.ArgumentList.Add(entry);
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.ArgumentList.Add("-results-dir");
        psi.ArgumentList.Add(resultsRoot);
        Console.WriteLine($"gate: running the baseline's command again: harness {string.Join(' ', args)}");
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        using var child = Process.Start(psi) ?? throw new UsageException("could not start the harness again");
        try
        {
            await child.WaitForExitAsync(ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C reached the child too (same process group); give it the time it needs to write its results.
            await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            throw;
        }
        var latest = new BaselineStore(resultsRoot).LatestRun();
        if (latest is null) return (child.ExitCode, null);
        var document = ResultsJson.Load(latest);
        return (child.ExitCode, document.Run.StartedUtc >= started ? latest : null);
    }

    private static List<string> WithoutResultsDir(IReadOnlyList<string> arguments)
    {
        var args = new List<string>();
        for (int i = 0; i < arguments.Count; i++)
        {
            var a = arguments[i];
            if (a is "-results-dir" or "--results-dir") { i++; continue; }
            if (a.StartsWith("--results-dir=", StringComparison.Ordinal) || a.StartsWith("-results-dir=", StringComparison.Ordinal)) continue;
            args.Add(a);
        }
        return args;
    }
}
