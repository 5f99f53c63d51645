using Google.Protobuf;
using Transports.Grpc.Protos;

namespace Transports.Grpc.Wire;

/// <summary>
/// The protobuf encoding of <c>Chunk { bytes data = 1; }</c> (Protos/bench.proto) done by hand on the hot path, so a
/// payload is framed and parsed without serializing through an intermediate buffer: field 1 with wire type 2 is the
/// tag byte 0x0A, then the length as a varint, then the bytes (protobuf encoding guide, "Length-delimited records").
/// proto3 omits an empty bytes field, so an empty payload is an empty message. Anything else a peer may legally send
/// (unknown fields, field 1 repeated) goes through Google.Protobuf's <see cref="Chunk.Parser"/>.
/// </summary>
public static class ChunkCodec
{
    /// <summary>The tag of field 1, wire type 2 (LEN): (1 &lt;&lt; 3) | 2.</summary>
    public const byte DataTag = 0x0A;

    /// <summary>Largest header before the payload bytes: the tag plus a 5-byte varint.</summary>
    public const int MaxHeaderBytes = 6;

    /// <summary>Serialized size of a Chunk carrying <paramref name="payloadLength"/> bytes.</summary>
    /// <param name="payloadLength">Payload length in bytes.</param>
    public static int SerializedLength(int payloadLength) => payloadLength == 0 ? 0 : 1 + CodedOutputStream.ComputeLengthSize(payloadLength) + payloadLength;

    /// <summary>Writes the Chunk header (tag + varint length) of a non-empty payload.</summary>
    /// <param name="destination">At least <see cref="MaxHeaderBytes"/> bytes.</param>
    /// <param name="payloadLength">Payload length in bytes (0 writes nothing).</param>
    /// <returns>Header bytes written.</returns>
    public static int WriteHeader(Span<byte> destination, int payloadLength)
    {
        if (payloadLength == 0) return 0;
        destination[0] = DataTag;
        int i = 1;
        uint value = (uint)payloadLength;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }
        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>
    /// Reads a Chunk header at the start of a message of <paramref name="messageLength"/> bytes when the message is exactly
    /// one data field (the shape every gRPC implementation writes).
    /// </summary>
    /// <param name="start">The first min(<paramref name="messageLength"/>, <see cref="MaxHeaderBytes"/>) bytes of the message.</param>
    /// <param name="messageLength">The whole message length.</param>
    /// <param name="headerLength">Bytes before the payload.</param>
    /// <returns>False when the message has another shape (use the general parser).</returns>
    public static bool TryReadHeader(ReadOnlySpan<byte> start, long messageLength, out int headerLength)
    {
        headerLength = 0;
        if (messageLength == 0) return true;
        if (start.Length < 2 || start[0] != DataTag) return false;
        ulong value = 0;
        for (int i = 1; i < start.Length && i <= 5; i++)
        {
            value |= (ulong)(start[i] & 0x7F) << (7 * (i - 1));
            if ((start[i] & 0x80) == 0)
            {
                headerLength = i + 1;
                return (long)value + headerLength == messageLength;
            }
        }
        return false;
    }

    /// <summary>Parses any valid Chunk encoding and returns its data (allocates; for the unusual shapes only).</summary>
    /// <param name="message">The serialized message.</param>
    /// <exception cref="GrpcStatusException"><see cref="GrpcStatusCode.Internal"/> when it is not a valid Chunk.</exception>
    public static ReadOnlyMemory<byte> ParseData(ReadOnlySpan<byte> message)
    {
        try
        {
            return Chunk.Parser.ParseFrom(message).Data.Memory;
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new GrpcStatusException(GrpcStatusCode.Internal, $"malformed Chunk message: {e.Message}");
        }
    }
}
