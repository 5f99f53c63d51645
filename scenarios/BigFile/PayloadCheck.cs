namespace Transports.Scenarios.BigFile;

/// <summary>
/// Verifies datagram payloads one by one when the receiver keeps no copy of the file (null sink): datagram
/// <c>sequence</c> carries the input's bytes at <c>sequence × payload size</c>, so its payload is compared with those
/// bytes, read from the input (page cache) by pread through a 1 MiB window (datagrams arrive mostly in order, so one
/// read serves hundreds of them). A payload that differs, has the wrong length or claims another offset in its header
/// is corruption, counted in <see cref="Mismatched"/>; a datagram that never arrived is loss, not counted here.
/// </summary>
internal sealed class PayloadCheck(InputReader source, int payloadBytes)
{
    /// <summary>The method name results record for this check.</summary>
    public const string MethodName = "payload-compare";

    private const int WindowBytes = 1 << 20;
    private readonly byte[] _window = GC.AllocateUninitializedArray<byte>(Math.Max(WindowBytes / payloadBytes, 1) * payloadBytes);
    private long _windowStart = -1;
    private int _windowLength;

    /// <summary>Datagrams compared.</summary>
    public long Compared { get; private set; }

    /// <summary>Datagrams whose payload (or its header offset) differed from the input.</summary>
    public long Mismatched { get; private set; }

    /// <summary>Sequence number of the first datagram that differed, or -1.</summary>
    public long FirstMismatch { get; private set; } = -1;

    /// <summary>The outcome so far, for the report.</summary>
    public PayloadCheckResult ToResult() => new(Compared, Mismatched, FirstMismatch);

    /// <summary>Compares one new datagram's payload with the input; true when it matches.</summary>
    /// <param name="sequence">Its sequence number (in range).</param>
    /// <param name="headerOffset">The file offset its header claims.</param>
    /// <param name="payload">Its payload.</param>
    /// <exception cref="Core.IntegrityException">The input file changed during the run.</exception>
    public bool Check(long sequence, ulong headerOffset, ReadOnlySpan<byte> payload)
    {
        Compared++;
        long offset = sequence * payloadBytes;
        int expectedLength = (int)Math.Min(payloadBytes, source.Length - offset);
        bool ok = (ulong)offset == headerOffset && payload.Length == expectedLength && payload.SequenceEqual(Expected(offset, expectedLength));
        if (!ok)
        {
            Mismatched++;
            if (FirstMismatch < 0) FirstMismatch = sequence;
        }
        return ok;
    }

    private ReadOnlySpan<byte> Expected(long offset, int length)
    {
        if (offset < _windowStart || offset + length > _windowStart + _windowLength)
        {
            _windowStart = offset;
            _windowLength = source.Read(_window, offset);
        }
        return _window.AsSpan((int)(offset - _windowStart), length);
    }
}
