using System.Text.Json.Serialization;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// bigfile's settings: the parsed options, completed by preparation with the input file (path, size, SHA-256).
/// Recorded in results.json as <c>run.parameters</c>.
/// </summary>
public sealed record BigFileSettings : Core.ScenarioSettings
{
    /// <summary>Absolute path of the streamed file; empty until prepared when the test file is generated.</summary>
    public string File { get; init; } = "";

    /// <summary>True for the cached deterministic test file, false for a user's file (<c>-file</c>).</summary>
    public bool FileGenerated { get; init; }

    /// <summary>File size in bytes (<c>-size</c> for the generated file; the real length once prepared).</summary>
    public long SizeBytes { get; init; }

    /// <summary><c>-integrity</c>: the digest asked for; null = auto (XXH128 for the generated file, SHA-256 for <c>-file</c>).</summary>
    [JsonIgnore]
    public IntegrityMethod? RequestedIntegrity { get; init; }

    /// <summary>How the receiver verifies the bytes (resolved when prepared): "xxh128" or "sha256".</summary>
    public IntegrityMethod HashMethod { get; init; }

    /// <summary>Lowercase hex digest of the file by <see cref="HashMethod"/>; empty until prepared.</summary>
    public string Hash { get; init; } = "";

    /// <summary>Where the receiver puts the bytes.</summary>
    public BigFileSink Sink { get; init; } = BigFileSink.File;

    /// <summary>Folder for received files (<see cref="BigFileSink.File"/>); empty for the null sink.</summary>
    public string SinkDir { get; init; } = "";

    /// <summary>Who sends the file.</summary>
    public TransferDirection Direction { get; init; } = TransferDirection.Upload;

    /// <summary>Bytes per send on reliable transports (capped by the transport's max message size).</summary>
    public int ChunkSizeBytes { get; init; }

    /// <summary>Pacing rate for unreliable transports, Mbit/s (10^6 bit/s) of payload; 0 = unpaced.</summary>
    [JsonPropertyName("rate_mbit_per_s")]
    public double RateMbitPerSecond { get; init; }

    /// <summary>
    /// <c>-connections</c>: parallel connections of the same transport on the same path, each carrying its own copy of the
    /// file (1: the single-connection transfer; N ≥ 2: <see cref="ParallelTransfer"/>, per-flow goodput and fairness).
    /// </summary>
    public int Connections { get; init; } = 1;

    /// <summary>Bytes moved by each warm-up run (capped by the file size once prepared).</summary>
    public long WarmupSizeBytes { get; init; }

    /// <summary>The pacing rate in bit/s; 0 = unpaced.</summary>
    [JsonIgnore]
    public double RateBitsPerSecond => RateMbitPerSecond * 1e6;

    /// <summary>The prepared input file.</summary>
    [JsonIgnore]
    public BigFileInput Input => new(File, SizeBytes, Hash, HashMethod, FileGenerated);
}

/// <summary>Where the bigfile receiver puts the bytes.</summary>
public enum BigFileSink
{
    /// <summary>Written to a file (in /dev/shm when it fits), hashed after the transfer, deleted.</summary>
    File,
    /// <summary>Discarded, hashed inline.</summary>
    Null,
}

/// <summary>Which side of the connection sends the file.</summary>
public enum TransferDirection
{
    /// <summary>Client to server.</summary>
    Upload,
    /// <summary>Server to client.</summary>
    Download,
}
