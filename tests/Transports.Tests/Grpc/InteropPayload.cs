using System.Security.Cryptography;

namespace Transports.Tests.Grpc;

/// <summary>The deterministic payload the grpc-js peer also generates (tests/interop/grpc-js/bench-proto.js, <c>pattern</c>).</summary>
internal static class InteropPayload
{
    /// <summary>Byte at stream offset i is (i*31 + i/1024) &amp; 0xff.</summary>
    public static byte[] Pattern(long offset, int length)
    {
        var bytes = new byte[length];
        for (int k = 0; k < length; k++)
        {
            long i = offset + k;
            bytes[k] = (byte)((i * 31 + i / 1024) & 0xff);
        }
        return bytes;
    }

    /// <summary>Lower-case hex SHA-256 of <see cref="Pattern"/>(0, <paramref name="length"/>).</summary>
    public static string Sha256Hex(int length) => Convert.ToHexStringLower(SHA256.HashData(Pattern(0, length)));
}
