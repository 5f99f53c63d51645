using System.Buffers;
using Grpc.Core;
using Transports.Grpc;
using Transports.Grpc.Calls;
using Transports.Grpc.Protos;
using Xunit;

namespace Transports.Tests.Grpc;

/// <summary>
/// The two Chunk marshallers (docs/GRPC.md "Marshallers"): the same bytes out, the same payload back from every valid
/// encoding a peer may send, INTERNAL for a malformed one, and the pooled one's arrays go back to the pool.
/// </summary>
public sealed class ChunkMarshallerTests
{
    private sealed class Received(byte[] message) : DeserializationContext
    {
        public override int PayloadLength => message.Length;
        public override byte[] PayloadAsNewBuffer() => (byte[])message.Clone();
        public override ReadOnlySequence<byte> PayloadAsReadOnlySequence() => new(message);
    }

    private sealed class Sent : SerializationContext
    {
        private readonly ArrayBufferWriter<byte> _writer = new();
        public byte[] Bytes => _writer.WrittenSpan.ToArray();
        public override void Complete(byte[] payload) => _writer.Write(payload);
        public override IBufferWriter<byte> GetBufferWriter() => _writer;
        public override void SetPayloadLength(int payloadLength) { }
        public override void Complete() { }
    }

    public static TheoryData<GrpcMarshaller, byte[], byte[]> Encodings()
    {
        var payload = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        byte[] common = [0x0A, 0xAC, 0x02, .. payload];                 // tag, varint 300, bytes
        byte[] repeated = [0x0A, 0x01, 0x07, 0x0A, 0xAC, 0x02, .. payload]; // field 1 twice: the last one wins
        byte[] unknown = [0x10, 0x05, 0x0A, 0xAC, 0x02, .. payload];       // unknown varint field 2 first
        byte[] longVarint = [0x0A, 0xAC, 0x82, 0x80, 0x00, .. payload];    // non-minimal varint for 300
        var data = new TheoryData<GrpcMarshaller, byte[], byte[]>();
        foreach (var kind in new[] { GrpcMarshaller.Pooled, GrpcMarshaller.Protobuf })
        {
            data.Add(kind, common, payload);
            data.Add(kind, repeated, payload);
            data.Add(kind, unknown, payload);
            data.Add(kind, longVarint, payload);
            data.Add(kind, [], []);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public void Every_valid_encoding_gives_the_payload(GrpcMarshaller kind, byte[] message, byte[] payload)
    {
        var chunk = ChunkMarshallers.Of(kind).ContextualDeserializer(new Received(message));
        var destination = new byte[payload.Length];
        Assert.Equal(payload.Length, ChunkMarshallers.CopyAndRelease(chunk, destination));
        Assert.Equal(payload, destination);
        Assert.Null(chunk.Rented);
    }

    [Theory]
    [InlineData(GrpcMarshaller.Pooled)]
    [InlineData(GrpcMarshaller.Protobuf)]
    public void Malformed_message_is_INTERNAL(GrpcMarshaller kind)
    {
        var e = Assert.Throws<RpcException>(() => ChunkMarshallers.Of(kind).ContextualDeserializer(new Received([0x0A, 0x05, 1])));
        Assert.Equal(StatusCode.Internal, e.StatusCode);
    }

    [Fact]
    public void Both_write_the_same_bytes_and_only_the_pooled_one_rents()
    {
        var payload = new byte[1 << 20];
        Random.Shared.NextBytes(payload);
        var chunk = new Chunk { Data = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(payload) };
        var pooled = new Sent();
        var protobuf = new Sent();
        ChunkMarshallers.Pooled.ContextualSerializer(chunk, pooled);
        ChunkMarshallers.Protobuf.ContextualSerializer(chunk, protobuf);
        Assert.Equal(protobuf.Bytes, pooled.Bytes);
        Assert.Equal(0x0A, pooled.Bytes[0]);

        var received = ChunkMarshallers.Pooled.ContextualDeserializer(new Received(pooled.Bytes));
        Assert.NotNull(received.Rented); // 1 MiB from ArrayPool, not a new large-object-heap array
        Assert.Null(ChunkMarshallers.Protobuf.ContextualDeserializer(new Received(pooled.Bytes)).Rented);
        Assert.True(received.Data.Span.SequenceEqual(payload));
        ChunkMarshallers.Release(received);
        Assert.Null(received.Rented);
    }
}
