using System.Net.Sockets;
using Transports.Abstractions;

namespace Transports.Udp;

/// <summary>
/// The minimal handshake that gives UDP "connections": the client sends a hello datagram until the server
/// answers with a hello-ack (or ICMP says nobody listens). Both sides then use connected sockets. Late copies of
/// hello / hello-ack (retransmitted before the answer arrived) are recognized and dropped on receive.
/// </summary>
internal static class UdpHandshake
{
    /// <summary>Client's hello payload.</summary>
    public static ReadOnlySpan<byte> Hello => "TRANSPORTS/UDP HELLO v1\n"u8;

    /// <summary>Server's answer.</summary>
    public static ReadOnlySpan<byte> HelloAck => "TRANSPORTS/UDP H-ACK v1\n"u8;

    /// <summary>Handshake length in bytes (both messages have it).</summary>
    public const int Length = 24;

    /// <summary>Time between hello retransmissions.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Hellos sent before the connect fails with a timeout.</summary>
    public const int MaxAttempts = 15;

    /// <summary>True when <paramref name="datagram"/> is a handshake message (hello or ack).</summary>
    public static bool IsHandshake(ReadOnlySpan<byte> datagram)
        => datagram.Length == Length && (datagram.SequenceEqual(Hello) || datagram.SequenceEqual(HelloAck));

    /// <summary>Client side: sends hello until the ack arrives.</summary>
    /// <exception cref="TransportException">Refused (ICMP port unreachable) or no answer after all attempts.</exception>
    public static async Task ConnectAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[UdpTransportFactory.MaxDatagramSizeBytes];
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            try
            {
                await socket.SendAsync(Hello.ToArray(), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(RetryInterval);
                while (true)
                {
                    int n = await socket.ReceiveAsync(buffer, SocketFlags.None, wait.Token).ConfigureAwait(false);
                    if (buffer.AsSpan(0, n).SequenceEqual(HelloAck)) return;
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // no ack within the retry interval: send hello again
            }
            catch (SocketException e)
            {
                throw SocketErrors.ToTransportException(e, $"udp connect to {socket.RemoteEndPoint}");
            }
        }
        throw new TransportException(TransportError.Timeout,
            $"udp connect to {socket.RemoteEndPoint}: no answer to {MaxAttempts} hellos in {MaxAttempts * RetryInterval.TotalSeconds:0.#} s");
    }
}
