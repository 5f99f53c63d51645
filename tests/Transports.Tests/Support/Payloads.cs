using System.Security.Cryptography;
using Transports.Abstractions;

namespace Transports.Tests.Support;

/// <summary>Deterministic test payloads and helpers that move them through a connection.</summary>
public static class Payloads
{
    /// <summary><paramref name="length"/> pseudo-random bytes from <paramref name="seed"/> (same seed, same bytes).</summary>
    public static byte[] Random(int length, int seed = 42)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Receives until the peer completes, hashing everything; returns (bytes, SHA-256).</summary>
    public static async Task<(long Bytes, byte[] Sha256)> ReceiveAllAsync(ITransportConnection connection, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[Math.Max(connection.Capabilities.MaxMessageSizeBytes ?? 0, 1 << 16)];
        long total = 0;
        while (true)
        {
            var result = await connection.ReceiveAsync(buffer, ct);
            if (result.IsCompleted) return (total, hash.GetHashAndReset());
            hash.AppendData(buffer, 0, result.Count);
            total += result.Count;
        }
    }

    /// <summary>Sends <paramref name="data"/> in chunks no larger than the transport allows, then completes the send side.</summary>
    public static async Task SendAllAsync(ITransportConnection connection, ReadOnlyMemory<byte> data, int chunkBytes, CancellationToken ct)
    {
        chunkBytes = Math.Min(chunkBytes, connection.Capabilities.MaxMessageSizeBytes ?? int.MaxValue);
        for (int offset = 0; offset < data.Length; offset += chunkBytes)
            await connection.SendAsync(data.Slice(offset, Math.Min(chunkBytes, data.Length - offset)), ct);
        await connection.CompleteSendAsync(ct);
    }

    /// <summary>Receives exactly <paramref name="count"/> bytes from a byte stream (or one message); throws on early completion.</summary>
    public static async Task<byte[]> ReceiveExactlyAsync(ITransportConnection connection, int count, CancellationToken ct)
    {
        var result = new byte[count];
        var buffer = new byte[Math.Max(connection.Capabilities.MaxMessageSizeBytes ?? 0, 1 << 16)];
        int filled = 0;
        while (filled < count)
        {
            var r = await connection.ReceiveAsync(buffer, ct);
            if (r.IsCompleted) throw new EndOfStreamException($"completed after {filled} of {count} bytes");
            if (filled + r.Count > count) throw new InvalidDataException($"received {filled + r.Count} bytes, expected {count}");
            buffer.AsSpan(0, r.Count).CopyTo(result.AsSpan(filled));
            filled += r.Count;
        }
        return result;
    }
}
