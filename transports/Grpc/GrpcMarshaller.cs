namespace Transports.Grpc;

/// <summary>How <c>Chunk</c> messages are turned into bytes and back (<c>-grpc-marshaller</c>).</summary>
public enum GrpcMarshaller
{
    /// <summary>
    /// Google.Protobuf's generated code, as Grpc.Tools emits it: parsing a received Chunk allocates a new byte array
    /// for its <c>data</c> (on the large object heap from 85,000 bytes on).
    /// </summary>
    Protobuf = 0,

    /// <summary>
    /// The same wire bytes, but a received Chunk's <c>data</c> is copied into an <see cref="System.Buffers.ArrayPool{T}"/>
    /// array that goes back to the pool once the transport copied it into the caller's buffer (see <c>ChunkMarshallers</c>).
    /// </summary>
    Pooled = 1,
}
