namespace Transports.Views.Charts;

/// <summary>One bar: a transport (and, in comparisons, a run) with the spread of a metric and its repeat values.</summary>
/// <param name="Label">Transport label (x axis).</param>
/// <param name="Group">Run name in comparisons (side by side within the transport, and the color); null for a single run.</param>
/// <param name="Stats">Median, range and CI, display units.</param>
/// <param name="Repeats">Every repeat's value, display units (drawn as dots).</param>
internal sealed record BarRow(string Label, string? Group, SpreadStats Stats, IReadOnlyList<double> Repeats);

/// <summary>A reference tool's value drawn on a transport's bar (e.g. iperf3's goodput on the tcp bar).</summary>
/// <param name="Label">Transport label of the bar.</param>
/// <param name="Anchor">Anchor label, e.g. "iperf3 tcp".</param>
/// <param name="Value">The tool's value, display units.</param>
internal sealed record AnchorMark(string Label, string Anchor, double Value);
