using Transports.Results;
using Transports.Results.Statistics;

namespace Transports.Views.Charts;

/// <summary>Median, extremes and 95% confidence interval of one metric over the repeats, already in display units.</summary>
internal sealed record SpreadStats(double Median, double Min, double Max, double Ci95Low, double Ci95High, int Count)
{
    /// <summary>A spread in stored units scaled to display units (e.g. bit/s times 1e-9 gives Gbit/s).</summary>
    public static SpreadStats FromSpread(Spread s, double scale)
        => new(s.Median * scale, s.Min * scale, s.Max * scale, s.Ci95Low * scale, s.Ci95High * scale, s.Count);

    /// <summary>The spread of raw values (<see cref="SpreadCalculator"/>: median and the order-statistics CI); null when empty.</summary>
    public static SpreadStats? FromValues(IReadOnlyList<double> values)
        => SpreadCalculator.Of(values) is { } s ? FromSpread(s, 1) : null;
}
