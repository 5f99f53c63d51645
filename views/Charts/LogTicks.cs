namespace Transports.Views.Charts;

/// <summary>
/// Ticks of a base-10 log axis drawn on log10-transformed values: 1, 2 and 5 times each power of ten inside the data
/// range (only the powers of ten when the range spans more than three decades), labeled with the value itself.
/// </summary>
internal static class LogTicks
{
    /// <summary>Positions (log10 of the value) and labels for values between <paramref name="min"/> and <paramref name="max"/> (both &gt; 0).</summary>
    public static (double[] Positions, string[] Labels) For(double min, double max)
    {
        int first = (int)Math.Floor(Math.Log10(min));
        int last = (int)Math.Ceiling(Math.Log10(max));
        double[] steps = last - first > 3 ? [1] : [1, 2, 5];
        var values = new List<double>();
        for (int d = first; d <= last; d++)
            foreach (var step in steps)
            {
                double v = step * Math.Pow(10, d);
                if (v >= min / 1.3 && v <= max * 1.3) values.Add(v);
            }
        if (values.Count < 2) values = [Math.Pow(10, first), Math.Pow(10, last == first ? last + 1 : last)];
        return (values.Select(Math.Log10).ToArray(), values.Select(v => v.ToString("0.#########", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
    }
}
