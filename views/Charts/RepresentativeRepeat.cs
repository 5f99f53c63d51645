using Transports.Results;
using Transports.Results.Statistics;

namespace Transports.Views.Charts;

/// <summary>
/// Picks the one repeat a per-transport curve (timeline, percentile plot) is drawn from: among the repeats that have
/// the curve's data, the one whose headline number is closest to their median (the first such on ties), so the
/// curve shows a typical repeat rather than the best or the worst.
/// </summary>
internal static class RepresentativeRepeat
{
    /// <summary>The chosen repeat and its 1-based index, or null when no repeat has data.</summary>
    public static (Measurement Repeat, int Number)? Pick(
        TransportResult result, Func<Measurement, bool> hasCurve, Func<Measurement, double?> headline)
    {
        var candidates = result.Repeats
            .Select((m, i) => (Repeat: m, Number: i + 1, Value: headline(m)))
            .Where(c => hasCurve(c.Repeat))
            .ToArray();
        if (candidates.Length == 0) return null;
        var values = candidates.Where(c => c.Value is { } v && double.IsFinite(v)).Select(c => c.Value!.Value).ToArray();
        if (SpreadCalculator.Of(values) is not { } stats) return (candidates[0].Repeat, candidates[0].Number);
        var best = candidates
            .Where(c => c.Value is { } v && double.IsFinite(v))
            .MinBy(c => Math.Abs(c.Value!.Value - stats.Median));
        return (best.Repeat, best.Number);
    }
}
