using Transports.Results.Statistics;

namespace Transports.Results.Metrics;

/// <summary>
/// One number the harness reports, declared once in <see cref="MetricCatalog"/>: what it is, its unit, how to show it,
/// which way is better, how a repeat's value is read and how repeats aggregate. Every view (console, CSV, Markdown and
/// HTML tables, charts), the summary in results.json and anchor comparisons read it from here, so a new metric is one
/// declaration plus the code that measures it. A CI gate or an advisor needs <see cref="Id"/>, <see cref="Unit"/>,
/// <see cref="Better"/> and <see cref="Aggregation"/>, and compares only <see cref="Gateable"/> metrics.
/// </summary>
public sealed record MetricDefinition
{
    /// <summary>
    /// Stable identifier: snake_case ending with the unit of the stored value (e.g. <c>goodput_bits_per_s</c>,
    /// <c>rtt_p50_ms</c>, <c>loss_percent</c>). The key in <see cref="Summary.Metrics"/>, in
    /// <see cref="Measurement.Values"/> for stored metrics, and the summary.csv column.
    /// </summary>
    public required string Id { get; init; }

    /// <summary>Short column title without the unit, e.g. "goodput", "RTT p50".</summary>
    public required string Header { get; init; }

    /// <summary>Name for chart axes and prose, e.g. "Goodput", "Interarrival jitter, RFC 3550".</summary>
    public required string Name { get; init; }

    /// <summary>One sentence: what is measured and how, with the source of any statistic (RFC section, paper).</summary>
    public required string Description { get; init; }

    /// <summary>Unit of the stored value (the one in <see cref="Id"/>), e.g. "bit/s", "ms", "%", "B", "1" for counts.</summary>
    public required string Unit { get; init; }

    /// <summary>Unit the views show, e.g. "Gbit/s"; empty for plain counts.</summary>
    public required string DisplayUnit { get; init; }

    /// <summary>Factor from <see cref="Unit"/> to <see cref="DisplayUnit"/> (bit/s to Gbit/s is 1e-9).</summary>
    public double DisplayScale { get; init; } = 1;

    /// <summary>
    /// .NET numeric format of the displayed value (invariant culture), e.g. "0.00"; empty for about three
    /// significant digits.
    /// </summary>
    public string Format { get; init; } = "";

    /// <summary>Which way is better.</summary>
    public required BetterDirection Better { get; init; }

    /// <summary>How the repeats' values reduce to the headline value.</summary>
    public Aggregation Aggregation { get; init; } = Aggregation.Median;

    /// <summary>The kinds of scenario the metric describes (a table shows it for runs of these kinds).</summary>
    public required ScenarioKind Scenarios { get; init; }

    /// <summary>True when a CI gate compares it between runs and an advisor may rank transports by it.</summary>
    public bool Gateable { get; init; }

    /// <summary>
    /// The smallest change of a <see cref="Gateable"/> metric a CI gate treats as real, as a fraction of the baseline's
    /// median (0.05 = 5 %); a smaller change passes however significant. Overridable per metric and transport in the
    /// gate's config file (docs/CI.md). 0 for metrics that are not gated.
    /// </summary>
    public double GateMinimumEffect { get; init; }

    /// <summary>
    /// A floor under <see cref="GateMinimumEffect"/> in <see cref="Unit"/>, for metrics whose baseline is often near zero
    /// (loss, jitter, allocations per message): the gate's margin is the larger of the two. 0 when none.
    /// </summary>
    public double GateMinimumAbsolute { get; init; }

    /// <summary>True when the comparison tables (console, Markdown, HTML) show it; summary.csv holds every metric.</summary>
    public bool InTable { get; init; }

    /// <summary>
    /// Reads one repeat's value in <see cref="Unit"/> from the shared sections of a <see cref="Measurement"/>; null
    /// when the repeat lacks it. Null for a metric the scenario stores itself in <see cref="Measurement.Values"/>
    /// under <see cref="Id"/> (see <see cref="IsStored"/>).
    /// </summary>
    public Func<Measurement, double?>? Selector { get; init; }

    /// <summary>Keys of results schema v1's <c>transportStatistics</c> that carried this number (<c>scenario_…</c>), for reading v1 documents.</summary>
    public IReadOnlyList<string> V1StatisticKeys { get; init; } = [];

    /// <summary>True when the value lives in <see cref="Measurement.Values"/> rather than in a shared section.</summary>
    public bool IsStored => Selector is null;

    /// <summary>The value of this metric in one repeat, in <see cref="Unit"/>; null when absent or not a number.</summary>
    /// <param name="repeat">One measured repeat.</param>
    public double? ValueIn(Measurement repeat)
    {
        double? value = Selector is { } select ? select(repeat) : repeat.Values.TryGetValue(Id, out var v) ? v : null;
        return value is double d && !double.IsNaN(d) ? d : null;
    }

    /// <summary>Median, extremes and 95% CI of the median over <paramref name="repeats"/> (<see cref="SpreadCalculator"/>); null when no repeat has the value.</summary>
    /// <param name="repeats">The measured repeats of one transport.</param>
    public Spread? Summarize(IEnumerable<Measurement> repeats) => SpreadCalculator.Of(repeats.Select(ValueIn).OfType<double>());

    /// <summary>The headline value of <paramref name="spread"/> by <see cref="Aggregation"/> (median or max), in <see cref="Unit"/>.</summary>
    /// <param name="spread">The spread over repeats.</param>
    public double Headline(Spread spread) => Aggregation == Aggregation.Max ? spread.Max : spread.Median;

    /// <summary>The column header with the display unit, e.g. "goodput Gbit/s".</summary>
    public string HeaderWithUnit => DisplayUnit.Length == 0 ? Header : $"{Header} {DisplayUnit}";

    /// <summary>The chart axis title, e.g. "Goodput (Gbit/s)".</summary>
    public string Title => DisplayUnit.Length == 0 ? Name : $"{Name} ({DisplayUnit})";
}
