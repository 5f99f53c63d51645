using System.Runtime.CompilerServices;
using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;

namespace Transports.Grpc.Wire;

/// <summary>
/// Reads gRPC Length-Prefixed-Messages (PROTOCOL-HTTP2.md "Length-Prefixed-Message") from an HTTP/2 body.
/// <see cref="ReadChunkAsync"/> copies a <c>Chunk</c>'s payload straight from the body pipe into the caller's buffer as
/// it arrives, consuming as it goes, so HTTP/2 flow-control credit is returned while a large message is still arriving.
/// Compressed messages (flag 1) are gunzipped when the call's <c>grpc-encoding</c> is gzip.
/// </summary>
/// <remarks>
/// Errors, as the spec asks: a flag other than 0/1, a compressed message without a negotiated encoding, a body that
/// ends inside a prefix or a message, a corrupt gzip stream or protobuf message → <see cref="GrpcStatusCode.Internal"/>;
/// a message longer than the maximum (before or after decompression) → <see cref="GrpcStatusCode.ResourceExhausted"/>.
/// Not thread-safe: one reader at a time. No allocation per message for uncompressed single-field Chunks.
/// </remarks>
public sealed class GrpcMessageReader
{
    private readonly PipeReader _body;
    private readonly int _maxMessageBytes;
    private readonly bool _gzip;
    private readonly byte[] _header = new byte[ChunkCodec.MaxHeaderBytes];

    /// <summary>Creates a reader over <paramref name="body"/>.</summary>
    /// <param name="body">The request body (server) or response body (client).</param>
    /// <param name="maxMessageBytes">Largest accepted serialized message, in bytes (after decompression).</param>
    /// <param name="encoding">The call's <c>grpc-encoding</c> (null or identity: compressed messages are an error; gzip).</param>
    /// <exception cref="GrpcStatusException"><see cref="GrpcStatusCode.Unimplemented"/> for an encoding other than identity or gzip.</exception>
    public GrpcMessageReader(PipeReader body, int maxMessageBytes, string? encoding)
    {
        _body = body;
        _maxMessageBytes = maxMessageBytes;
        _gzip = IsGzip(encoding);
    }

    /// <summary>True when <paramref name="encoding"/> is gzip; false for none/identity.</summary>
    /// <param name="encoding">A <c>grpc-encoding</c> value, or null.</param>
    /// <exception cref="GrpcStatusException"><see cref="GrpcStatusCode.Unimplemented"/> for any other encoding.</exception>
    public static bool IsGzip(string? encoding)
    {
        if (string.IsNullOrEmpty(encoding) || encoding.Equals(GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase)) return false;
        if (encoding.Equals(GrpcProtocol.GzipEncoding, StringComparison.OrdinalIgnoreCase)) return true;
        throw new GrpcStatusException(GrpcStatusCode.Unimplemented, $"message encoding '{encoding}' is not supported (supported: {GrpcProtocol.AcceptedEncodings})");
    }

