using System.Buffers.Binary;
using Transports.Abstractions;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Connect;

/// <summary>
/// The one request/response of a connect that proves the connection usable: the request carries the connect's index
/// (8 bytes, little-endian) and a pattern derived from it; the response is every request byte XOR <see cref="ResponseMask"/>,
/// so an answer that is an echo, stale, or another connect's is told apart. Both sides read exactly
/// <c>size</c> bytes whatever the transport's framing (a byte stream may split them).
/// </summary>
public static class ConnectExchange
{
    /// <summary>Bytes of the header: the connect index.</summary>
    public const int HeaderBytes = 8;

    /// <summary>
    /// The index of the session's request: the connection that marks the run. The server side hands the role whichever
    /// connection it admitted first, which under concurrent admission need not be the session's, so the role tells the
    /// session by this request rather than by order.
    /// </summary>
    public const long SessionIndex = long.MinValue;

    /// <summary>What the server XORs every request byte with.</summary>
    public const byte ResponseMask = 0xA5;

    /// <summary>Writes the request of connect <paramref name="index"/> into <paramref name="request"/> (its whole length).</summary>
    /// <param name="index">The connect's index (warm-up ones negative).</param>
    /// <param name="request">The buffer, at least <see cref="HeaderBytes"/> long.</param>
    public static void WriteRequest(long index, Span<byte> request)
    {
        BinaryPrimitives.WriteInt64LittleEndian(request, index);
        for (int i = HeaderBytes; i < request.Length; i++) request[i] = Pattern(index, i);
    }

    /// <summary>The index a request carries.</summary>
    /// <param name="request">The request, at least <see cref="HeaderBytes"/> long.</param>
    public static long IndexOf(ReadOnlySpan<byte> request) => BinaryPrimitives.ReadInt64LittleEndian(request);

    /// <summary>Writes the response to <paramref name="request"/> into <paramref name="response"/> (same length).</summary>
    /// <param name="request">The request as received.</param>
    /// <param name="response">The response buffer.</param>
    /// <exception cref="IntegrityException">The request's pattern does not match its index.</exception>
    public static void WriteResponse(ReadOnlySpan<byte> request, Span<byte> response)
    {
        long index = BinaryPrimitives.ReadInt64LittleEndian(request);
        for (int i = HeaderBytes; i < request.Length; i++)
            if (request[i] != Pattern(index, i)) throw new IntegrityException($"connect: request {index} byte {i} is 0x{request[i]:x2}, expected 0x{Pattern(index, i):x2}");
        for (int i = 0; i < request.Length; i++) response[i] = (byte)(request[i] ^ ResponseMask);
    }

    /// <summary>Checks that <paramref name="response"/> answers the request of connect <paramref name="index"/>.</summary>
    /// <param name="index">The connect's index.</param>
    /// <param name="response">The response as received, the request's length.</param>
    /// <exception cref="IntegrityException">A byte differs.</exception>
    public static void VerifyResponse(long index, ReadOnlySpan<byte> response)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        BinaryPrimitives.WriteInt64LittleEndian(header, index);
        for (int i = 0; i < response.Length; i++)
        {
            byte expected = (byte)((i < HeaderBytes ? header[i] : Pattern(index, i)) ^ ResponseMask);
            if (response[i] != expected)
                throw new IntegrityException($"connect {index}: response byte {i} is 0x{response[i]:x2}, expected 0x{expected:x2}");
        }
    }

    /// <summary>
    /// Bytes a receive buffer needs on <paramref name="capabilities"/> for <paramref name="size"/>-byte exchanges: a
    /// transport with message boundaries takes only buffers that hold its largest message.
    /// </summary>
    /// <param name="capabilities">The connection's capabilities.</param>
    /// <param name="size">The request size.</param>
    public static int ReceiveBufferBytes(TransportCapabilities capabilities, int size)
        => capabilities.HasMessageBoundaries && capabilities.MaxMessageSizeBytes is int max ? Math.Max(max, size) : size;

    /// <summary>
    /// Reads exactly <paramref name="size"/> bytes into the start of <paramref name="buffer"/> (one message on a transport
    /// with message boundaries, which must be that long); returns the Stopwatch ticks when the first of them arrived.
    /// </summary>
    /// <param name="connection">The connection.</param>
    /// <param name="buffer">Where the bytes go, <see cref="ReceiveBufferBytes"/> long.</param>
    /// <param name="size">Bytes expected.</param>
    /// <param name="what">What is read, for the error message.</param>
    /// <param name="cancellationToken">The connect's deadline.</param>
    /// <exception cref="TransportException">The peer closed before all bytes came (<see cref="TransportError.ConnectionReset"/>), or the connection failed.</exception>
    /// <exception cref="IntegrityException">A message of another length arrived.</exception>
    public static async ValueTask<long> ReadExactlyAsync(ITransportConnection connection, Memory<byte> buffer, int size, string what, CancellationToken cancellationToken)
    {
        bool messages = connection.Capabilities.HasMessageBoundaries;
        long first = 0;
        int read = 0;
        while (read < size)
        {
            var result = await connection.ReceiveAsync(messages ? buffer : buffer[read..size], cancellationToken).ConfigureAwait(false);
            if (result.Count == 0 && result.IsCompleted)
                throw new TransportException(TransportError.ConnectionReset, $"connect: the peer closed after {read} of the {size} bytes of the {what}");
            if (messages && result.Count != size)
                throw new IntegrityException($"connect: the {what} arrived as a message of {result.Count} B, expected {size} B");
            if (first == 0 && result.Count > 0) first = Transports.Measure.Timing.MonotonicClock.NowTicks();
            read += result.Count;
        }
        return first;
    }

    /// <summary>Receives until the peer's orderly close, discarding nothing silently: bytes after the exchange are a protocol error.</summary>
    /// <param name="connection">The connection.</param>
    /// <param name="scratch">A buffer for the read, <see cref="ReceiveBufferBytes"/> long.</param>
    /// <param name="cancellationToken">The connect's deadline.</param>
    /// <exception cref="IntegrityException">The peer sent more bytes.</exception>
    public static async ValueTask ReadEndAsync(ITransportConnection connection, Memory<byte> scratch, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await connection.ReceiveAsync(scratch, cancellationToken).ConfigureAwait(false);
            if (result.Count > 0) throw new IntegrityException($"connect: {result.Count} unexpected bytes after the exchange");
            if (result.IsCompleted) return;
        }
    }

    private static byte Pattern(long index, int position) => (byte)(index * 31 + position * 7 + 1);
}
