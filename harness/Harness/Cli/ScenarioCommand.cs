using System.CommandLine;
using System.Net;
using System.Net.NetworkInformation;
using Transports.Abstractions;
using Transports.Harness.Anchors;
using Transports.Harness.Catalog;
using Transports.Harness.Running;
using Transports.Scenarios.Core;

namespace Transports.Harness.Cli;

/// <summary>
/// One scenario as a command (<c>harness bigfile …</c>): its options, the run options and every transport's options,
/// each generated from an <see cref="OptionSpec"/>, all parsed by <see cref="OptionValues"/> so every size, duration and
/// rate is read the same way and a bad value is one line naming the option and its unit.
/// </summary>
public sealed class ScenarioCommand
{
    private readonly IScenario _scenario;
    private readonly Dictionary<string, Option<string>> _options = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, OptionSpec> _specs = new(StringComparer.OrdinalIgnoreCase);
    private readonly Option<bool> _noProgress = Flag("no-progress", "Plain log lines instead of the live progress display");
    private readonly Option<bool> _noCharts = Flag("no-charts", "Do not render charts and report.html after the run");
    private readonly Option<bool> _crank = Flag("crank", "After the run, print crank's job statistics block (#StartJobStatistics … #EndJobStatistics) for a crank agent to collect");

    /// <summary>The command.</summary>
    public Command Command { get; }

    /// <summary>Builds the command of <paramref name="scenario"/>.</summary>
    /// <param name="scenario">The scenario.</param>
    public ScenarioCommand(IScenario scenario)
    {
        _scenario = scenario;
        Command = new Command(scenario.Name, $"{scenario.Description}. Sizes: 64K, 1M, 1G; durations: 3, 3s, 500ms; -name or --name.");
        Add(scenario.Options, $"[{scenario.Name}]");
        Add(RunOptions.All, "");
        Command.Options.Add(_noProgress);
        Command.Options.Add(_noCharts);
        Command.Options.Add(_crank);
        foreach (var t in TransportCatalog.All) Add(t.Options, $"[{t.Name}]");
        Command.SetAction((parse, ct) => RunCommand.ExecuteAsync(this, parse, ct));
    }

    private void Add(IReadOnlyList<OptionSpec> specs, string owner)
    {
        foreach (var spec in specs)
        {
            // tcp-tls declares tcp's very options (one -tcp-cc for both): the same spec is one option
            if (_specs.TryGetValue(spec.Name, out var declared) && ReferenceEquals(declared, spec)) continue;
            if (_options.ContainsKey(spec.Name)) throw new InvalidOperationException($"option --{spec.Name} is declared twice in the {_scenario.Name} command");
            var described = spec.Unit is null || spec.Description.Contains($"({spec.Unit}", StringComparison.Ordinal) ? spec.Description : $"{spec.Description} (unit: {spec.Unit})";
            var option = new Option<string>($"--{spec.Name}", $"-{spec.Name}")
            {
                Description = (owner.Length > 0 ? $"{described} {owner}" : described) + (spec.DefaultValue.Length > 0 ? $" [default: {spec.DefaultValue}]" : ""),
                HelpName = "value",
            };
            _options[spec.Name] = option;
            _specs[spec.Name] = spec;
            Command.Options.Add(option);
        }
    }

    private static Option<bool> Flag(string name, string description) => new($"--{name}", $"-{name}") { Description = description };

