using Transports.Abstractions.Tls;

namespace Transports.Scenarios.Connect;

/// <summary>
/// How one connect ended. Times are Stopwatch ticks on the client's monotonic clock.
/// </summary>
/// <param name="Index">The connect's index (warm-up ones negative).</param>
/// <param name="StartTicks">When it started: the intended start in open loop (coordinated-omission correction), the actual one in closed loop.</param>
/// <param name="ActualStartTicks">When the transport's connect was called.</param>
/// <param name="ConnectedTicks">When the transport's connect returned; 0 when it failed first.</param>
/// <param name="FirstResponseByteTicks">When the response's first byte arrived; 0 when none did.</param>
/// <param name="EndTicks">When the connect ended (closed, or failed).</param>
/// <param name="Tls">What the TLS handshake negotiated, when the connection tells (<see cref="ISecureConnection"/>); null otherwise.</param>
/// <param name="FailureKind">Null for a completed connect; else the kind it is counted under.</param>
/// <param name="FailureMessage">The failure, one line; null for a completed connect.</param>
public sealed record ConnectOutcome(
    long Index,
    long StartTicks,
    long ActualStartTicks,
    long ConnectedTicks,
    long FirstResponseByteTicks,
    long EndTicks,
    TlsSessionInfo? Tls,
    string? FailureKind,
    string? FailureMessage)
{
    /// <summary>True when the connect completed: connected, response verified, closed.</summary>
    public bool Completed => FailureKind is null;
}
