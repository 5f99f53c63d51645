namespace Transports.Grpc.Calls;

/// <summary>
/// The shape of <c>Chunk { bytes data = 1; }</c> that every gRPC implementation writes: the tag of field 1 with wire
/// type 2 (0x0A), the length as a varint, the bytes (protobuf encoding guide, "Length-delimited records"). proto3 omits
/// an empty bytes field, so an empty payload is an empty message.
/// </summary>
internal static class ChunkCodec
{
    /// <summary>The tag of field 1, wire type 2 (LEN): (1 &lt;&lt; 3) | 2.</summary>
    public const byte DataTag = 0x0A;

    /// <summary>Largest header before the payload bytes: the tag plus a 5-byte varint.</summary>
    public const int MaxHeaderBytes = 6;

    /// <summary>
    /// Reads the header at the start of a message of <paramref name="messageLength"/> bytes when the message is exactly
    /// one data field.
    /// </summary>
    /// <param name="start">The first min(<paramref name="messageLength"/>, <see cref="MaxHeaderBytes"/>) bytes of the message.</param>
    /// <param name="messageLength">The whole message length in bytes.</param>
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
}
