using System.Globalization;
using Transports.Results;
using Transports.Views.Charts;

namespace Transports.Views.Tables;

/// <summary>
/// The parallel connections of a bulk run (<c>bigfile -connections N</c>) as text: one line per transport with its
/// fairness index and every flow's goodput over the common interval, from the repeat with the median fairness. A pure
/// function of the results document; console and summary.md print the same lines.
/// </summary>
public static class ParallelFlowView
{
    /// <summary>One line per transport that ran several connections; empty when none did.</summary>
    /// <param name="document">The results.</param>
    public static IReadOnlyList<string> Lines(ResultsDocument document)
    {
        var lines = new List<string>();
        foreach (var t in document.Transports)
        {
            if (RepresentativeRepeat.Pick(t, m => m.ParallelFlows is { Flows.Count: > 0 }, m => m.ParallelFlows?.JainFairness) is not { } pick) continue;
            var p = pick.Repeat.ParallelFlows!;
            string fairness = p.JainFairness is { } j
                ? string.Create(CultureInfo.InvariantCulture, $"Jain's fairness {j:0.000} over the {p.CommonIntervalMs:0} ms all {p.Connections} were moving bytes")
                : "the flows never overlapped: no fairness";
            string flows = string.Join(", ", p.Flows.Select(f => NumberFormat.Significant(f.CommonGoodputBitsPerSecond / 1e9)));
            lines.Add($"{t.Label}: {p.Connections} connections, each carrying the file (repeat {pick.Number}): {fairness}; per-flow goodput in that interval, Gbit/s: {flows}");
        }
        return lines;
    }
}
