using Transports.Results;
using Transports.Results.Metrics;
using Transports.Views.Tables;
using Transports.Views.Charts;

namespace Transports.Views;

/// <summary>
/// Chooses and describes the charts of a run (or of two runs side by side) from the results document; the renderer
/// draws them with ScottPlot. A pure function: the same document gives the same charts, and only the charts whose
/// data exist are produced. Only transports with status <see cref="TransportStatus.Ok"/> are charted; the others are
/// named in each chart's subtitle.
/// </summary>
public static class ChartSpecs
{
    /// <summary>
    /// The charts of one run, in display order: <c>goodput</c>, <c>goodput-timeline</c>, <c>cpu-per-gib</c>,
    /// <c>latency-percentiles</c>, <c>flow-delays</c> (multi-flow runs: hol), <c>flow-goodput</c> (parallel connections: bigfile -connections), <c>rtt-inflation-p50</c>/<c>-p99</c> (pingpong -under-load), <c>handshakes-per-second</c> (connect), <c>requests-per-second</c> (rpc), <c>loss</c>, <c>jitter</c>; each only when some transport has its data. Anchors
    /// (reference tools run with <c>-anchors</c>) appear where they compare: iperf3's goodput as a red tick on the
    /// tcp bar, sockperf's RTT distribution as a dashed line in its transport's color.
    /// </summary>
    /// <param name="doc">The results document.</param>
    /// <returns>The charts; empty when no transport has numbers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="doc"/> is null.</exception>
    public static IReadOnlyList<ChartSpec> ForRun(ResultsDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        // plaintext transports first, then encrypted ones, when a run has both (like for like side by side)
        var charted = EncryptionGroups.Order(doc.Transports.Where(t => t.Status == TransportStatus.Ok).ToArray(), t => t).ToArray();
        var labels = charted.Select(t => t.Label).Distinct(StringComparer.Ordinal).ToArray();
        // Caption (machine, date, run), the groups and the transports left out: the last subtitle lines of every chart.
        string[] context = [.. ChartStyle.Caption(doc), .. new[] { EncryptionGroups.Caption(charted), NotShown(doc) }.OfType<string>()];
        var specs = new List<ChartSpec>();

        var comparisons = AnchorComparisons.Compute(doc);

        void AddBars(string name, string title, ChartMetric metric, string note, IReadOnlyList<AnchorMark>? anchors = null)
        {
            var rows = charted
                .Select(t => metric.Stats(t) is { } s ? new BarRow(t.Label, null, s, metric.RepeatValues(t)) : null)
                .OfType<BarRow>()
                .ToArray();
            if (rows.Length == 0) return;
            string legend = anchors is { Count: > 0 } ? $"{SpreadBarChart.Legend} · red tick: reference tool, same run" : SpreadBarChart.Legend;
            string[] subtitle = [$"{legend} · {note}", .. context];
            specs.Add(SpreadBarChart.Build(name, title, subtitle, metric, rows, labels, null, anchors));
        }

        var goodputAnchors = comparisons.Where(c => c.MetricId == MetricCatalog.Goodput.Id)
            .Select(c => new AnchorMark(c.TransportLabel, c.AnchorLabel, c.AnchorValue)).ToArray();
        AddBars("goodput", "Goodput per transport", new(MetricCatalog.Goodput), "payload delivered / transfer time", goodputAnchors);
        if (TimelineChart.Build(charted, labels, context) is { } timeline) specs.Add(timeline);
        AddBars("cpu-per-gib", "CPU cost per GiB delivered", new(MetricCatalog.CpuPerGiB), "client and server in one process, lower is better");
        var latencyAnchors = comparisons.Where(c => c.MetricId == MetricCatalog.RttP50.Id || c.MetricId == MetricCatalog.OwdP50.Id)
            .Select(c => (c.TransportLabel, Anchor: doc.Anchors.First(a => a.Label == c.AnchorLabel)))
            .Where(p => p.Anchor.Latency is { Distribution.Count: > 0 })
            .Select(p => (p.TransportLabel, p.Anchor.Tool, p.Anchor.Latency!))
            .ToArray();
        if (LatencyChart.Build(charted, labels, context, latencyAnchors) is { } latency) specs.Add(latency);
        if (FlowDelayChart.Build(charted, labels, context) is { } flowDelays) specs.Add(flowDelays);
        if (ParallelFlowChart.Build(charted, labels, context) is { } flowGoodput) specs.Add(flowGoodput);
        AddBars("rtt-inflation-p50", "RTT inflation under load, p50", new(MetricCatalog.RttInflationP50), "loaded p50 RTT / idle p50 RTT (pingpong -under-load), 1 = the load costs nothing, lower is better");
        AddBars("rtt-inflation-p99", "RTT inflation under load, p99", new(MetricCatalog.RttInflationP99), "loaded p99 RTT / idle p99 RTT (pingpong -under-load), lower is better");
        AddBars("handshakes-per-second", "New connections per second (HPS)", new(MetricCatalog.HandshakesPerSecond), "completed connects per second: handshakes, one request/response, close");
        AddBars("requests-per-second", "Requests per second (RPS)", new(MetricCatalog.RequestsPerSecond), "completed request/response pairs per second, every response verified");
        AddBars("loss", "Loss per transport", new(MetricCatalog.Loss), "lower is better");
        AddBars("jitter", "Jitter per transport", new(MetricCatalog.Jitter), "RFC 3550 §6.4.1 estimator at the end of the run");
        return specs;
    }

