namespace Transports.Results;

/// <summary>One number of a transport set against the same number from a reference tool.</summary>
/// <param name="AnchorLabel">The anchor's label, e.g. "iperf3 tcp".</param>
/// <param name="TransportLabel">The transport result compared, e.g. "tcp 64 B".</param>
/// <param name="Metric">What is compared, e.g. "goodput" or "RTT p50".</param>
/// <param name="Unit">Unit of both values: "Gbit/s" or "µs".</param>
/// <param name="AnchorValue">The tool's value, in <paramref name="Unit"/>.</param>
/// <param name="HarnessValue">The transport's median over repeats, same unit.</param>
/// <param name="HigherIsBetter">True for goodput, false for latency.</param>
public sealed record AnchorComparison(string AnchorLabel, string TransportLabel, string Metric, string Unit, double AnchorValue, double HarnessValue, bool HigherIsBetter)
{
    /// <summary>Harness value / anchor value (e.g. 0.9 = the harness moved 90% of iperf3's goodput, or had 90% of sockperf's RTT).</summary>
    public double Ratio => HarnessValue / AnchorValue;
}

/// <summary>
/// The comparisons a results document supports: every anchor that ran, against each ok transport result with the
/// anchor's transport and variant parameters. A pure function of the document, so every view shows the same ratios.
/// </summary>
public static class AnchorComparisons
{
    /// <summary>Computes the comparisons of <paramref name="document"/>, in anchor order.</summary>
    /// <param name="document">A results document.</param>
    public static IReadOnlyList<AnchorComparison> Compute(ResultsDocument document)
    {
        var list = new List<AnchorComparison>();
        foreach (var anchor in document.Anchors.Where(a => a.Status == TransportStatus.Ok))
        {
            foreach (var t in document.Transports.Where(t => Matches(anchor, t)))
            {
                var s = t.Summary!;
                if (anchor.GoodputBitsPerSecond is > 0 and double bps && s.GoodputBitsPerSecond is { Median: > 0 } g)
                    list.Add(new(anchor.Label, t.Label, "goodput", "Gbit/s", bps / 1e9, g.Median / 1e9, HigherIsBetter: true));
                if (anchor.Latency is { } l && l.P50Ms > 0 && s.LatencyP50Ms is { } p50)
                    list.Add(new(anchor.Label, t.Label, $"{l.Kind.ToUpperInvariant()} p50", "µs", l.P50Ms * 1000, p50.Median * 1000, HigherIsBetter: false));
                if (anchor.Latency is { } m && m.P99Ms > 0 && s.LatencyP99Ms is { } p99)
                    list.Add(new(anchor.Label, t.Label, $"{m.Kind.ToUpperInvariant()} p99", "µs", m.P99Ms * 1000, p99.Median * 1000, HigherIsBetter: false));
            }
        }
        return list;
    }

    /// <summary>
    /// True when <paramref name="t"/> ran ok with exactly the anchor's feature set and every one of the anchor's variant
    /// parameters. Values compare by their text (<see cref="ParameterText"/>), so a v1 document's "64" matches 64.
    /// </summary>
    private static bool Matches(AnchorResult anchor, TransportResult t)
        => t.Status == TransportStatus.Ok && t.Summary is not null
            && anchor.ComparableFeatures.Count > 0
            && t.Features.ToHashSet(StringComparer.Ordinal).SetEquals(anchor.ComparableFeatures)
            && anchor.Parameters.All(p => t.Parameters.TryGetPropertyValue(p.Key, out var v) && ParameterText.Of(v) == ParameterText.Of(p.Value));
}
