namespace Transports.Scenarios.BigFile;

/// <summary>
/// The interval in which every parallel flow was moving bytes, and what each moved in it: from the last flow's first
/// byte to the first flow's last byte (all on the receiver's clock). A flow that starts late or finishes early would
/// otherwise look slow or fast for reasons other than its share of the path, which is what a fairness index compares.
/// Pure: bytes at an instant are read from the samples by linear interpolation between the two around it.
/// </summary>
internal static class CommonInterval
{
    /// <summary>The common interval and each flow's bytes in it; null when the flows never overlapped.</summary>
    /// <param name="firstLast">Each flow's first and last byte, receiver ticks (0 = none arrived).</param>
    /// <param name="samples">Received bytes per flow, in time order (<see cref="FlowSampler"/>).</param>
    /// <exception cref="ArgumentException">Sample rows do not have one count per flow.</exception>
    public static (long StartTicks, long EndTicks, double[] Bytes)? Of(IReadOnlyList<(long First, long Last)> firstLast, IReadOnlyList<FlowSample> samples)
    {
        if (firstLast.Count == 0 || samples.Count == 0 || firstLast.Any(f => f.First == 0)) return null;
        if (samples.Any(s => s.Bytes.Count != firstLast.Count)) throw new ArgumentException("every sample needs one count per flow", nameof(samples));
        long start = firstLast.Max(f => f.First), end = firstLast.Min(f => f.Last);
        if (end <= start) return null;
        var bytes = new double[firstLast.Count];
        for (int i = 0; i < bytes.Length; i++) bytes[i] = Math.Max(0, BytesAt(samples, i, end) - BytesAt(samples, i, start));
        return (start, end, bytes);
    }

    /// <summary>Flow <paramref name="flow"/>'s received bytes at <paramref name="ticks"/>, interpolated between samples.</summary>
    public static double BytesAt(IReadOnlyList<FlowSample> samples, int flow, long ticks)
    {
        if (ticks <= samples[0].Ticks) return samples[0].Bytes[flow];
        for (int k = 1; k < samples.Count; k++)
        {
            if (ticks > samples[k].Ticks) continue;
            var (a, b) = (samples[k - 1], samples[k]);
            double share = b.Ticks == a.Ticks ? 1 : (double)(ticks - a.Ticks) / (b.Ticks - a.Ticks);
            return a.Bytes[flow] + share * (b.Bytes[flow] - a.Bytes[flow]);
        }
        return samples[^1].Bytes[flow];
    }
}
