using System.Runtime.CompilerServices;
using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;

namespace Transports.Grpc.Wire;

/// <summary>
/// The gRPC Length-Prefixed-Message (PROTOCOL-HTTP2.md, "Requests"/"Responses"):
/// <c>Compressed-Flag (1 byte, 0 or 1) · Message-Length (4 bytes, unsigned big-endian) · Message</c>.
/// Writers here never compress (flag 0); compressed incoming messages are handled by <see cref="GrpcMessageReader"/>.
/// </summary>
public static class GrpcMessageFraming
{
    /// <summary>Writes the 5-byte prefix of an uncompressed message of <paramref name="length"/> bytes.</summary>
    /// <param name="destination">At least <see cref="GrpcProtocol.MessagePrefixBytes"/> bytes.</param>
    /// <param name="length">Message length in bytes (non-negative).</param>
    /// <param name="compressed">The compressed flag.</param>
    public static void WritePrefix(Span<byte> destination, int length, bool compressed = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        destination[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[1..], (uint)length);
    }

    /// <summary>Parses a 5-byte prefix.</summary>
    /// <param name="prefix">Exactly the 5 prefix bytes.</param>
    /// <param name="compressed">The compressed flag.</param>
    /// <returns>The message length in bytes (0 .. 2^32-1).</returns>
    /// <exception cref="GrpcStatusException"><see cref="GrpcStatusCode.Internal"/> when the flag is neither 0 nor 1.</exception>
    public static long ReadPrefix(ReadOnlySpan<byte> prefix, out bool compressed)
    {
        compressed = prefix[0] switch
        {
            0 => false,
            1 => true,
            _ => throw new GrpcStatusException(GrpcStatusCode.Internal, $"malformed message: compressed flag is {prefix[0]}, not 0 or 1"),
        };
        return BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
    }

    /// <summary>Bytes before a Chunk's payload: the 5-byte prefix plus the Chunk header (tag + varint), at most 11.</summary>
    public const int MaxChunkHeaderBytes = GrpcProtocol.MessagePrefixBytes + ChunkCodec.MaxHeaderBytes;

    /// <summary>Writes the message prefix and the Chunk header for a payload of <paramref name="payloadLength"/> bytes.</summary>
    /// <param name="destination">At least <see cref="MaxChunkHeaderBytes"/> bytes.</param>
    /// <param name="payloadLength">Payload length in bytes.</param>
    /// <returns>Bytes written (5 for an empty payload, otherwise 7 to 11).</returns>
    public static int WriteChunkHeader(Span<byte> destination, int payloadLength)
    {
        WritePrefix(destination, ChunkCodec.SerializedLength(payloadLength));
        return GrpcProtocol.MessagePrefixBytes + ChunkCodec.WriteHeader(destination[GrpcProtocol.MessagePrefixBytes..], payloadLength);
    }

    /// <summary>
    /// Writes <paramref name="payload"/> as one uncompressed <c>Chunk</c> message into <paramref name="writer"/> and
    /// flushes, which waits while the peer's flow-control window or the pipe is full (backpressure). No allocation in
    /// steady state; the payload is copied once, into the pipe.
    /// </summary>
    /// <param name="writer">The HTTP/2 response body (Kestrel <c>HttpResponse.BodyWriter</c>).</param>
    /// <param name="payload">The Chunk's data.</param>
    /// <param name="cancellationToken">Cancels the flush.</param>
    /// <returns>False when the reader side of the pipe is gone (the stream was reset or completed).</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // no state-machine box per message
    public static async ValueTask<bool> WriteChunkAsync(PipeWriter writer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        writer.Advance(WriteChunkHeader(writer.GetSpan(MaxChunkHeaderBytes), payload.Length));
        writer.Write(payload.Span);
        var result = await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
        return !result.IsCompleted && !result.IsCanceled;
    }

    /// <summary>
    /// Writes <paramref name="payload"/> as one uncompressed <c>Chunk</c> message to <paramref name="stream"/> without
    /// copying the payload, and flushes (the HttpClient HTTP/2 request body stream). No allocation in our code.
    /// </summary>
    /// <param name="stream">The request body stream.</param>
    /// <param name="headerBuffer">A reused buffer of at least <see cref="MaxChunkHeaderBytes"/> bytes owned by the caller.</param>
    /// <param name="payload">The Chunk's data.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // no state-machine box per message
    public static async ValueTask WriteChunkAsync(Stream stream, byte[] headerBuffer, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken)
    {
        int header = WriteChunkHeader(headerBuffer, payload.Length);
        await stream.WriteAsync(headerBuffer.AsMemory(0, header), cancellationToken).ConfigureAwait(false);
        if (!payload.IsEmpty) await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes an already serialized message (prefix + bytes) and flushes; for one-off messages such as UploadSummary.</summary>
    /// <param name="writer">The response body.</param>
    /// <param name="message">The serialized message.</param>
    /// <param name="cancellationToken">Cancels the flush.</param>
    public static async ValueTask WriteMessageAsync(PipeWriter writer, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        WritePrefix(writer.GetSpan(GrpcProtocol.MessagePrefixBytes), message.Length);
        writer.Advance(GrpcProtocol.MessagePrefixBytes);
        writer.Write(message.Span);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Builds one whole framed message (prefix + payload) in a new array; for tests and one-off messages, not the hot path.</summary>
    /// <param name="payload">The message bytes.</param>
    /// <param name="compressed">The compressed flag to set (the payload must then already be compressed).</param>
    public static byte[] Frame(ReadOnlySpan<byte> payload, bool compressed = false)
    {
        var framed = new byte[GrpcProtocol.MessagePrefixBytes + payload.Length];
        WritePrefix(framed, payload.Length, compressed);
        payload.CopyTo(framed.AsSpan(GrpcProtocol.MessagePrefixBytes));
        return framed;
    }
}
