using Transports.Results;

namespace Transports.Views.Specs;

/// <summary>Median, extremes and 95% confidence interval of one metric over the repeats, already in display units.</summary>
internal sealed record SpreadStats(double Median, double Min, double Max, double Ci95Low, double Ci95High, int Count)
{
    /// <summary>The results writer's summary, scaled to display units (e.g. bit/s times 1e-9 gives Gbit/s).</summary>
    public static SpreadStats FromSpread(Spread s, double scale)
        => new(s.Median * scale, s.Min * scale, s.Max * scale, s.Ci95Low * scale, s.Ci95High * scale, s.Count);

    /// <summary>
    /// Median and range of raw values, for documents without a summary. The interval is the full range: the
    /// order-statistics CI needs the results writer's method, and the range is the honest wider bound.
    /// </summary>
    public static SpreadStats? FromValues(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new SpreadStats(median, sorted[0], sorted[^1], sorted[0], sorted[^1], sorted.Length);
    }
}
