using System.Globalization;
using System.Text;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Views.Tables;

namespace Transports.Views.Rendering;

/// <summary>The HTML sections that describe one run: what ran, the summary table, the environment, the transports' settings.</summary>
internal static class RunSections
{
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
            new("Finished (UTC)", run.FinishedUtc?.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? NumberFormat.None),
            new("Arguments", run.Arguments.Count == 0 ? NumberFormat.None : string.Join(' ', run.Arguments)),
            new("Harness version", run.HarnessVersion.Length == 0 ? NumberFormat.None : run.HarnessVersion),
        };
        pairs.AddRange(run.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValuePair<string, string>(p.Key, ParameterText.Of(p.Value))));
        Html.KeyValues(html, pairs);
    }

    /// <summary>
    /// The path the run crossed: nothing on loopback in one process; the agent line in two-host mode; the emulated link
    /// (its spec per direction, whether the emulator kept up) and a table of what each transport put through it.
    /// </summary>
    public static void Path(StringBuilder html, ResultsDocument doc)
    {
        var run = doc.Run;
        if (run.Remote is null && run.Link is null) return;
        html.Append("<h3>Path</h3>\n");
        if (run.Remote is { } remote) html.Append("<p>").Append(Html.E(RemoteView.Line(remote))).Append("</p>\n");
        if (run.Link is not { } link) return;
        html.Append("<p>").Append(Html.E(LinkView.Line(link))).Append("</p>\n");
        html.Append(link.EmulatorKeptUp ? "<p>" : "<p class=\"warning\">").Append(Html.E(LinkView.Health(link))).Append("</p>\n");
        var crossed = doc.Transports.Where(t => t.Link is not null).ToArray();
        if (crossed.Length == 0) return;
        static string Loss(LinkTrafficCounts c) => c.LossRatio is double r ? string.Create(CultureInfo.InvariantCulture, $"{r * 100:0.##} % ({c.Lost})") : NumberFormat.None;
        static string N(long v) => v.ToString(CultureInfo.InvariantCulture);
        Html.Table(html, "link-traffic",
            ["Transport", "Packets up", "Lost up", "Packets down", "Lost down", "Queue drops (up / down)", "Reordered", "Sent late by the emulator"],
            crossed.Select(t => (IReadOnlyList<string>)
            [
                t.Label, N(t.Link!.Up.Offered), Loss(t.Link.Up), N(t.Link.Down.Offered), Loss(t.Link.Down),
                $"{N(t.Link.Up.QueueDrops)} / {N(t.Link.Down.QueueDrops)}", N(t.Link.Up.Reordered + t.Link.Down.Reordered),
                N(t.Link.Up.LatePackets + t.Link.Down.LatePackets),
            ]));
        html.Append("<p class=\"note\">Counted by the emulator from just before each transport started to just after it finished, warm-ups and connection setup included.</p>\n");
    }

    /// <summary>
    /// The comparison table of every view (<see cref="SummaryTable"/>) with each metric as "median (min–max)" over the
    /// repeats, plus a note column (error or reason); transports skipped or not applicable are grey.
    /// </summary>
    public static void Summary(StringBuilder html, ResultsDocument doc, IReadOnlyList<MetricDefinition>? catalog = null)
    {
        var table = SummaryTable.Of(doc, catalog);
        html.Append("<div class=\"scroll\">");
        Html.Table(html, "summary",
            [.. table.Columns.Select(c => c.Header), "note"],
            table.Rows.Select(row => (IReadOnlyList<string>)[.. table.Columns.Select(c => c.RangeCell(row)), row.Result.Error ?? ""]),
            table.Rows.Select(row => row.Result.Status.IsNotRun() ? "not-run" : null).ToArray());
        html.Append("</div>\n");
        html.Append("<p class=\"note\">Numbers are the median over the repeats with the range (min–max) in brackets (peak working set: the largest repeat). Goodput in Gbit/s (10<sup>9</sup> bit/s) of application payload delivered.</p>\n");
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
                    c.TransportLabel, $"{c.Metric}, {c.Unit}", NumberFormat.Significant(c.HarnessValue), c.AnchorLabel, NumberFormat.Significant(c.AnchorValue),
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
            new("Memory", env.MemoryBytes > 0 ? NumberFormat.Bytes(env.MemoryBytes) : NumberFormat.None),
            new("OS", env.Os),
            new("Kernel", env.Kernel),
            new(".NET", env.DotnetVersion),
            new("GC mode", env.GcMode),
            new("CPU affinity", env.CpuAffinity ?? NumberFormat.None),
            new("Socket completions", env.SocketCompletions ?? NumberFormat.None),
            new("Machine", env.MachineName),
            new("MTU", env.MtuBytes is { } mtu ? $"{mtu} B" : NumberFormat.None),
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
                new("Features", t.Features.Count == 0 ? NumberFormat.None : string.Join(", ", t.Features)),
                new("Max message size", t.MaxMessageSizeBytes is { } max ? $"{max.ToString("N0", CultureInfo.InvariantCulture)} B" : "byte stream"),
            };
            if (t.Error is not null) pairs.Add(new("Error / reason", t.Error));
            if (t.Tls is { } tls) pairs.Add(new("TLS negotiated", tls.ToString()));
            pairs.AddRange(t.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new KeyValuePair<string, string>($"parameter {p.Key}", ParameterText.Of(p.Value))));
            pairs.AddRange(t.Settings.OrderBy(p => p.Key, StringComparer.Ordinal));
            Html.KeyValues(html, pairs);
            html.Append("</details>\n");
        }
    }
}
