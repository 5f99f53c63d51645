using System.Buffers.Binary;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Messages;

/// <summary>
/// The layout of every message of the pingpong and datagrams scenarios: bytes 0-7 the sequence number, bytes 8-15 a
/// timestamp in Stopwatch ticks (both little-endian int64), then a fixed filler pattern the receiver verifies.
/// Sequence numbers: 0, 1, 2, … for measured messages; −2, −3, … for warm-up messages; <see cref="EndMarker"/> ends a
/// datagram stream (its timestamp field then carries the number of measured messages sent).
/// </summary>
public static class MessageLayout
{
    /// <summary>Header size in bytes: the smallest valid message size.</summary>
    public const int HeaderBytes = 16;

    /// <summary>Sequence number of the end-of-stream marker.</summary>
    public const long EndMarker = -1;

    /// <summary>Sequence number of the first warm-up message; later ones count down.</summary>
    public const long FirstWarmup = -2;

    /// <summary>A message of <paramref name="sizeBytes"/> bytes: zero header, filler after it.</summary>
    /// <param name="sizeBytes">At least <see cref="HeaderBytes"/>.</param>
    public static byte[] NewMessage(int sizeBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeBytes, HeaderBytes);
        var message = new byte[sizeBytes];
        for (int i = HeaderBytes; i < sizeBytes; i++) message[i] = Filler(i);
        return message;
    }

    /// <summary>Writes the header into <paramref name="message"/>.</summary>
    /// <param name="message">The message buffer.</param>
    /// <param name="sequence">Sequence number.</param>
    /// <param name="timestampTicks">Send (or intended send) time, Stopwatch ticks.</param>
    public static void WriteHeader(Span<byte> message, long sequence, long timestampTicks)
    {
        BinaryPrimitives.WriteInt64LittleEndian(message, sequence);
        BinaryPrimitives.WriteInt64LittleEndian(message[8..], timestampTicks);
    }

    /// <summary>The sequence number of <paramref name="message"/>.</summary>
    /// <param name="message">A received message.</param>
    public static long ReadSequence(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadInt64LittleEndian(message);

    /// <summary>The timestamp (Stopwatch ticks) of <paramref name="message"/>.</summary>
    /// <param name="message">A received message.</param>
    public static long ReadTimestamp(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadInt64LittleEndian(message[8..]);

    /// <summary>Checks the filler after the header against <paramref name="template"/> (a <see cref="NewMessage"/> of the same size).</summary>
    /// <param name="message">A received message.</param>
    /// <param name="template">The reference message.</param>
    /// <exception cref="IntegrityException">Size or filler differ: the bytes were corrupted.</exception>
    public static void Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> template)
    {
        if (message.Length != template.Length)
            throw new IntegrityException($"received a message of {message.Length} B, expected {template.Length} B");
        if (!message[HeaderBytes..].SequenceEqual(template[HeaderBytes..]))
            throw new IntegrityException($"message {ReadSequence(message)}: payload bytes after the header are corrupted");
    }

    private static byte Filler(int index) => (byte)(index * 31 + 7);
}
