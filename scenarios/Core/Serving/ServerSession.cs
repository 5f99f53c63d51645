using System.Net;

namespace Transports.Scenarios.Core.Serving;

/// <summary>
/// The server side of one run, as the client role sees it: the endpoint to connect to, the server role's report, and
/// the conversion of the server's timestamps to the client's clock.
/// </summary>
public abstract class ServerSession : IAsyncDisposable
{
    /// <summary>Where the client connects.</summary>
    public abstract IPEndPoint EndPoint { get; }

    /// <summary>
    /// Completes with the server role's report when the role ends; faults with its failure
    /// (<see cref="Transports.Abstractions.TransportException"/>, <see cref="IntegrityException"/>, or the accept's).
    /// </summary>
    public abstract Task<ServerReport> Report { get; }

    /// <summary>
    /// The server's clock minus the client's, Stopwatch ticks (0 in one process), and its uncertainty (± ticks): a server
    /// timestamp <c>s</c> is the client time <c>s - ClockOffsetTicks</c>, give or take the uncertainty.
    /// </summary>
    public virtual (long OffsetTicks, long UncertaintyTicks) Clock => (0, 0);

    /// <summary>A server timestamp on the client's clock.</summary>
    /// <param name="serverTicks">Stopwatch ticks of the server's monotonic clock.</param>
    public long ToClientTicks(long serverTicks) => serverTicks - Clock.OffsetTicks;

    /// <summary>Abortive end of the server's side of the run (its connection reset); the report then faults or ends early.</summary>
    public abstract void Abort();

    /// <summary>Stops the server role if it still runs, closes its connection and listener; never throws.</summary>
    public abstract ValueTask DisposeAsync();
}
