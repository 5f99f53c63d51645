using Transports.Abstractions;
using Transports.Abstractions.Membership;

namespace Transports.Quic.Quinn;

/// <summary>
/// The run hello of a <c>quic-dgram</c> connection (see <see cref="QuicRunHello"/>): a bidirectional stream the client
/// opens first and that carries only the stream preface and the 24-byte hello, then FIN.
/// </summary>
internal static class QuinnHelloStream
{
    private static readonly TransportCapabilities StreamCapabilities =
        new(TransportFeatures.Reliable | TransportFeatures.Ordered | TransportFeatures.OrderlyClose, null);

    /// <summary>Client: sends the hello on a new stream and waits until the server acknowledged it.</summary>
    /// <exception cref="TransportException">The stream could not be opened or written.</exception>
    public static async ValueTask SendAsync(ConnectionHandle connection, ReadOnlyMemory<byte> hello, CancellationToken ct)
    {
        await using var stream = await StreamAsync(connection, StartOpen, "quic-dgram open hello stream", ct).ConfigureAwait(false);
        await stream.WritePrefaceAsync(ct).ConfigureAwait(false);
        await stream.SendAsync(hello, ct).ConfigureAwait(false);
        await stream.CompleteSendAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Server: accepts the client's first stream and judges its hello (and that nothing follows it before FIN).</summary>
    /// <exception cref="TransportException">The stream failed or began with another preface.</exception>
    public static async ValueTask<MembershipVerdict> ReadAsync(ConnectionHandle connection, RunMembership membership, CancellationToken ct)
    {
        await using var stream = await StreamAsync(connection, StartAccept, "quic-dgram accept hello stream", ct).ConfigureAwait(false);
        await stream.ReadPrefaceAsync(ct).ConfigureAwait(false);
        var verdict = await QuicRunHello.ReadAsync(stream, membership, ct).ConfigureAwait(false);
        if (verdict != MembershipVerdict.Member) return verdict;
        // Read up to the FIN before the stream is dropped: dropping it earlier sends STOP_SENDING, which fails the
        // client's finish while it waits for the FIN's acknowledgement. Anything after the hello is not a hello.
        var after = await stream.ReceiveAsync(new byte[1], ct).ConfigureAwait(false);
        return after.IsCompleted ? verdict : MembershipVerdict.NotAHello;
    }

    private static async Task<QuinnStream> StreamAsync(ConnectionHandle connection, Func<ConnectionHandle, NativeOperation, int> start, string context, CancellationToken ct)
    {
        long handle = await NativeCalls.RunAsync(connection, start, context, static h => new StreamHandle(h).Dispose(), ct).ConfigureAwait(false);
        return new QuinnStream(new StreamHandle(handle), connection, abortClosesConnection: false, StreamCapabilities);
    }

    private static unsafe int StartOpen(ConnectionHandle c, NativeOperation op) => QuinnNative.tq_conn_open_bi(c, NativeOperation.Callback, op.State);

    private static unsafe int StartAccept(ConnectionHandle c, NativeOperation op) => QuinnNative.tq_conn_accept_bi(c, NativeOperation.Callback, op.State);
}
