namespace Transports.Abstractions;

/// <summary>
/// Optional on an <see cref="ITransportConnection"/> with <see cref="TransportFeatures.MessageBoundaries"/>: sends many
/// datagrams in one call, so a transport can hand them to the kernel together (UDP: sendmmsg(2), <c>UDP_SEGMENT</c>).
/// Each datagram is still one message for the receiver, exactly as if sent by its own
/// <see cref="ITransportConnection.SendAsync"/>.
/// </summary>
public interface IDatagramBatchSender
{
    /// <summary>
    /// Sends the datagrams laid back to back in <paramref name="datagrams"/>: each is <paramref name="datagramBytes"/>
    /// long except the last, which may be shorter. Completes when all were handed to the transport.
    /// </summary>
    /// <param name="datagrams">The datagrams; the caller may reuse the memory once the task completes.</param>
    /// <param name="datagramBytes">Bytes per datagram, at most <see cref="TransportCapabilities.MaxMessageSizeBytes"/>.</param>
    /// <param name="cancellationToken">Cancels the send; the connection is then unusable.</param>
    /// <exception cref="MessageTooLargeException"><paramref name="datagramBytes"/> exceeds the maximum message size.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="datagramBytes"/> is below 1.</exception>
    /// <exception cref="TransportException">The connection failed.</exception>
    ValueTask SendBatchAsync(ReadOnlyMemory<byte> datagrams, int datagramBytes, CancellationToken cancellationToken = default);
}
