using System.Globalization;
using System.Text;
using Transports.Results;
using Transports.Results.Metrics;

namespace Transports.Views.Tables;

/// <summary>summary.md: the comparison table, notes, parameters, environment and each transport's settings.</summary>
public static class MarkdownView
{
    /// <summary>Renders <paramref name="document"/> as Markdown.</summary>
    /// <param name="document">The results.</param>
    /// <param name="chartImages">Relative paths and titles of chart images to embed (may be empty).</param>
    /// <param name="catalog">The metrics; <see cref="MetricCatalog.All"/> when null.</param>
    public static string Render(ResultsDocument document, IReadOnlyList<(string Path, string Title)>? chartImages = null, IReadOnlyList<MetricDefinition>? catalog = null)
    {
        var run = document.Run;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"# {run.Scenario} — {run.StartedUtc:yyyy-MM-dd HH:mm:ss} UTC\n\n");
        if (!run.Complete) sb.Append(CultureInfo.InvariantCulture, $"> **Incomplete run**: {run.IncompleteReason ?? "still running or interrupted"}\n\n");
        if (run.Remote is { } remote) sb.Append("Two hosts: ").Append(Escape(RemoteView.Line(remote))).Append(".\n\n");
        if (run.Link is { } link)
        {
            sb.Append(Escape(LinkView.Line(link))).Append("; ").Append(Escape(LinkView.Health(link))).Append(".\n\n");
            var traffic = document.Transports.Where(t => t.Link is not null).Select(t => LinkView.TrafficLine(t.Label, t.Link!)).ToArray();
            foreach (var line in traffic) sb.Append("- ").Append(Escape(line)).Append('\n');
            if (traffic.Length > 0) sb.Append('\n');
        }
        var table = SummaryTable.Of(document, catalog);
        sb.Append("| ").AppendJoin(" | ", table.Columns.Select(c => Escape(c.Header))).Append(" |\n");
        sb.Append('|').AppendJoin("|", table.Columns.Select(c => c.RightAligned ? "---:" : "---")).Append("|\n");
        foreach (var row in table.Rows) sb.Append("| ").AppendJoin(" | ", table.Columns.Select(c => Escape(c.Cell(row)))).Append(" |\n");
        var notes = table.Notes().ToList();
        if (notes.Count > 0)
        {
            sb.Append('\n');
            foreach (var note in notes) sb.Append("- ").Append(Escape(note)).Append('\n');
        }
        sb.Append("\nGoodput is payload delivered and verified over the time from first send to last byte received; Gbit/s = 10^9 bit/s, MiB/s = 2^20 B/s. ");
        sb.Append(run.Remote is null
            ? "Values are medians over the measured repeats; CPU is user+system of the harness process (client and server together). See docs/METHODOLOGY.md.\n"
            : "Values are medians over the measured repeats; CPU is user+system of this process (the client side), agent CPU that of the agent process (the server side). See docs/METHODOLOGY.md.\n");
        if (ParallelFlowView.Lines(document) is { Count: > 0 } parallel)
        {
            sb.Append("\n## Parallel connections\n\n");
            foreach (var line in parallel) sb.Append("- ").Append(Escape(line)).Append('\n');
        }
        if (document.Anchors.Count > 0)
        {
            sb.Append("\n## Anchors\n\nReference tools run on the same machine right after the transports (`-anchors`); ratio = harness / tool.\n\n");
            foreach (var line in AnchorView.ComparisonLines(document)) sb.Append("- **").Append(Escape(line)).Append("**\n");
            foreach (var anchor in document.Anchors)
            {
                sb.Append("- ").Append(Escape(AnchorView.Line(anchor)));
                if (anchor.Command.Length > 0) sb.Append(CultureInfo.InvariantCulture, $" — `{anchor.Command}`");
                sb.Append('\n');
            }
        }
        if (chartImages is { Count: > 0 })
        {
            sb.Append("\n## Charts\n\n");
            foreach (var (path, title) in chartImages) sb.Append(CultureInfo.InvariantCulture, $"![{title}]({path})\n\n");
        }
        sb.Append("\n## Parameters\n\n");
        foreach (var (k, v) in run.Parameters) sb.Append(CultureInfo.InvariantCulture, $"- `{k}`: {Escape(ParameterText.Of(v))}\n");
        sb.Append(CultureInfo.InvariantCulture, $"- command: `harness {string.Join(' ', run.Arguments)}`\n");
        var env = document.Environment;
        sb.Append("\n## Environment\n\n");
        sb.Append(CultureInfo.InvariantCulture, $"- OS: {env.Os}, kernel {env.Kernel}\n");
        sb.Append(CultureInfo.InvariantCulture, $"- CPU: {env.CpuModel}, {env.LogicalCores} logical cores, {env.MemoryBytes / (1L << 30)} GiB memory\n");
        sb.Append(CultureInfo.InvariantCulture, $"- .NET {env.DotnetVersion}, GC {env.GcMode}\n");
        if (env.CpuAffinity is not null || env.SocketCompletions is not null)
            sb.Append(CultureInfo.InvariantCulture, $"- CPU affinity: {env.CpuAffinity ?? "unknown"}; socket completions: {env.SocketCompletions ?? "unknown"}\n");
        if (env.MtuBytes is int mtu) sb.Append(CultureInfo.InvariantCulture, $"- MTU: {mtu} B\n");
        foreach (var (k, v) in env.NetworkSettings) sb.Append(CultureInfo.InvariantCulture, $"- `{k}` = {v}\n");
        sb.Append("\n## Transport settings\n\n");
        foreach (var t in document.Transports)
        {
            var settings = t.Settings.Count == 0 ? "(defaults)" : string.Join(", ", t.Settings.Select(kv => $"{kv.Key}={kv.Value}"));
            if (t.Tls is { } tls) settings += $"; negotiated: {tls}";
            sb.Append(CultureInfo.InvariantCulture, $"- **{t.Label}** [{string.Join(", ", t.Features)}]: {Escape(settings)}\n");
        }
        return sb.ToString();
    }

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
