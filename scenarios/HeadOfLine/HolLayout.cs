using System.Buffers.Binary;
using Transports.Scenarios.Core;
using Transports.Scenarios.Messages;

namespace Transports.Scenarios.HeadOfLine;

/// <summary>
/// The layout of a hol message: bytes 0-7 the flow's own sequence number and bytes 8-15 the timestamp, as
/// <see cref="MessageLayout"/> (little-endian int64; 0, 1, 2, … measured, −2, −3, … warm-up, <see cref="MessageLayout.EndMarker"/>
/// ends a stream), bytes 16-19 the flow id (little-endian int32), then <see cref="MessageLayout"/>'s filler, verified
/// byte for byte.
/// </summary>
public static class HolLayout
{
    /// <summary>Header size in bytes: the smallest valid message size.</summary>
    public const int HeaderBytes = 20;

    /// <summary>A message of <paramref name="sizeBytes"/> bytes: zero header, filler after it.</summary>
    /// <param name="sizeBytes">At least <see cref="HeaderBytes"/>.</param>
    public static byte[] NewMessage(int sizeBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sizeBytes, HeaderBytes);
        return MessageLayout.NewMessage(sizeBytes);
    }

    /// <summary>Writes the header into <paramref name="message"/>.</summary>
    /// <param name="message">The message buffer.</param>
    /// <param name="flow">Flow id.</param>
    /// <param name="sequence">The flow's sequence number.</param>
    /// <param name="timestampTicks">Intended send time, Stopwatch ticks (the end marker: the measured messages sent).</param>
    public static void WriteHeader(Span<byte> message, int flow, long sequence, long timestampTicks)
    {
        MessageLayout.WriteHeader(message, sequence, timestampTicks);
        BinaryPrimitives.WriteInt32LittleEndian(message[16..], flow);
    }

    /// <summary>The flow id of <paramref name="message"/>.</summary>
    /// <param name="message">A received message.</param>
    public static int ReadFlow(ReadOnlySpan<byte> message) => BinaryPrimitives.ReadInt32LittleEndian(message[16..]);

    /// <summary>Checks the size and the filler after the header against <paramref name="template"/> (a <see cref="NewMessage"/> of the same size).</summary>
    /// <param name="message">A received message.</param>
    /// <param name="template">The reference message.</param>
    /// <exception cref="IntegrityException">Size or filler differ: the bytes were corrupted.</exception>
    public static void Verify(ReadOnlySpan<byte> message, ReadOnlySpan<byte> template)
    {
        if (message.Length != template.Length)
            throw new IntegrityException($"hol: received a message of {message.Length} B, expected {template.Length} B");
        if (!message[HeaderBytes..].SequenceEqual(template[HeaderBytes..]))
            throw new IntegrityException($"hol: flow {ReadFlow(message)} message {MessageLayout.ReadSequence(message)}: payload bytes after the header are corrupted");
    }

    /// <summary>
    /// The flow and the flow's sequence number of the sender's <paramref name="globalSequence"/>-th message: the flows take
    /// turns (message k goes to flow k mod N), so each flow is paced at the same rate and the flows interleave evenly.
    /// Warm-up messages (−2, −3, …) map to −2, −3, … within each flow.
    /// </summary>
    /// <param name="globalSequence">The sender's sequence number (<see cref="SendSchedule"/>).</param>
    /// <param name="flows">Number of flows.</param>
    public static (int Flow, long Sequence) FlowOf(long globalSequence, int flows)
    {
        if (globalSequence >= 0) return ((int)(globalSequence % flows), globalSequence / flows);
        long warmup = MessageLayout.FirstWarmup - globalSequence; // 0, 1, 2, …
        return ((int)(warmup % flows), MessageLayout.FirstWarmup - warmup / flows);
    }

    /// <summary>Measured messages sent on <paramref name="flow"/> when the sender sent <paramref name="totalSent"/> in turns.</summary>
    /// <param name="totalSent">Measured messages sent, every flow.</param>
    /// <param name="flow">Flow id.</param>
    /// <param name="flows">Number of flows.</param>
    public static long SentOn(long totalSent, int flow, int flows) => totalSent / flows + (flow < totalSent % flows ? 1 : 0);
}
