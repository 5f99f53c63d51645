using System.Net;
using System.Net.Sockets;
using Transports.Abstractions;
using Transports.Abstractions.Membership;

namespace Transports.Tcp;

/// <summary>
/// The listener of tcp and tcp-tls: accepts on a bound, listening socket and hands out only the run's members, each
/// judged by <c>admit</c> (its hello read and checked, after TLS for tcp-tls) under <see cref="MemberAdmission{TRaw,TMember}"/>'s
/// deadline; strangers are refused and logged, never handed out.
/// </summary>
internal sealed class TcpMemberListener : ITransportListener
{
    private readonly Socket _socket;
    private readonly MemberAdmission<Socket, ITransportConnection> _admission;

    /// <summary>Listens on <paramref name="socket"/> (owned: disposed with the listener).</summary>
    /// <param name="socket">Bound and listening.</param>
    /// <param name="transport">The transport's name, for errors and the refused-peer log.</param>
    /// <param name="admit">Judges one accepted socket: the member's connection, or the verdict that refuses it (the
    /// socket is then closed by the admission).</param>
    public TcpMemberListener(Socket socket, string transport, Func<Socket, CancellationToken, ValueTask<Admission<ITransportConnection>>> admit)
    {
        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        _admission = new MemberAdmission<Socket, ITransportConnection>(transport,
            ct => TcpSockets.AcceptAsync(socket, transport, ct),
            admit,
            accepted => accepted.RemoteEndPoint,
            accepted =>
            {
                accepted.Dispose();
                return ValueTask.CompletedTask;
            },
            member => member.DisposeAsync(),
            new RefusedPeerLog());
    }

    /// <inheritdoc />
    public IPEndPoint LocalEndPoint { get; }

    /// <inheritdoc />
    public IReadOnlyList<RefusedPeer> Refused => _admission.Refused.Snapshot();

    /// <inheritdoc />
    public long RefusedCount => _admission.Refused.TotalCount;

    /// <inheritdoc />
    public ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken = default) => _admission.AcceptAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _admission.DisposeAsync().ConfigureAwait(false);
        _socket.Dispose();
    }
}