    /// <summary>True once the body has ended between two messages.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>Reads the next serialized message (any type) into <paramref name="destination"/>.</summary>
    /// <param name="destination">Must hold the maximum message size.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The message length in bytes, or -1 when the body ended cleanly between messages (sticky).</returns>
    /// <exception cref="GrpcStatusException">Malformed framing (INTERNAL) or an oversize message (RESOURCE_EXHAUSTED).</exception>
    public async ValueTask<int> ReadMessageAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var (length, compressed) = await ReadPrefixAsync(cancellationToken).ConfigureAwait(false);
        if (length < 0) return -1;
        if (!compressed)
        {
            if (destination.Length < length) throw new ArgumentException($"buffer of {destination.Length} B is smaller than the message of {length} B", nameof(destination));
            await CopyAsync(destination[..(int)length], cancellationToken).ConfigureAwait(false);
            return (int)length;
        }
        var message = await ReadCompressedAsync((int)length, cancellationToken).ConfigureAwait(false);
        if (destination.Length < message.Length) throw new ArgumentException($"buffer of {destination.Length} B is smaller than the message of {message.Length} B", nameof(destination));
        message.CopyTo(destination);
        return message.Length;
    }

    /// <summary>Reads the next <c>Chunk</c> message and copies its payload (the <c>data</c> field) into <paramref name="destination"/>.</summary>
    /// <param name="destination">Must hold <paramref name="maxPayloadBytes"/>.</param>
    /// <param name="maxPayloadBytes">Largest accepted payload; larger is RESOURCE_EXHAUSTED.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The payload length in bytes, or -1 when the body ended cleanly between messages (sticky).</returns>
    /// <exception cref="GrpcStatusException">Malformed framing or Chunk (INTERNAL), oversize (RESOURCE_EXHAUSTED).</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // no state-machine box per message
    public async ValueTask<int> ReadChunkAsync(Memory<byte> destination, int maxPayloadBytes, CancellationToken cancellationToken)
    {
        var (length, compressed) = await ReadPrefixAsync(cancellationToken).ConfigureAwait(false);
        if (length <= 0) return (int)length; // -1: end of body; 0: an empty Chunk (proto3 omits an empty field)
        if (!compressed)
        {
            int peek = (int)Math.Min(length, ChunkCodec.MaxHeaderBytes);
            await PeekAsync(_header.AsMemory(0, peek), cancellationToken).ConfigureAwait(false);
            if (ChunkCodec.TryReadHeader(_header.AsSpan(0, peek), length, out int headerLength))
            {
                long payload = length - headerLength;
                CheckPayload(payload, maxPayloadBytes, destination.Length);
                await SkipAsync(headerLength, cancellationToken).ConfigureAwait(false);
                await CopyAsync(destination[..(int)payload], cancellationToken).ConfigureAwait(false);
                return (int)payload;
            }
            var rented = ArrayPool<byte>.Shared.Rent((int)length);
            try
            {
                await CopyAsync(rented.AsMemory(0, (int)length), cancellationToken).ConfigureAwait(false);
                return CopyData(ChunkCodec.ParseData(rented.AsSpan(0, (int)length)), maxPayloadBytes, destination);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
        var message = await ReadCompressedAsync((int)length, cancellationToken).ConfigureAwait(false);
        return CopyData(ChunkCodec.ParseData(message), maxPayloadBytes, destination);
    }

    private static int CopyData(ReadOnlyMemory<byte> data, int maxPayloadBytes, Memory<byte> destination)
    {
        CheckPayload(data.Length, maxPayloadBytes, destination.Length);
        data.CopyTo(destination);
        return data.Length;
    }

    private static void CheckPayload(long payload, int maxPayloadBytes, int destinationBytes)
    {
        if (payload > maxPayloadBytes)
            throw new GrpcStatusException(GrpcStatusCode.ResourceExhausted, $"received message payload of {payload} B exceeds the maximum message size of {maxPayloadBytes} B");
        if (payload > destinationBytes)
            throw new ArgumentException($"receive buffer of {destinationBytes} B is smaller than the message of {payload} B", "destination");
    }

    /// <summary>Reads and consumes the 5-byte prefix; (-1, false) at a clean end of the body.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // no state-machine box per message
    private async ValueTask<(long Length, bool Compressed)> ReadPrefixAsync(CancellationToken cancellationToken)
    {
        if (IsCompleted) return (-1, false);
        while (true)
        {
            var result = await _body.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= GrpcProtocol.MessagePrefixBytes)
            {
                long length;
                bool compressed;
                try
                {
                    length = ParsePrefix(buffer, out compressed);
                }
                catch
                {
                    _body.AdvanceTo(buffer.Start, buffer.End);
                    throw;
                }
                _body.AdvanceTo(buffer.GetPosition(GrpcProtocol.MessagePrefixBytes));
                return (length, compressed);
            }
            _body.AdvanceTo(buffer.Start, buffer.End); // nothing consumed, all examined: wait for more
            if (result.IsCanceled) throw new OperationCanceledException("gRPC read cancelled");
            if (result.IsCompleted)
            {
                if (buffer.Length == 0) { IsCompleted = true; return (-1, false); }
                throw new GrpcStatusException(GrpcStatusCode.Internal, $"malformed message: body ended after {buffer.Length} bytes of a 5-byte message prefix");
            }
        }
    }

    private long ParsePrefix(ReadOnlySequence<byte> buffer, out bool compressed)
    {
        Span<byte> prefix = stackalloc byte[GrpcProtocol.MessagePrefixBytes];
        buffer.Slice(0, GrpcProtocol.MessagePrefixBytes).CopyTo(prefix);
        long length = GrpcMessageFraming.ReadPrefix(prefix, out compressed);
        if (compressed && !_gzip)
            throw new GrpcStatusException(GrpcStatusCode.Internal, "malformed message: compressed flag set but the call has no grpc-encoding");
        if (length > _maxMessageBytes)
            throw new GrpcStatusException(GrpcStatusCode.ResourceExhausted, $"received message of {length} B exceeds the maximum message size of {_maxMessageBytes} B");
        return length;
    }

    /// <summary>Copies the first bytes of the message without consuming them.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // no state-machine box per message
    private async ValueTask PeekAsync(Memory<byte> target, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await _body.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (buffer.Length >= target.Length)
            {
                buffer.Slice(0, target.Length).CopyTo(target.Span);
                _body.AdvanceTo(buffer.Start); // nothing consumed or examined: the next read returns the same bytes at once
                return;
            }
            _body.AdvanceTo(buffer.Start, buffer.End);
            ThrowIfEnded(result, buffer.Length, target.Length);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // no state-machine box per message
    private async ValueTask SkipAsync(int count, CancellationToken cancellationToken)
    {
        var result = await _body.ReadAsync(cancellationToken).ConfigureAwait(false);
        _body.AdvanceTo(result.Buffer.GetPosition(count)); // PeekAsync made sure the bytes are there
    }

    /// <summary>Copies exactly target.Length message bytes, consuming them as they arrive.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // no state-machine box per message
    private async ValueTask CopyAsync(Memory<byte> target, CancellationToken cancellationToken)
    {
        int written = 0;
        while (written < target.Length)
        {
            var result = await _body.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            int take = (int)Math.Min(buffer.Length, target.Length - written);
            buffer.Slice(0, take).CopyTo(target.Span[written..]);
            written += take;
            _body.AdvanceTo(buffer.GetPosition(take));
            if (written < target.Length) ThrowIfEnded(result, written, target.Length);
        }
    }

    private static void ThrowIfEnded(ReadResult result, long have, long need)
    {
        if (result.IsCanceled) throw new OperationCanceledException("gRPC read cancelled");
        if (result.IsCompleted)
            throw new GrpcStatusException(GrpcStatusCode.Internal, $"malformed message: body ended after {have} of {need} message bytes");
    }

    private async ValueTask<byte[]> ReadCompressedAsync(int length, CancellationToken cancellationToken)
    {
        var rented = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            await CopyAsync(rented.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
            return Gunzip(rented, length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private byte[] Gunzip(byte[] compressed, int length)
    {
        try
        {
            using var input = new MemoryStream(compressed, 0, length, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var block = new byte[16 << 10];
            int n;
            while ((n = gzip.Read(block)) > 0)
            {
                if (output.Length + n > _maxMessageBytes)
                    throw new GrpcStatusException(GrpcStatusCode.ResourceExhausted, $"decompressed message exceeds the maximum message size of {_maxMessageBytes} B");
                output.Write(block, 0, n);
            }
            return output.ToArray();
        }
        catch (InvalidDataException e)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, "malformed message: corrupt gzip data", e);
        }
    }
}
