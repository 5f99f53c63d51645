using Transports.Abstractions;
using Transports.Results;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// bigfile: streams one file over a transport and measures goodput, time to first byte, CPU and memory cost.
/// Reliable transports must deliver it intact (XXH128 or SHA-256 end to end); unreliable datagram transports send it paced,
/// with a sequence number and timestamp per datagram, and report what arrived (loss, duplicates, reordering, jitter).
/// </summary>
public sealed class BigFileScenario : Scenario<BigFileSettings, SingleVariant>
{
    /// <summary>Default pacing rate for unreliable transports, Mbit/s of payload: udp and quic-dgram deliver the whole file on a 2-core loopback (docs/METHODOLOGY.md).</summary>
    public const double DefaultRateMbitPerSecond = 1000;

    /// <summary><c>--size</c>: test file size.</summary>
    public static readonly OptionSpec Size = new("size", "Size of the generated test file in bytes (K/M/G suffixes: powers of 1024); ignored with -file", "1G", "bytes");

    /// <summary><c>--file</c>: a real file to stream instead of the test file.</summary>
    public static readonly OptionSpec File = new("file", "Stream this file instead of the generated test file (any size, 0 bytes included)", "");

    /// <summary><c>--sink</c>: where the receiver puts the bytes.</summary>
    public static readonly OptionSpec Sink = new("sink", "Receiver output: 'file' (written, hashed after the transfer, deleted) or 'null' (discarded, hashed inline)", "file");

    /// <summary><c>--sink-dir</c>: folder for received files.</summary>
    public static readonly OptionSpec SinkDir = new("sink-dir", "Folder for received files (default: /dev/shm when it has room, else the system temp folder)", "");

    /// <summary><c>--rate</c>: pacing rate for unreliable transports.</summary>
    public static readonly OptionSpec Rate = new("rate", "Send rate for unreliable (datagram) transports in Mbit/s of payload; 0 = unpaced", DefaultRateMbitPerSecond.ToString("0"), "Mbit/s");

    /// <summary><c>--chunk-size</c>: bytes per send on reliable transports.</summary>
    public static readonly OptionSpec Chunk = new("chunk-size", "Bytes per send on reliable transports (capped by the transport's max message size)", "1M", "bytes");

    /// <summary><c>--direction</c>: which side sends.</summary>
    public static readonly OptionSpec Direction = new("direction", "Who sends the file: 'upload' (client to server) or 'download' (server to client)", "upload");

    /// <summary><c>--integrity</c>: the end-to-end digest.</summary>
    public static readonly OptionSpec Integrity = new("integrity",
        "End-to-end digest: 'auto' (XXH128 for the generated test file, off the hot path; SHA-256 for -file, comparable with sha256sum), 'xxh128' or 'sha256'", "auto");

    /// <summary><c>--warmup-size</c>: bytes moved by each warm-up run.</summary>
    public static readonly OptionSpec WarmupSize = new("warmup-size", "Bytes moved by each warm-up run before measuring (capped by the file size)", "64M", "bytes");

    /// <summary>Most parallel connections <c>-connections</c> accepts (iperf3 -P allows 128; more than 64 flows on this harness's 2-core loopback measure the scheduler).</summary>
    public const int MaxConnections = 64;

    /// <summary><c>--connections</c>: parallel connections, each carrying a copy of the file.</summary>
    public static readonly OptionSpec Connections = new("connections",
        $"Parallel connections of the transport on the same path, 1-{MaxConnections}; each carries its own copy of the file, verified on its own (aggregate and per-flow goodput, Jain's fairness index)", "1", "connections");

    /// <inheritdoc />
    public override string Name => "bigfile";

    /// <inheritdoc />
    public override string Description => "Stream one large file per transport; goodput, time to first byte, CPU and memory cost, every byte verified (XXH128 for the generated file, SHA-256 for -file)";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options { get; } = [Size, File, Sink, SinkDir, Rate, Chunk, Direction, Integrity, WarmupSize, Connections];

