using System.Net;

namespace Transports.Abstractions;

/// <summary>The server side of a transport: bound to a local endpoint, it accepts connections from clients.</summary>
public interface ITransportListener : IAsyncDisposable
{
    /// <summary>The endpoint actually bound (with the real port when port 0 was asked for).</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>Waits for the next client connection.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <exception cref="TransportException">The listener failed.</exception>
    ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken = default);
}