    /// <summary>Validates a parsed command line into a <see cref="RunRequest"/>.</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="arguments">The raw arguments, recorded in results.</param>
    /// <exception cref="UsageException">Unknown transport, an invalid value, an unusable results folder or address.</exception>
    /// <exception cref="OptionException">An invalid option value.</exception>
    public RunRequest ToRequest(ParseResult parse, IReadOnlyList<string> arguments)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, option) in _options)
            if (parse.GetResult(option) is not null && parse.GetValue(option) is string v) values[name] = v;
        var options = new OptionValues(values);
        var transports = ParseTransports(options.GetString(RunOptions.Transports));
        // Validate transport options up front: the selected transports', and any other transport's that was given.
        foreach (var factory in TransportCatalog.All.Where(f => transports.Contains(f) || f.Options.Any(o => values.ContainsKey(o.Name))))
            factory.Create(options).DisposeAsync().AsTask().GetAwaiter().GetResult();

        int repeat = options.GetInt32(RunOptions.Repeat, int.MinValue, 1_000_000);
        if (repeat < 1) throw new UsageException("--repeat must be at least 1");
        int warmup = options.GetInt32(RunOptions.Warmup, int.MinValue, 1_000_000);
        if (warmup < 0) throw new UsageException("--warmup must be at least 0");
        double timeout = options.GetDuration(RunOptions.Timeout, 0, 7 * 24 * 3600);
        double stall = options.GetDuration(RunOptions.StallTimeout, 0, 24 * 3600);
        if (timeout <= 0) throw new UsageException("--timeout must be > 0 seconds");
        if (stall <= 0) throw new UsageException("--stall-timeout must be > 0 seconds");
        var address = LocalAddress(options.GetString(RunOptions.Address));
        int port = options.GetInt32(RunOptions.Port, 0, 65535);
        AnchorSelection anchors;
        try
        {
            anchors = AnchorCatalog.Parse(options.GetString(RunOptions.Anchors));
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--anchors: {e.Message}");
        }
        double? anchorDuration = values.ContainsKey(RunOptions.AnchorDuration.Name) ? options.GetDuration(RunOptions.AnchorDuration, 0, 3600) : null;
        if (anchorDuration is <= 0) throw new UsageException($"--anchor-duration must be > 0 and at most 3600 seconds, not {anchorDuration}");
        Placement.PlacementRequest placement;
        try
        {
            placement = Placement.PlacementRequest.Parse(options.GetString(RunOptions.Cpus), options.GetString(RunOptions.SocketCompletions),
                Measure.Placement.ProcessPlacement.MachineCpuCount());
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }
        Remote.AgentTarget? server = null;
        if (options.GetString(RunOptions.Server) is { Length: > 0 } agentAt)
            server = new Remote.AgentTarget(Remote.AgentEndpoint.Parse(agentAt, "--server"),
                Remote.AgentEndpoint.Token(NonEmpty(options.GetString(RunOptions.Token)), NonEmpty(options.GetString(RunOptions.TokenFile))));
        else if (values.ContainsKey(RunOptions.Token.Name) || values.ContainsKey(RunOptions.TokenFile.Name))
            throw new UsageException("-token and -token-file go with -server HOST[:PORT]");
        Transports.Paths.Emulation.LinkSpec? link = null;
        if (options.GetString(RunOptions.Link) is { Length: > 0 } linkText)
        {
            if (server is not null) throw new UsageException("-link emulates the path to an agent it starts itself: use -link or -server, not both");
            try
            {
                link = Transports.Paths.Emulation.LinkSpecParser.Parse(linkText);
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message);
            }
        }
        var root = options.GetString(RunOptions.ResultsDir);
        if (string.IsNullOrEmpty(root)) root = Environment.GetEnvironmentVariable("TRANSPORTS_RESULTS");
        if (string.IsNullOrEmpty(root)) root = Path.Combine(Environment.CurrentDirectory, "results");
        return new RunRequest
        {
            Scenario = _scenario,
            Transports = transports,
            Options = options,
            Repeats = repeat,
            Warmups = warmup,
            Timeout = TimeSpan.FromSeconds(timeout),
            StallTimeout = TimeSpan.FromSeconds(stall),
            ListenEndPoint = new IPEndPoint(address, port),
            ResultsRoot = WritableFolder(root),
            LiveProgress = !parse.GetValue(_noProgress),
            RenderCharts = !parse.GetValue(_noCharts),
            CrankStatistics = parse.GetValue(_crank),
            Anchors = anchors,
            AnchorDurationSeconds = anchorDuration,
            Placement = placement,
            Arguments = Redacted(arguments),
            RawOptions = values,
            Server = server,
            Link = link,
        };
    }

    private static string? NonEmpty(string text) => text.Length > 0 ? text : null;

    /// <summary>The arguments with the value of -token replaced: results.json records the command line, never the secret.</summary>
    private static IReadOnlyList<string> Redacted(IReadOnlyList<string> arguments)
    {
        var copy = arguments.ToList();
        for (int i = 0; i < copy.Count; i++)
        {
            string a = copy[i];
            if (a is "-token" or "--token" && i + 1 < copy.Count) copy[++i] = "(redacted)";
            else if (a.StartsWith("-token=", StringComparison.Ordinal) || a.StartsWith("--token=", StringComparison.Ordinal) || a.StartsWith("-token:", StringComparison.Ordinal) || a.StartsWith("--token:", StringComparison.Ordinal))
                copy[i] = a[..(a.IndexOfAny(['=', ':']) + 1)] + "(redacted)";
        }
        return copy;
    }

    private static IReadOnlyList<ITransportFactory> ParseTransports(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Trim().Equals("all", StringComparison.OrdinalIgnoreCase)) return TransportCatalog.All;
        var list = new List<ITransportFactory>();
        foreach (var name in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var factory = TransportCatalog.Find(name)
                ?? throw new UsageException($"unknown transport '{name}'; valid transports: {TransportCatalog.Names}");
            if (!list.Contains(factory)) list.Add(factory);
        }
        return list.Count > 0 ? list : throw new UsageException($"--transports is empty; valid transports: {TransportCatalog.Names}");
    }

    /// <summary>An address servers can listen on here: a wildcard, loopback, or one assigned to an interface of this machine.</summary>
    private static IPAddress LocalAddress(string text)
    {
        if (!IPAddress.TryParse(text, out var address)) throw new UsageException($"--address: '{text}' is not an IP address");
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || IPAddress.IsLoopback(address)) return address;
        bool local = NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Any(u => u.Address.Equals(address));
        return local ? address : throw new UsageException($"--address: {address} is not an address of this machine (servers listen here; use 127.0.0.1 or one of its interfaces' addresses)");
    }

    /// <summary>The full path of <paramref name="root"/>, created if needed, after proving a file can be written there.</summary>
    private static string WritableFolder(string root)
    {
        var full = Path.GetFullPath(root);
        try
        {
            Directory.CreateDirectory(full);
            var probe = Path.Combine(full, $".write-test-{Environment.ProcessId}");
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
            return full;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--results-dir: cannot write run folders in {full}: {e.Message}");
        }
    }
}