    /// <inheritdoc />
    public override BigFileSettings Parse(OptionValues options) => new()
    {
        File = options.GetString(File),
        SizeBytes = options.GetInt64(Size, 0, 1L << 40),
        Sink = options.GetChoice(Sink, "file", "null") == "null" ? BigFileSink.Null : BigFileSink.File,
        SinkDir = options.GetString(SinkDir),
        RateMbitPerSecond = options.GetDouble(Rate, 0, 1_000_000),
        ChunkSizeBytes = options.GetInt32(Chunk, 1, 64 << 20),
        Direction = options.GetChoice(Direction, "upload", "download") == "download" ? TransferDirection.Download : TransferDirection.Upload,
        WarmupSizeBytes = options.GetInt64(WarmupSize, 0, 1L << 40),
        Connections = options.GetInt32(Connections, 1, MaxConnections),
        RequestedIntegrity = options.GetChoice(Integrity, "auto", "xxh128", "sha256") switch
        {
            "xxh128" => IntegrityMethod.Xxh128,
            "sha256" => IntegrityMethod.Sha256,
            _ => null,
        },
    };

    /// <inheritdoc />
    protected override async Task<BigFileSettings> PrepareAsync(BigFileSettings settings, CancellationToken cancellationToken)
    {
        // A run killed with SIGKILL leaves its received file in /dev/shm and a half-written test file: clean them first.
        foreach (var folder in new[] { TestFileCache.Directory, settings.SinkDir.Length > 0 ? settings.SinkDir : BigFileInputs.DefaultSinkDirectory(0), Path.GetTempPath() }.Distinct())
            LeftoverFiles.Clean(folder);
        var input = settings.File.Length > 0
            ? await BigFileInputs.ReadUserFileAsync(settings.File, settings.RequestedIntegrity ?? IntegrityMethod.Sha256, cancellationToken).ConfigureAwait(false)
            : await BigFileInputs.TestFileAsync(settings.SizeBytes, settings.RequestedIntegrity ?? IntegrityMethod.Xxh128, cancellationToken).ConfigureAwait(false);
        return settings with
        {
            File = input.Path,
            FileGenerated = input.IsGenerated,
            SizeBytes = input.LengthBytes,
            Hash = input.HashHex,
            HashMethod = input.Method,
            SinkDir = settings.Sink == BigFileSink.Null ? "" : settings.SinkDir.Length > 0 ? settings.SinkDir : BigFileInputs.DefaultSinkDirectory(input.LengthBytes * settings.Connections),
            WarmupSizeBytes = Math.Min(settings.WarmupSizeBytes, input.LengthBytes),
        };
    }

    /// <summary>
    /// Completes the client's settings for serving on this host (<see cref="IScenario.PrepareServerAsync"/>). Download:
    /// the input here, checked against the client's length and digest (the generated test file is made here; a user's
    /// <c>-file</c> must be at the same path). Upload: this host's sink folder.
    /// </summary>
    /// <exception cref="ScenarioSetupException">Download: this host's input is missing or differs from the client's.</exception>
    protected override Task<BigFileSettings> PrepareServerAsync(BigFileSettings settings, CancellationToken cancellationToken)
        => ServingHost.PrepareAsync(settings, cancellationToken);

    /// <inheritdoc />
    public override IReadOnlyList<SingleVariant> Variants(BigFileSettings settings) => [SingleVariant.Instance];

    /// <inheritdoc />
    public override string? WhyNotApplicable(TransportCapabilities capabilities, BigFileSettings settings, SingleVariant variant)
    {
        if (capabilities.IsReliable && !capabilities.HasOrderlyClose)
            return "a reliable transport without orderly close cannot mark the end of the file";
        if (!capabilities.IsReliable && !capabilities.HasMessageBoundaries)
            return "an unreliable byte stream cannot carry sequence-numbered datagrams";
        if (settings.Connections > 1 && !capabilities.IsReliable)
            return "-connections > 1 runs reliable streams only: parallel paced datagram flows would split -rate among them and count loss per flow, which is not built";
        return null;
    }

    /// <inheritdoc />
    protected override Task<Measurement> RunAsync(ScenarioContext context, BigFileSettings settings, SingleVariant variant, CancellationToken cancellationToken)
        => Cancellation.ReportAsCancellation(BigFileClient.RunAsync(this, context, settings, cancellationToken), cancellationToken);

    /// <summary>
    /// The server role: download, sends the input; upload, receives into its sink, verifies what arrived and reports
    /// it (<see cref="BigFileServer"/>).
    /// </summary>
    protected override Task<ServerReport> ServeAsync(ServerRoleContext context, BigFileSettings settings, SingleVariant variant, CancellationToken cancellationToken)
        => BigFileServer.ServeAsync(context, settings, cancellationToken);
}
