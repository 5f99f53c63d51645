using System.Buffers.Binary;

namespace Transports.Tests.Report;

/// <summary>Width and height from a PNG's IHDR chunk (PNG spec, ISO/IEC 15948 §11.2.2), after checking the signature.</summary>
internal static class PngHeader
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 33 || !bytes.AsSpan(0, 8).SequenceEqual(Signature))
            throw new InvalidDataException($"{path} is not a PNG (bad signature)");
        // The first chunk: 4-byte length (13), "IHDR", width and height as big-endian uint32.
        if (BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)) != 13 || !bytes.AsSpan(12, 4).SequenceEqual("IHDR"u8))
            throw new InvalidDataException($"{path} does not start with an IHDR chunk");
        return ((int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16)), (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20)));
    }
}
