namespace Transports.Abstractions;

/// <summary>
/// Optional extension of a connection whose transport has <see cref="TransportFeatures.MultiplexedStreams"/>:
/// more streams can be opened on the same underlying connection (QUIC streams, HTTP/2 streams). Each stream is
/// itself an <see cref="ITransportConnection"/>, independent of the others (no head-of-line blocking between them).
/// </summary>
public interface IMultiplexedTransportConnection : ITransportConnection
{
    /// <summary>Opens another bidirectional stream on the same connection.</summary>
    /// <param name="cancellationToken">Cancels the open (e.g. while waiting for stream credit).</param>
    /// <exception cref="TransportException">The connection failed.</exception>
    ValueTask<ITransportConnection> OpenStreamAsync(CancellationToken cancellationToken = default);

    /// <summary>Accepts the next stream the peer opened on this connection.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="TransportException">The connection failed.</exception>
    ValueTask<ITransportConnection> AcceptStreamAsync(CancellationToken cancellationToken = default);
}
