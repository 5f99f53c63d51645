using System.Globalization;
using System.Text;
using Transports.Results;
using Transports.Views.Specs;

namespace Transports.Views.Rendering;

/// <summary>The HTML sections that describe one run: what ran, the summary table, the environment, the transports' settings.</summary>
internal static class RunSections
{
    private sealed record Column(string Header, Func<TransportResult, string> Cell);

    private static readonly Column[] SummaryColumns =
    [
        new("Transport", t => t.Label),
        new("Status", t => t.Status.Text()),
        new("Repeats", t => t.Repeats.Count.ToString(CultureInfo.InvariantCulture)),
        new("Goodput, Gbit/s", t => Fmt.Spread(ChartMetric.Goodput.Stats(t))),
        new("Messages/s", t => Fmt.Spread(ChartMetric.MessagesPerSecond.Stats(t))),
        new("p50, ms", t => Fmt.Spread(ChartMetric.LatencyP50Ms.Stats(t))),
        new("p99, ms", t => Fmt.Spread(ChartMetric.LatencyP99Ms.Stats(t))),
        new("CPU s/GiB", t => Fmt.Spread(ChartMetric.CpuPerGiB.Stats(t))),
        new("Loss, %", t => Fmt.Spread(ChartMetric.LossPercent.Stats(t))),
        new("Jitter, ms", t => Fmt.Spread(ChartMetric.JitterMs.Stats(t))),
        new("Note", t => t.Error ?? ""),
    ];

    /// <summary>Scenario, id, times, completeness, arguments and parameters.</summary>
    public static void Run(StringBuilder html, ResultsDocument doc)
    {
        var run = doc.Run;
        if (!run.Complete)
            html.Append("<p class=\"warning\">Incomplete run: ").Append(Html.E(run.IncompleteReason ?? "interrupted")).Append(". Some numbers are missing or partial.</p>\n");
        var pairs = new List<KeyValuePair<string, string>>
        {
            new("Scenario", run.Scenario),
            new("Run id", run.Id),
            new("Started (UTC)", run.StartedUtc.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            new("Finished (UTC)", run.FinishedUtc?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? Fmt.None),
            new("Arguments", run.Arguments.Count == 0 ? Fmt.None : string.Join(' ', run.Arguments)),
            new("Harness version", run.HarnessVersion.Length == 0 ? Fmt.None : run.HarnessVersion),
        };
        pairs.AddRange(run.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValuePair<string, string>(p.Key, ParameterText.Of(p.Value))));
        Html.KeyValues(html, pairs);
    }

    /// <summary>One row per transport: status, repeats and the median (min–max) of each headline number; columns no transport has are left out.</summary>
    public static void Summary(StringBuilder html, ResultsDocument doc)
    {
        var cells = doc.Transports.Select(t => SummaryColumns.Select(c => c.Cell(t)).ToArray()).ToArray();
        var keep = Enumerable.Range(0, SummaryColumns.Length)
            .Where(i => i < 3 || cells.Any(row => row[i] is not (Fmt.None or "")))
            .ToArray();
        html.Append("<div class=\"scroll\">");
        Html.Table(html, "summary",
            keep.Select(i => SummaryColumns[i].Header).ToArray(),
            cells.Select(row => (IReadOnlyList<string>)keep.Select(i => row[i]).ToArray()));
        html.Append("</div>\n");
        html.Append("<p class=\"note\">Numbers are the median over the repeats with the range (min–max) in brackets. Goodput in Gbit/s (10<sup>9</sup> bit/s) of application payload delivered.</p>\n");
    }

    /// <summary>
    /// The reference tools run in the same session (<c>-anchors</c>): each comparison (harness value, tool value,
    /// ratio), then each tool run with its version, command and status. Nothing when the run had no anchors.
    /// </summary>
    public static void Anchors(StringBuilder html, ResultsDocument doc)
    {
        if (doc.Anchors.Count == 0) return;
        var comparisons = AnchorComparisons.Compute(doc);
        if (comparisons.Count > 0)
            Html.Table(html, "anchors", ["Transport", "Metric", "Harness", "Anchor", "Anchor value", "Ratio (harness / anchor)"],
                comparisons.Select(c => (IReadOnlyList<string>)
                [
                    c.TransportLabel, $"{c.Metric}, {c.Unit}", Fmt.Number(c.HarnessValue), c.AnchorLabel, Fmt.Number(c.AnchorValue),
                    $"{c.Ratio.ToString("0.00", CultureInfo.InvariantCulture)}× ({(c.HigherIsBetter ? "higher" : "lower")} is better)",
                ]));
        Html.Table(html, "anchor-runs", ["Anchor", "Status", "Tool", "What it ran", "Command", "Note"],
            doc.Anchors.Select(a => (IReadOnlyList<string>)
                [a.Label, a.Status.Text(), a.ToolVersion, a.Description, a.Command, a.Error ?? ""]));
    }

    /// <summary>The machine and runtime.</summary>
    public static void Environment(StringBuilder html, EnvironmentInfo env)
    {
        var pairs = new List<KeyValuePair<string, string>>
        {
            new("CPU", env.CpuModel),
            new("Logical cores", env.LogicalCores.ToString(CultureInfo.InvariantCulture)),
            new("Memory", env.MemoryBytes > 0 ? Fmt.Bytes(env.MemoryBytes) : Fmt.None),
            new("OS", env.Os),
            new("Kernel", env.Kernel),
            new(".NET", env.DotnetVersion),
            new("GC mode", env.GcMode),
            new("Machine", env.MachineName),
            new("MTU", env.MtuBytes is { } mtu ? $"{mtu} B" : Fmt.None),
        };
        pairs.AddRange(env.NetworkSettings.OrderBy(p => p.Key, StringComparer.Ordinal));
        Html.KeyValues(html, pairs);
    }

    /// <summary>Each transport's features, parameters and effective settings, in a collapsible block.</summary>
    public static void Settings(StringBuilder html, ResultsDocument doc)
    {
        foreach (var t in doc.Transports)
        {
            html.Append("<details class=\"transport\" open><summary>").Append(Html.E(t.Label))
                .Append(" <span class=\"status\">").Append(Html.E(t.Status.Text())).Append("</span></summary>\n");
            var pairs = new List<KeyValuePair<string, string>>
            {
                new("Transport", t.Transport),
                new("Features", t.Features.Count == 0 ? Fmt.None : string.Join(", ", t.Features)),
                new("Max message size", t.MaxMessageSizeBytes is { } max ? $"{max.ToString("N0", CultureInfo.InvariantCulture)} B" : "byte stream"),
            };
            if (t.Error is not null) pairs.Add(new("Error / reason", t.Error));
            pairs.AddRange(t.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValuePair<string, string>($"parameter {p.Key}", ParameterText.Of(p.Value))));
            pairs.AddRange(t.Settings.OrderBy(p => p.Key, StringComparer.Ordinal));
            Html.KeyValues(html, pairs);
            html.Append("</details>\n");
        }
    }
}
