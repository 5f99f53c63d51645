namespace Transports.Results;

/// <summary>
/// A connection a transport's server refused during the run because it did not prove it belongs to the run (no or a
/// wrong run hello, token header or metadata): reported, never measured (docs/METHODOLOGY.md, "Only our own peer is
/// measured").
/// </summary>
public sealed record RefusedPeerRecord
{
    /// <summary>Transport name (tcp, udp, ws, grpc, quic, quic-dgram).</summary>
    public required string Transport { get; init; }

    /// <summary>The peer's address and port ("127.0.0.1:40112"); null when the transport could not tell.</summary>
    public string? Remote { get; init; }

    /// <summary>Why: notAHello, unsupportedVersion, wrongToken or timeout.</summary>
    public required string Verdict { get; init; }

    /// <summary>When it was refused (UTC).</summary>
    public DateTimeOffset AtUtc { get; init; }
}
