using System.Net.Sockets;
using Transports.Abstractions;
using Transports.Abstractions.Membership;

namespace Transports.Udp;

/// <summary>
/// The minimal handshake that gives UDP "connections": the client sends a hello datagram until the server
/// answers with a hello-ack (or ICMP says nobody listens). Both sides then use connected sockets. Late copies of
/// hello / hello-ack (retransmitted before the answer arrived) are recognized and dropped on receive. The hello is the
/// run hello (<see cref="RunHello"/>: magic, version, this run's 128-bit token); a server answers only a hello with its
/// run's token.
/// </summary>
internal static class UdpHandshake
{
    /// <summary>Server's answer.</summary>
    public static ReadOnlySpan<byte> HelloAck => "TRANSPORTS/UDP H-ACK v1\n"u8;

    /// <summary>Handshake length in bytes (both messages have it: the run hello is <see cref="RunHello.Length"/> bytes too).</summary>
    public const int Length = RunHello.Length;

    /// <summary>Time between hello retransmissions.</summary>
    public static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Hellos sent before the connect fails with a timeout.</summary>
    public const int MaxAttempts = 15;

    /// <summary>True when <paramref name="datagram"/> is a handshake message (hello or ack).</summary>
    public static bool IsHandshake(ReadOnlySpan<byte> datagram)
        => datagram.Length == Length && (RunHello.TryGetToken(datagram, out _, out _) || datagram.SequenceEqual(HelloAck));

    /// <summary>Client side: sends hello until the ack arrives.</summary>
    /// <exception cref="TransportException">Refused (ICMP port unreachable) or no answer after all attempts.</exception>
    /// <param name="socket">A socket connected to the server.</param>
    /// <param name="hello">The run hello (<see cref="RunMembership.Hello"/>).</param>
    /// <param name="cancellationToken">Cancels the handshake.</param>
    public static async Task ConnectAsync(Socket socket, ReadOnlyMemory<byte> hello, CancellationToken cancellationToken)
    {
        var buffer = new byte[UdpTransportFactory.MaxDatagramSizeBytes];
        for (int attempt = 0; attempt < MaxAttempts; attempt++)
        {
            try
            {
                await socket.SendAsync(hello, SocketFlags.None, cancellationToken).ConfigureAwait(false);
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
