using System.Buffers.Binary;

namespace Transports.Tests.Grpc;

/// <summary>
/// Just enough of gRPC's wire format (PROTOCOL-HTTP2.md) to hand-make requests for <see cref="GrpcServerWireTests"/>,
/// kept independent of the transport so the tests check the server against the spec, not against itself.
/// </summary>
internal static class HandMadeGrpc
{
    public const string EchoPath = "/transports.bench.v1.Bench/Echo";
    public const string UploadPath = "/transports.bench.v1.Bench/Upload";
    public const string ExchangePath = "/transports.bench.v1.Bench/Exchange";

    /// <summary>Length-Prefixed-Message: compressed flag, 4-byte big-endian length, message.</summary>
    public static byte[] Frame(byte[] message, bool compressed = false)
    {
        var frame = new byte[5 + message.Length];
        frame[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>A framed <c>Chunk { bytes data = 1; }</c>: tag 0x0A, varint length, bytes (empty payload: empty message).</summary>
    public static byte[] ChunkFrame(byte[] payload)
    {
        if (payload.Length == 0) return Frame([]);
        var message = new List<byte> { 0x0A };
        for (uint v = (uint)payload.Length; ; v >>= 7)
        {
            if (v < 0x80) { message.Add((byte)v); break; }
            message.Add((byte)(v | 0x80));
        }
        message.AddRange(payload);
        return Frame([.. message]);
    }

    /// <summary>grpc-message is percent-encoded UTF-8.</summary>
    public static string DecodeMessage(string? value) => value is null ? "" : Uri.UnescapeDataString(value);
}
