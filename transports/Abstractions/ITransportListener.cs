using System.Net;

namespace Transports.Abstractions;

/// <summary>The server side of a transport: bound to a local endpoint, it accepts connections from clients.</summary>
public interface ITransportListener : IAsyncDisposable
{
    /// <summary>The endpoint actually bound (with the real port when port 0 was asked for).</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>
    /// Connections refused so far because they did not prove they belong to this run
    /// (see <see cref="Membership.RunMembership"/>); in the order they were refused. Thread-safe snapshot.
    /// </summary>
    IReadOnlyList<Membership.RefusedPeer> Refused => [];

    /// <summary>How many connections were refused in all; more than <see cref="Refused"/> holds when a flood of
    /// strangers went past the log's capacity.</summary>
    long RefusedCount => Refused.Count;

    /// <summary>Waits for the next client connection that proved it belongs to this run; strangers are refused and
    /// recorded in <see cref="Refused"/>, and the wait goes on.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <exception cref="TransportException">The listener failed.</exception>
    ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken = default);
}
