using System.Globalization;

namespace Transports.Views.Charts;

/// <summary>
/// The "nines" scale of an HDR-style percentile plot: percentile p (0–100, exclusive of 100) sits at
/// x = −log10(1 − p/100), so 90%, 99%, 99.9%, 99.99% are one unit apart (0% at 0, 50% at 0.301). The 100th percentile
/// (the maximum) has no position on it.
/// </summary>
internal static class NinesAxis
{
    /// <summary>The axis title, with the unit of its labels.</summary>
    public const string Title = "Percentile (%, nines scale: −log10(1 − p))";

    private static readonly double[] Percentiles = [0, 50, 90, 99, 99.9, 99.99, 99.999, 99.9999];

    /// <summary>The position of percentile <paramref name="percentile"/> (0 ≤ p &lt; 100).</summary>
    public static double X(double percentile) => -Math.Log10(1 - percentile / 100.0);

    /// <summary>True when <paramref name="percentile"/> has a place on the scale (0 ≤ p &lt; 100, finite).</summary>
    public static bool Fits(double percentile) => percentile is >= 0 and < 100;

    /// <summary>
    /// Tick positions and labels ("50%", "90%", "99%", "99.9%", …) up to the largest x drawn (at least up to 90%);
    /// 0% keeps its tick without a label, being too close to 50% to be read.
    /// </summary>
    public static (double[] Positions, string[] Labels) Ticks(double maxX)
    {
        var chosen = Percentiles.Where((p, i) => i < 3 || X(p) <= maxX * 1.0001).ToArray();
        return (chosen.Select(X).ToArray(),
            chosen.Select(p => p == 0 ? "" : p.ToString("0.#####", CultureInfo.InvariantCulture) + "%").ToArray());
    }
}
