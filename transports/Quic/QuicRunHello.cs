using Transports.Abstractions;
using Transports.Abstractions.Membership;

namespace Transports.Quic;

/// <summary>
/// Where a QUIC client proves it belongs to the run: the 24-byte <see cref="RunHello"/> follows the stream preface on
/// the connection's first stream (<c>quic</c>), or is the whole content of a first stream opened only for it
/// (<c>quic-dgram</c>). Everything later on that connection is covered by QUIC's own encryption and integrity, so one
/// hello per connection is enough.
/// </summary>
internal static class QuicRunHello
{
    /// <summary>Reads exactly <see cref="RunHello.Length"/> bytes from <paramref name="stream"/> (fewer if it ends first) and judges them.</summary>
    /// <param name="stream">The stream, positioned after its preface.</param>
    /// <param name="membership">This run.</param>
    /// <param name="cancellationToken">The hello deadline.</param>
    /// <exception cref="TransportException">The stream failed.</exception>
    public static ValueTask<MembershipVerdict> ReadAsync(ITransportConnection stream, RunMembership membership, CancellationToken cancellationToken)
        => membership.ReadAndCheckAsync(async (buffer, ct) =>
        {
            while (true) // an empty receive is not the stream's end; the hello deadline bounds the wait
            {
                var r = await stream.ReceiveAsync(buffer, ct).ConfigureAwait(false);
                if (r.IsCompleted) return 0;
                if (r.Count > 0) return r.Count;
            }
        }, cancellationToken);

    /// <summary>
    /// The server side of a stream connection's admission: reads the hello on the already wrapped connection and hands
    /// it out for a member; any other peer's connection is disposed (and its verdict returned). A failure while reading
    /// disposes it too and is rethrown (the admission records the peer as not a run hello).
    /// </summary>
    /// <param name="wrapped">The accepted connection, its preface read.</param>
    /// <param name="membership">This run.</param>
    /// <param name="cancellationToken">The hello deadline.</param>
    public static async ValueTask<Admission<ITransportConnection>> AdmitAsync(ITransportConnection wrapped, RunMembership membership, CancellationToken cancellationToken)
    {
        MembershipVerdict verdict;
        try
        {
            verdict = await ReadAsync(wrapped, membership, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await wrapped.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        if (verdict == MembershipVerdict.Member) return new(verdict, wrapped);
        await wrapped.DisposeAsync().ConfigureAwait(false);
        return new(verdict, null);
    }
}
