using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Transports.Results;

/// <summary>
/// The results of one harness run: the single source every view (console table, CSV, Markdown, charts, HTML,
/// CI gate) is computed from. Serialized as <c>results.json</c>; the schema is documented in docs/RESULTS.md.
/// </summary>
public sealed record ResultsDocument
{
    /// <summary>The schema identifier written into every document.</summary>
    public const string CurrentSchema = "transports.results/v2";

    /// <summary>Schema identifier and version, <see cref="CurrentSchema"/>; readers upgrade v1 and reject other versions (<see cref="ResultsJson.Deserialize"/>).</summary>
    public string Schema { get; init; } = CurrentSchema;

    /// <summary>What was run, when, with which parameters, and whether it finished.</summary>
    public required RunInfo Run { get; init; }

    /// <summary>The machine and runtime the numbers were measured on.</summary>
    public required EnvironmentInfo Environment { get; init; }

    /// <summary>One entry per transport (and per scenario variant, e.g. message size), in run order.</summary>
    public IReadOnlyList<TransportResult> Transports { get; init; } = [];

    /// <summary>Reference tools run in the same session (<c>-anchors</c>); empty when none were asked for.</summary>
    public IReadOnlyList<AnchorResult> Anchors { get; init; } = [];
}

/// <summary>What was run and whether it finished.</summary>
public sealed record RunInfo
{
    /// <summary>Run identifier, also the folder name: <c>yyyyMMdd-HHmmss-scenario</c>.</summary>
    public required string Id { get; init; }

    /// <summary>Scenario name, e.g. <c>bigfile</c>.</summary>
    public required string Scenario { get; init; }

    /// <summary>When the run started (UTC).</summary>
    public required DateTimeOffset StartedUtc { get; init; }

    /// <summary>When the run finished (UTC); null while it runs or when it was interrupted.</summary>
    public DateTimeOffset? FinishedUtc { get; init; }

    /// <summary>
    /// False while running and when the run was interrupted (Ctrl-C, crash) or a transport failed: some
    /// results are then missing or partial.
    /// </summary>
    public bool Complete { get; init; }

    /// <summary>Why the run is incomplete (e.g. "interrupted by Ctrl-C"); null when complete.</summary>
    public string? IncompleteReason { get; init; }

    /// <summary>The harness command line, as typed (arguments only).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>
    /// The scenario's settings in force, as typed JSON (e.g. <c>"size_bytes": 1073741824</c>, <c>"rate_mbit_per_s": 1000</c>,
    /// <c>"sink": "file"</c>): numbers as numbers, flags as booleans, lists as arrays.
    /// </summary>
    public JsonObject Parameters { get; init; } = [];

    /// <summary>Version of the harness that wrote the document.</summary>
    public string HarnessVersion { get; init; } = "";

    /// <summary>Two-host runs (<c>-server</c>): the agent that ran the server side and the path to it; null when client and
    /// server shared this process (absent in documents written before two-host runs).</summary>
    public RemoteInfo? Remote { get; init; }

    /// <summary>The emulated link the run crossed (<c>-link</c>); null on loopback or a real path.</summary>
    public LinkInfo? Link { get; init; }
}

/// <summary>The machine and runtime a run was measured on.</summary>
public sealed record EnvironmentInfo
{
    /// <summary>Operating system description, e.g. "Debian GNU/Linux 12 (bookworm)".</summary>
    public string Os { get; init; } = "";

    /// <summary>Kernel release, e.g. "6.1.0-18-amd64".</summary>
    public string Kernel { get; init; } = "";

    /// <summary>CPU model name.</summary>
    public string CpuModel { get; init; } = "";

    /// <summary>Logical processors available to the process.</summary>
    public int LogicalCores { get; init; }

    /// <summary>Physical memory in bytes.</summary>
    public long MemoryBytes { get; init; }

    /// <summary>.NET runtime version, e.g. "10.0.12".</summary>
    public string DotnetVersion { get; init; } = "";

    /// <summary>GC mode: "workstation" or "server", with "concurrent" when background GC is on.</summary>
    public string GcMode { get; init; } = "";

    /// <summary>Host name.</summary>
    public string MachineName { get; init; } = "";

