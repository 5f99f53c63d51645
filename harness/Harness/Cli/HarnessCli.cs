using System.CommandLine;
using System.Net;
using Transports.Abstractions;
using Transports.Harness.Anchors;
using Transports.Harness.Catalog;
using Transports.Harness.Running;
using Transports.Scenarios.Core;

namespace Transports.Harness.Cli;

/// <summary>
/// The command line (System.CommandLine). Every option has a GNU-style name (<c>--scenario</c>) and a
/// PowerShell-style alias (<c>-scenario</c>), so <c>run.ps1 -scenario bigfile</c> and <c>run.sh --scenario bigfile</c>
/// mean the same. Scenario and transport options are generated from their <see cref="OptionSpec"/>s.
/// </summary>
public sealed class HarnessCli
{
    /// <summary>Exit code for bad input (unknown names, invalid values, unreadable input file).</summary>
    public const int BadInput = 2;

    private readonly Option<string> _scenario = Opt<string>("scenario", $"Scenario to run: {ScenarioCatalog.Names}", "bigfile");
    private readonly Option<string> _transports = Opt<string>("transports", $"Comma-separated transports to run, in order: {TransportCatalog.Names}", "all");
    private readonly Option<int> _repeat = Opt<int>("repeat", "Measured repeats per transport; results report the median and spread", "1");
    private readonly Option<int> _warmup = Opt<int>("warmup", "Warm-up runs per transport before measuring (excluded from results)", "1");
    private readonly Option<double> _timeout = Opt<double>("timeout", "Longest one run of one transport may take, in seconds, before it is stopped and marked failed", "600");
    private readonly Option<double> _stallTimeout = Opt<double>("stall-timeout", "Seconds without progress after which a transport is stopped and marked failed", "15");
    private readonly Option<string> _address = Opt<string>("address", "IP address servers listen on (loopback by default)", "127.0.0.1");
    private readonly Option<int> _port = Opt<int>("port", "Port servers listen on; 0 picks a free port", "0");
    private readonly Option<string> _resultsDir = Opt<string>("results-dir", "Folder that receives the run folders (default: $TRANSPORTS_RESULTS, else ./results)", "");
    private readonly Option<bool> _noProgress = Opt<bool>("no-progress", "Plain log lines instead of the live progress display", "false");
    private readonly Option<bool> _noCharts = Opt<bool>("no-charts", "Do not render charts and report.html after the run", "false");
    private readonly Option<string> _anchors = Opt<string>("anchors",
        $"Reference tools to run on the same machine after the transports, for a ratio to them: none, auto (those that apply), or a list of {AnchorCatalog.Names} (iperf3: bigfile over tcp; sockperf: closed-loop pingpong over tcp and udp)", "none");
    private readonly Option<double> _anchorDuration = Opt<double>("anchor-duration", "Seconds each anchor tool runs (default: the scenario's -duration, else 10)", "");
    private readonly Dictionary<string, Option<string>> _generated = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The root command with the run action and the subcommands.</summary>
    public RootCommand Root { get; }

    /// <summary>Builds the command line.</summary>
    public HarnessCli()
    {
        Root = new RootCommand("Transports: measure network transports side by side (goodput, latency, loss, CPU, memory).\n" +
            "Every option is accepted as --name or -name (PowerShell style). Sizes take K/M/G suffixes (powers of 1024).\n" +
            "Example: harness -scenario bigfile -transports tcp,ws -size 256M");
        foreach (var o in new Option[] { _scenario, _transports, _repeat, _warmup, _timeout, _stallTimeout, _address, _port, _resultsDir, _noProgress, _noCharts, _anchors, _anchorDuration })
            Root.Options.Add(o);
        foreach (var s in ScenarioCatalog.All) AddGenerated(s.Options, $"[{s.Name}]");
        foreach (var t in TransportCatalog.All) AddGenerated(t.Options, $"[{t.Name}]");
        Root.SetAction((parse, ct) => RunCommand.ExecuteAsync(this, parse, ct));
        Root.Subcommands.Add(ListCommand.Create());
        Root.Subcommands.Add(ReportCommand.Create());
    }

    private void AddGenerated(IReadOnlyList<OptionSpec> specs, string owner)
    {
        foreach (var spec in specs)
        {
            if (_generated.TryGetValue(spec.Name, out var existing))
            {
                // Shared name: say what it means for each owner (e.g. -rate is Mbit/s in bigfile, msg/s in pingpong).
                var text = $"{Described(spec)} {owner}";
                if (!existing.Description!.Contains(Described(spec), StringComparison.Ordinal)) existing.Description += $"; {text}";
                else existing.Description = existing.Description.Replace(Described(spec), $"{Described(spec)} {owner}", StringComparison.Ordinal);
                continue;
            }
            var option = Opt<string>(spec.Name, $"{Described(spec)} {owner}", spec.DefaultValue);
            _generated[spec.Name] = option;
            Root.Options.Add(option);
        }
    }

