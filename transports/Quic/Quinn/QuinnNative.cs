using System.Runtime.InteropServices;

namespace Transports.Quic.Quinn;

/// <summary>
/// P/Invoke declarations of libtransports_quinn (transports/Quic/native, Rust over quinn 0.9). Synchronous calls
/// return a status code (0 = ok, see <see cref="QuinnErrors"/>) whose message <c>tq_last_error</c> returns;
/// asynchronous calls complete through <see cref="NativeOperation.Callback"/> exactly once.
/// </summary>
internal static unsafe partial class QuinnNative
{
    /// <summary>The library's file name (without the lib prefix and extension on P/Invoke).</summary>
    public const string Library = "transports_quinn";

    /// <summary>The file the loader looks for.</summary>
    public const string FileName = "libtransports_quinn.so";

    [LibraryImport(Library)]
    public static partial nint tq_version();

    [LibraryImport(Library)]
    public static partial nuint tq_last_error(byte* buffer, nuint capacity);

    [LibraryImport(Library)]
    public static partial int tq_endpoint_new(byte* bind, nuint bindLength, in QuinnConfig config, byte* certDer, nuint certLength,
        byte* keyDer, nuint keyLength, byte* alpn, nuint alpnLength, byte* pinSha256, nuint pinLength, out EndpointHandle endpoint);

    [LibraryImport(Library)]
    public static partial int tq_endpoint_local_port(EndpointHandle endpoint, out ushort port);

    [LibraryImport(Library)]
    public static partial int tq_endpoint_accept(EndpointHandle endpoint, delegate* unmanaged<nint, int, long, byte*, nuint, void> callback, nint state);

    [LibraryImport(Library)]
    public static partial int tq_endpoint_connect(EndpointHandle endpoint, byte* remote, nuint remoteLength, byte* serverName, nuint serverNameLength,
        delegate* unmanaged<nint, int, long, byte*, nuint, void> callback, nint state);

    [LibraryImport(Library)]
    public static partial int tq_endpoint_close(EndpointHandle endpoint, uint code);

    [LibraryImport(Library)]
    public static partial int tq_endpoint_wait_released(EndpointHandle endpoint, ulong timeoutMs,
        delegate* unmanaged<nint, int, long, byte*, nuint, void> callback, nint state);

    [LibraryImport(Library)]
    public static partial void tq_endpoint_free(nint endpoint);

    [LibraryImport(Library)]
    public static partial int tq_conn_open_bi(ConnectionHandle connection, delegate* unmanaged<nint, int, long, byte*, nuint, void> callback, nint state);

    [LibraryImport(Library)]
    public static partial int tq_conn_accept_bi(ConnectionHandle connection, delegate* unmanaged<nint, int, long, byte*, nuint, void> callback, nint state);

    [LibraryImport(Library)]
    public static partial int tq_conn_send_datagram(ConnectionHandle connection, byte* data, nuint length);

    [LibraryImport(Library)]
    public static partial int tq_conn_wait_datagram_space(ConnectionHandle connection, nuint length,
        delegate* unmanaged<nint, int, long, byte*, nuint, void> callback, nint state);

    [LibraryImport(Library)]
    public static partial int tq_conn_read_datagram(ConnectionHandle connection, byte* buffer, nuint capacity,
        delegate* unmanaged<nint, int, long, byte*, nuint, void> callback, nint state);

    [LibraryImport(Library)]
    public static partial int tq_conn_try_read_datagram(ConnectionHandle connection, byte* buffer, nuint capacity, out long length);

    [LibraryImport(Library)]
    public static partial int tq_conn_stats(ConnectionHandle connection, out QuinnStats stats);

    [LibraryImport(Library)]
    public static partial int tq_conn_remote_address(ConnectionHandle connection, byte* buffer, nuint capacity, out nuint length);

    [LibraryImport(Library)]
    public static partial int tq_conn_close(ConnectionHandle connection, uint code);

    [LibraryImport(Library)]
    public static partial void tq_conn_free(nint connection);

    [LibraryImport(Library)]
    public static partial int tq_stream_write(StreamHandle stream, byte* data, nuint length,
        delegate* unmanaged<nint, int, long, byte*, nuint, void> callback, nint state);

    [LibraryImport(Library)]
    public static partial int tq_stream_read(StreamHandle stream, byte* buffer, nuint capacity,
        delegate* unmanaged<nint, int, long, byte*, nuint, void> callback, nint state);

    [LibraryImport(Library)]
    public static partial int tq_stream_finish(StreamHandle stream, delegate* unmanaged<nint, int, long, byte*, nuint, void> callback, nint state);

    [LibraryImport(Library)]
    public static partial int tq_stream_reset(StreamHandle stream, uint code);

    [LibraryImport(Library)]
    public static partial void tq_stream_free(nint stream);
}

/// <summary>Endpoint and connection settings; mirrors <c>TqConfig</c> in native/src/config.rs field by field.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct QuinnConfig
{
    /// <summary>0 = CUBIC (RFC 8312), 1 = NewReno (RFC 9002), 2 = BBR (v1 draft).</summary>
    public int CongestionController;
    /// <summary>UDP payload size from the first packet, bytes (quinn 0.9 has no path MTU discovery).</summary>
    public uint InitialMaxUdpPayloadBytes;
    /// <summary>Idle timeout, ms (RFC 9000 section 10.1).</summary>
    public ulong IdleTimeoutMs;
    /// <summary>Per-stream flow-control window, bytes.</summary>
    public ulong StreamReceiveWindowBytes;
    /// <summary>Connection flow-control window, bytes.</summary>
    public ulong ReceiveWindowBytes;
    /// <summary>Send buffer across streams, bytes (backpressure beyond it).</summary>
    public ulong SendWindowBytes;
    /// <summary>DATAGRAM receive queue, bytes; 0 disables datagrams.</summary>
    public ulong DatagramReceiveBufferBytes;
    /// <summary>DATAGRAM send queue, bytes (oldest dropped when full).</summary>
    public ulong DatagramSendBufferBytes;
    /// <summary>SO_SNDBUF/SO_RCVBUF, bytes; 0 = kernel default.</summary>
    public uint SocketBufferBytes;
    /// <summary>Concurrent bidirectional streams the peer may open.</summary>
    public uint MaxConcurrentBidiStreams;
}

/// <summary>Connection statistics; mirrors <c>TqStats</c> in native/src/connection.rs.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct QuinnStats
{
    public ulong RttUs, CwndBytes, CongestionEvents, LostPackets, LostBytes, SentPackets,
        UdpTxBytes, UdpRxBytes, UdpTxDatagrams, UdpRxDatagrams, MaxDatagramPayloadBytes;
}
