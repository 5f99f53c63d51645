using Transports.Results.Metrics;

namespace Transports.Results;

/// <summary>One number of a transport set against the same number from a reference tool.</summary>
/// <param name="AnchorLabel">The anchor's label, e.g. "iperf3 tcp".</param>
/// <param name="TransportLabel">The transport result compared, e.g. "tcp 64 B".</param>
/// <param name="Metric">What is compared: the metric's <see cref="MetricDefinition.Header"/>, e.g. "goodput" or "RTT p50".</param>
/// <param name="Unit">Unit of both values: the metric's <see cref="MetricDefinition.DisplayUnit"/>, e.g. "Gbit/s" or "µs".</param>
/// <param name="AnchorValue">The tool's value, in <paramref name="Unit"/>.</param>
/// <param name="HarnessValue">The transport's median over repeats, same unit.</param>
/// <param name="HigherIsBetter">True for goodput, false for latency (the metric's <see cref="MetricDefinition.Better"/>).</param>
/// <param name="MetricId">The catalog id of the compared metric, e.g. <c>rtt_p50_ms</c>.</param>
public sealed record AnchorComparison(string AnchorLabel, string TransportLabel, string Metric, string Unit, double AnchorValue, double HarnessValue, bool HigherIsBetter, string MetricId)
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
                if (anchor.GoodputBitsPerSecond is > 0 and double bps)
                    Add(MetricCatalog.Goodput, bps);
                if (anchor.RequestsPerSecond is > 0 and double rps)
                    Add(MetricCatalog.RequestsPerSecond, rps);
                if (anchor.Latency is { } l)
                {
                    var (p50, p99) = l.Kind == "rtt" ? (MetricCatalog.RttP50, MetricCatalog.RttP99) : (MetricCatalog.OwdP50, MetricCatalog.OwdP99);
                    if (l.P50Ms > 0) Add(p50, l.P50Ms);
                    if (l.P99Ms > 0) Add(p99, l.P99Ms);
                }

                void Add(MetricDefinition metric, double anchorValue)
                {
                    if (s.Get(metric) is not { } spread || metric.Headline(spread) <= 0 && metric.Better == BetterDirection.Higher) return;
                    list.Add(new(anchor.Label, t.Label, metric.Header, metric.DisplayUnit, anchorValue * metric.DisplayScale,
                        metric.Headline(spread) * metric.DisplayScale, metric.Better == BetterDirection.Higher, metric.Id));
                }
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