    /// <summary>The option's description, with its unit appended when the text does not name it.</summary>
    private static string Described(OptionSpec spec)
        => spec.Unit is null || spec.Description.Contains(spec.Unit, StringComparison.Ordinal) ? spec.Description : $"{spec.Description} (unit: {spec.Unit})";

    private static Option<T> Opt<T>(string name, string description, string defaultText)
        => new($"--{name}", $"-{name}")
        {
            Description = defaultText.Length == 0 ? description : $"{description} [default: {defaultText}]",
            HelpName = typeof(T) == typeof(bool) ? null : "value",
        };

    /// <summary>Validates a parsed command line into a <see cref="RunRequest"/>.</summary>
    /// <param name="parse">The parse result.</param>
    /// <param name="arguments">The raw arguments, recorded in results.</param>
    /// <exception cref="UsageException">Unknown scenario or transport, or an invalid value.</exception>
    public RunRequest ToRequest(ParseResult parse, IReadOnlyList<string> arguments)
    {
        var scenarioName = parse.GetValue(_scenario) ?? "bigfile";
        var scenario = ScenarioCatalog.Find(scenarioName)
            ?? throw new UsageException($"unknown scenario '{scenarioName}'; valid scenarios: {ScenarioCatalog.Names}");
        var transports = ParseTransports(parse.GetValue(_transports));
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, option) in _generated)
            if (parse.GetResult(option) is not null && parse.GetValue(option) is string v) values[name] = v;
        var options = new OptionValues(values);
        // Validate transport options up front: the selected transports', and any other transport's that was given.
        foreach (var factory in TransportCatalog.All.Where(f => transports.Contains(f) || f.Options.Any(o => values.ContainsKey(o.Name))))
            factory.Create(options).DisposeAsync().AsTask().GetAwaiter().GetResult();

        int repeat = Positive(parse.GetResult(_repeat) is null ? 1 : parse.GetValue(_repeat), "repeat", 1);
        int warmup = Positive(parse.GetResult(_warmup) is null ? 1 : parse.GetValue(_warmup), "warmup", 0);
        double timeout = parse.GetResult(_timeout) is null ? 600 : parse.GetValue(_timeout);
        double stall = parse.GetResult(_stallTimeout) is null ? 15 : parse.GetValue(_stallTimeout);
        if (timeout <= 0) throw new UsageException("--timeout must be > 0 seconds");
        if (stall <= 0) throw new UsageException("--stall-timeout must be > 0 seconds");
        var addressText = parse.GetValue(_address);
        if (string.IsNullOrEmpty(addressText)) addressText = "127.0.0.1";
        if (!IPAddress.TryParse(addressText, out var address)) throw new UsageException($"--address: '{addressText}' is not an IP address");
        int port = parse.GetValue(_port);
        if (port is < 0 or > 65535) throw new UsageException($"--port: {port} is out of range [0, 65535]");
        AnchorSelection anchors;
        try
        {
            anchors = AnchorCatalog.Parse(parse.GetValue(_anchors));
        }
        catch (ArgumentException e)
        {
            throw new UsageException($"--anchors: {e.Message}");
        }
        double? anchorDuration = parse.GetResult(_anchorDuration) is null ? null : parse.GetValue(_anchorDuration);
        if (anchorDuration is <= 0 or > 3600) throw new UsageException($"--anchor-duration must be > 0 and at most 3600 seconds, not {anchorDuration}");
        var root = parse.GetValue(_resultsDir);
        if (string.IsNullOrEmpty(root)) root = Environment.GetEnvironmentVariable("TRANSPORTS_RESULTS");
        if (string.IsNullOrEmpty(root)) root = Path.Combine(Environment.CurrentDirectory, "results");
        return new RunRequest
        {
            Scenario = scenario,
            Transports = transports,
            Options = options,
            Repeats = repeat,
            Warmups = warmup,
            Timeout = TimeSpan.FromSeconds(timeout),
            StallTimeout = TimeSpan.FromSeconds(stall),
            ListenEndPoint = new IPEndPoint(address, port),
            ResultsRoot = Path.GetFullPath(root),
            LiveProgress = !parse.GetValue(_noProgress),
            RenderCharts = !parse.GetValue(_noCharts),
            Anchors = anchors,
            AnchorDurationSeconds = anchorDuration,
            Arguments = arguments,
        };
    }

    private static int Positive(int value, string name, int min)
        => value >= min ? value : throw new UsageException($"--{name} must be at least {min}");

    private static IReadOnlyList<ITransportFactory> ParseTransports(string? text)
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
}

/// <summary>Bad command-line input: printed as one line, exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message);