    /// <summary>
    /// Two runs side by side, bars grouped by transport label with color = run: <c>compare-goodput</c>,
    /// <c>compare-cpu-per-gib</c>, <c>compare-latency-p99</c>, <c>compare-loss</c>, each only when either run has
    /// its data. Transports are matched by <see cref="TransportResult.Label"/>.
    /// </summary>
    /// <param name="a">The first (baseline) run.</param>
    /// <param name="b">The second (candidate) run.</param>
    /// <returns>The charts; empty when neither run has numbers.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="a"/> or <paramref name="b"/> is null.</exception>
    public static IReadOnlyList<ChartSpec> ForComparison(ResultsDocument a, ResultsDocument b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (nameA, nameB) = RunNames(a, b);
        var runs = new[] { (Name: nameA, Doc: a), (Name: nameB, Doc: b) };
        var labels = runs.SelectMany(r => r.Doc.Transports.Where(t => t.Status == TransportStatus.Ok).Select(t => t.Label))
            .Distinct(StringComparer.Ordinal).ToArray();
        string[] groups = [nameA, nameB];
        var captions = new[] { (nameA, a), (nameB, b) }
            .Select(r => $"{r.Item1}: {ChartStyle.Machine(r.Item2)} · {ChartStyle.When(r.Item2)}{(ChartStyle.Path(r.Item2) is { } p ? " · " + p : "")}{(r.Item2.Run.Complete ? "" : " · INCOMPLETE")}")
            .ToArray();
        var specs = new List<ChartSpec>();

        void AddBars(string name, string title, ChartMetric metric)
        {
            var rows = runs
                .SelectMany(r => r.Doc.Transports.Where(t => t.Status == TransportStatus.Ok)
                    .Select(t => metric.Stats(t) is { } s ? new BarRow(t.Label, r.Name, s, metric.RepeatValues(t)) : null))
                .OfType<BarRow>()
                .ToArray();
            if (rows.Length == 0) return;
            specs.Add(SpreadBarChart.Build(name, title, [SpreadBarChart.Legend, .. captions], metric, rows, labels, groups));
        }

        AddBars("compare-goodput", "Goodput: two runs compared", new(MetricCatalog.Goodput));
        AddBars("compare-cpu-per-gib", "CPU cost per GiB: two runs compared", new(MetricCatalog.CpuPerGiB));
        // RTT for pingpong, one-way delay for datagrams: the one the runs measured.
        var p99 = new[] { MetricCatalog.RttP99, MetricCatalog.OwdP99 }
            .FirstOrDefault(m => runs.Any(r => r.Doc.Transports.Any(t => t.Repeats.Any(x => m.ValueIn(x) is not null)))) ?? MetricCatalog.RttP99;
        AddBars("compare-latency-p99", "p99 latency: two runs compared", new(p99));
        AddBars("compare-loss", "Loss: two runs compared", new(MetricCatalog.Loss));
        return specs;
    }

    /// <summary>Legend names of two runs: "A: id" and "B: id" (the letters keep them apart when the ids are equal).</summary>
    /// <remarks>When either run crossed an emulated link, each name says which (e.g. "A: 2026…-hol · link wan"), so one
    /// transport on two links reads as such; a run without one says "loopback" (or "agent" in two-host mode).</remarks>
    internal static (string A, string B) RunNames(ResultsDocument a, ResultsDocument b)
    {
        if (a.Run.Link is null && b.Run.Link is null) return ($"A: {a.Run.Id}", $"B: {b.Run.Id}");
        static string Where(ResultsDocument d) => d.Run.Link is { } l ? $"link {l.Spec}" : d.Run.Remote is not null ? "agent, no link" : "loopback";
        return ($"A: {a.Run.Id} · {Where(a)}", $"B: {b.Run.Id} · {Where(b)}");
    }

    private static string? NotShown(ResultsDocument doc)
    {
        var others = doc.Transports.Where(t => t.Status != TransportStatus.Ok)
            .Select(t => $"{t.Label} ({t.Status.Text()})")
            .ToArray();
        return others.Length == 0 ? null : "Not shown: " + string.Join(", ", others);
    }
}