    /// <summary>MTU of the interface used, in bytes (loopback for local runs).</summary>
    public int? MtuBytes { get; init; }

    /// <summary>Relevant kernel network settings (e.g. <c>net.core.rmem_max</c>), as text.</summary>
    public IReadOnlyDictionary<string, string> NetworkSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// CPUs the harness (and every anchor tool it started, which inherit it) could run on, as a Linux cpu list
    /// ("0", "0-1"); null when unknown (runs written before this field). Set with <c>-cpus</c>.
    /// </summary>
    public string? CpuAffinity { get; init; }

    /// <summary>
    /// How .NET dispatched socket completions: "thread-pool" (the default every .NET API sees) or "inline" (on the
    /// socket engine's epoll thread; <c>-socket-completions inline</c>); null when unknown (older runs).
    /// </summary>
    public string? SocketCompletions { get; init; }
}

/// <summary>Outcome of one transport in a run.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TransportStatus>))]
public enum TransportStatus
{
    /// <summary>Ran to the end; numbers are valid.</summary>
    Ok,
    /// <summary>Failed; see <see cref="TransportResult.Error"/>. Numbers, if any, are partial.</summary>
    Failed,
    /// <summary>Not run: the transport is unavailable here (e.g. a missing native library); see <see cref="TransportResult.Error"/>.</summary>
    Skipped,
    /// <summary>
    /// Not run: this scenario variant does not fit the transport's capabilities (e.g. a 4096 B message over a transport
    /// whose messages hold at most 1472 B). Not a failure: the combination has no number to measure.
    /// </summary>
    NotApplicable,
    /// <summary>Cut short by the user (Ctrl-C) or a run-wide timeout; numbers are partial.</summary>
    Incomplete,
}

/// <summary>The result of one transport (one scenario variant) in a run.</summary>
public sealed record TransportResult
{
    /// <summary>Transport name, e.g. <c>tcp</c>.</summary>
    public required string Transport { get; init; }

    /// <summary>
    /// Label that tells variants of the same transport apart (e.g. "64 B" for a message-size sweep); equals
    /// <see cref="Transport"/> when there are no variants.
    /// </summary>
    public required string Label { get; init; }

    /// <summary>The scenario variant's parameters as typed JSON (e.g. <c>"message_size_bytes": 64</c>); empty without variants.</summary>
    public JsonObject Parameters { get; init; } = [];

    /// <summary>Outcome.</summary>
    public TransportStatus Status { get; init; }

    /// <summary>One-line error (failed) or reason (skipped); null when ok.</summary>
    public string? Error { get; init; }

    /// <summary>Declared features, lowercase names (e.g. "reliable", "ordered").</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    /// <summary>Max message size in bytes; null for byte streams.</summary>
    public int? MaxMessageSizeBytes { get; init; }

    /// <summary>The transport's effective settings (buffer sizes, flags, backend, versions).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// What the TLS handshake negotiated (version, cipher suite, ALPN) for an encrypted transport; null for plaintext
    /// transports, when no connection was made, and in documents written before it (an optional field: still v2).
    /// </summary>
    public TlsRecord? Tls { get; init; }

    /// <summary>Every measured repeat, warm-up excluded, in run order.</summary>
    public IReadOnlyList<Measurement> Repeats { get; init; } = [];

    /// <summary>Median and spread of every catalog metric over <see cref="Repeats"/>, by metric id; null when nothing was measured.</summary>
    public Summary? Summary { get; init; }

    /// <summary>
    /// Connections the transport's servers refused during this result's runs (warm-ups included) because they did not
    /// belong to the run; at most 100 kept per listener (see <see cref="RefusedPeerCount"/>). Empty in files written
    /// before membership checks (schema v2 readers see an empty list).
    /// </summary>
    public IReadOnlyList<RefusedPeerRecord> RefusedPeers { get; init; } = [];

    /// <summary>All refusals, including those beyond the ones kept in <see cref="RefusedPeers"/>.</summary>
    public long RefusedPeerCount { get; init; }

    /// <summary>What this transport's runs put through the emulated link (<c>-link</c>), per direction; null without a link.</summary>
    public LinkTraffic? Link { get; init; }
}
