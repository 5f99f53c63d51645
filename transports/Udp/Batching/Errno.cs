using System.Net.Sockets;

namespace Transports.Udp.Batching;

/// <summary>
/// Turns the <c>errno</c> of a failed batched call into the <see cref="SocketException"/> System.Net.Sockets would have
/// thrown for the same failure, so the transport reports both paths' failures alike (see
/// <see cref="Transports.Abstractions.SocketErrors"/>). Linux error numbers (<c>asm-generic/errno.h</c>).
/// </summary>
internal static class Errno
{
    /// <summary><c>EMSGSIZE</c>: a datagram larger than the buffer or the limit.</summary>
    public const int EMsgSize = 90;

    /// <summary>The exception for <paramref name="errno"/>.</summary>
    public static SocketException ToSocketException(int errno) => new((int)(errno switch
    {
        111 => SocketError.ConnectionRefused,   // ECONNREFUSED: an ICMP port unreachable arrived for the connected peer
        104 => SocketError.ConnectionReset,     // ECONNRESET
        107 => SocketError.NotConnected,        // ENOTCONN
        9 => SocketError.OperationAborted,      // EBADF: closed under us
        EMsgSize => SocketError.MessageSize,
        105 => SocketError.NoBufferSpaceAvailable, // ENOBUFS
        101 => SocketError.NetworkUnreachable,  // ENETUNREACH
        113 => SocketError.HostUnreachable,     // EHOSTUNREACH
        LinuxUdp.EAgain => SocketError.WouldBlock,
        LinuxUdp.EIntr => SocketError.Interrupted,
        LinuxUdp.EInval => SocketError.InvalidArgument,
        LinuxUdp.EOpNotSupp => SocketError.OperationNotSupported,
        LinuxUdp.ENoProtoOpt => SocketError.ProtocolOption,
        _ => SocketError.SocketError,
    }));
}
