namespace Transports.Results;

/// <summary>
/// The connects of one repeat of the connect scenario: how many were attempted, completed and failed (failures by kind,
/// with the first few messages), the rate, the connect-only times, and what the TLS handshakes negotiated (full or
/// resumed). Time to connect itself (connect start to the first response byte) is the repeat's <see cref="Latency"/>
/// (kind <c>time_to_connect</c>). Times in milliseconds.
/// </summary>
public sealed record ConnectSet
{
    /// <summary><c>closed</c>: a fixed number of connects outstanding, each started when one ends; <c>open</c>: started at a fixed rate.</summary>
    public string Loop { get; init; } = "";

    /// <summary>Measured connects started (warm-up excluded).</summary>
    public long Attempted { get; init; }

    /// <summary>Connects that completed: connected, the request's response verified, closed.</summary>
    public long Completed { get; init; }

    /// <summary>Connects that failed (refused, reset, timed out, wrong bytes); each counted once under its kind in <see cref="FailuresByKind"/>.</summary>
    public long Failed { get; init; }

    /// <summary>Failed connects by kind: a <c>TransportError</c> name (<c>ConnectionRefused</c>, <c>Timeout</c>, …), <c>deadline</c> (the per-connect deadline passed), <c>integrity</c> (wrong response bytes), or an exception type.</summary>
    public IReadOnlyDictionary<string, long> FailuresByKind { get; init; } = new Dictionary<string, long>();

    /// <summary>The first few failure messages, one line each, for the reader (at most 5).</summary>
    public IReadOnlyList<string> FirstErrors { get; init; } = [];

    /// <summary>Completed connects per second of the measured interval: handshakes per second (HPS, as MsQuic's secnetperf reports it).</summary>
    public double HandshakesPerSecond { get; init; }

    /// <summary>The measured interval: first measured connect start (intended, in open loop) to the last measured connect's end, ms.</summary>
    public double IntervalMs { get; init; }

    /// <summary>
    /// Connect-only time: connect start to the transport's connect call returning (handshake and run hello as far as the
    /// transport's connect waits for them), of completed connects; null when none completed.
    /// </summary>
    public Latency? ConnectOnly { get; init; }

    /// <summary>Completed connects whose connection reported a full TLS handshake (<c>ISecureConnection</c>, Resumed = false).</summary>
    public long TlsFullHandshakes { get; init; }

    /// <summary>Completed connects whose connection reported a resumed TLS handshake (Resumed = true).</summary>
    public long TlsResumedHandshakes { get; init; }

    /// <summary>Completed connects over TLS whose stack does not tell whether the handshake resumed (Resumed = null).</summary>
    public long TlsResumptionUnknown { get; init; }

    /// <summary>Completed connects whose connection reports no TLS session (plaintext, or an encrypted transport without the seam).</summary>
    public long NoTlsInfo { get; init; }

    /// <summary>What the TLS handshakes negotiated, e.g. "TLS 1.3 TLS_AES_128_GCM_SHA256 h2"; distinct values, null when none reported.</summary>
    public IReadOnlyList<string> TlsNegotiated { get; init; } = [];

    /// <summary>Connections the server side accepted during the run, warm-up connects included (its own count, from its report).</summary>
    public long ServerAccepted { get; init; }

    /// <summary>Connections the server side answered (request received whole, response sent).</summary>
    public long ServerAnswered { get; init; }
}
