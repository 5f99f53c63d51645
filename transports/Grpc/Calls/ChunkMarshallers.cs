using System.Buffers;
using Google.Protobuf;
using Grpc.Core;
using Transports.Grpc.Protos;

namespace Transports.Grpc.Calls;

/// <summary>
/// The two marshallers for <c>Chunk { bytes data = 1; }</c> (see <see cref="GrpcMarshaller"/>). Both write the same
/// bytes: Google.Protobuf serializes straight into the library's buffer writer, and the transport wraps the caller's
/// payload without a copy (<see cref="UnsafeByteOperations.UnsafeWrap(ReadOnlyMemory{byte})"/>). They differ in how
/// a received message is parsed.
/// </summary>
internal static class ChunkMarshallers
{
    /// <summary>What Grpc.Tools generates: Google.Protobuf's parser (a new byte array per received message).</summary>
    public static Marshaller<Chunk> Protobuf { get; } = ProtobufMarshaller.For(Chunk.Parser);

    /// <summary>
    /// Parses the shape every gRPC implementation writes (field 1 once: tag 0x0A, varint length, bytes; or an empty
    /// message) into a pooled array (<see cref="Chunk.Rented"/>); any other valid encoding goes through Google.Protobuf.
    /// </summary>
    public static Marshaller<Chunk> Pooled { get; } = new(ProtobufMarshaller.Serialize, DeserializePooled);

    /// <summary>The marshaller of <paramref name="kind"/>.</summary>
    /// <param name="kind">Which one.</param>
    public static Marshaller<Chunk> Of(GrpcMarshaller kind) => kind == GrpcMarshaller.Pooled ? Pooled : Protobuf;

    /// <summary>
    /// Copies a received Chunk's data into <paramref name="destination"/> and returns its pooled array, if any, to the pool.
    /// </summary>
    /// <param name="chunk">A received message.</param>
    /// <param name="destination">At least as long as the data.</param>
    /// <returns>Bytes copied.</returns>
    public static int CopyAndRelease(Chunk chunk, Span<byte> destination)
    {
        var data = chunk.Data.Span;
        data.CopyTo(destination);
        Release(chunk);
        return data.Length;
    }

    /// <summary>Returns a received Chunk's pooled array, if any, to the pool; its data must not be used afterwards.</summary>
    /// <param name="chunk">A received message.</param>
    public static void Release(Chunk chunk)
    {
        if (chunk.Rented is { } array)
        {
            chunk.Rented = null;
            chunk.Data = ByteString.Empty;
            ArrayPool<byte>.Shared.Return(array);
        }
    }

    private static Chunk DeserializePooled(DeserializationContext context)
    {
        var message = context.PayloadAsReadOnlySequence();
        if (message.Length == 0) return new Chunk();
        Span<byte> start = stackalloc byte[ChunkCodec.MaxHeaderBytes];
        var head = start[..(int)Math.Min(start.Length, message.Length)];
        message.Slice(0, head.Length).CopyTo(head);
        if (!ChunkCodec.TryReadHeader(head, message.Length, out int headerLength)) return ProtobufMarshaller.Parse(Chunk.Parser, message);
        int length = (int)(message.Length - headerLength);
        var array = ArrayPool<byte>.Shared.Rent(length);
        message.Slice(headerLength).CopyTo(array);
        return new Chunk { Data = UnsafeByteOperations.UnsafeWrap(array.AsMemory(0, length)), Rented = array };
    }
}
