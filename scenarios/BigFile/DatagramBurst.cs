namespace Transports.Scenarios.BigFile;

/// <summary>
/// How bigfile groups datagrams for a transport that sends many in one call
/// (<see cref="Transports.Abstractions.IDatagramBatchSender"/>): up to <see cref="MaxBurstBytes"/> of datagrams per
/// call (one UDP GSO send: the kernel's 64 KiB limit), and no more than <see cref="MaxBurstMs"/> of data at the target
/// rate, so a slow rate is still paced datagram by datagram. The pacing is per burst: the burst is due when its first
/// byte would be, and every datagram in it carries the same send timestamp.
/// </summary>
internal static class DatagramBurst
{
    /// <summary>Most bytes (headers included) in one burst.</summary>
    public const int MaxBurstBytes = 64 * 1024;

    /// <summary>Most data in one burst, in milliseconds at the target rate.</summary>
    public const double MaxBurstMs = 0.5;

    /// <summary>Datagrams per burst for <paramref name="datagramBytes"/>-byte datagrams at <paramref name="rateBitsPerSecond"/> (0 = unpaced); at least 1.</summary>
    public static int Datagrams(int datagramBytes, double rateBitsPerSecond)
    {
        long bytes = MaxBurstBytes;
        if (rateBitsPerSecond > 0) bytes = Math.Min(bytes, (long)(rateBitsPerSecond / 8 * MaxBurstMs / 1000));
        return (int)Math.Max(1, bytes / datagramBytes);
    }

    /// <summary>
    /// The receiver's transport statistics with the sender's added where the receiver has no such key (a udp sender
    /// reports its send calls, its receiver the receive calls).
    /// </summary>
    public static IReadOnlyDictionary<string, double> MergeStatistics(IReadOnlyDictionary<string, double> receiver, IReadOnlyDictionary<string, double> sender)
    {
        if (sender.Count == 0) return receiver;
        var merged = new Dictionary<string, double>(receiver);
        foreach (var (key, value) in sender) merged.TryAdd(key, value);
        return merged;
    }
}
