using Transports.Results;

namespace Transports.Views.Tables;

/// <summary>
/// The comparison table shared by the console and Markdown views: columns are chosen by which numbers exist in the
/// document (throughput, delivery, latency, cost), so one function serves bigfile and the message scenarios.
/// </summary>
public static class SummaryTable
{
    /// <summary>A column: header (with unit) and how to print a row's cell.</summary>
    /// <param name="Header">Header text with unit.</param>
    /// <param name="Cell">Cell text for a row.</param>
    /// <param name="RightAligned">Numbers are right-aligned.</param>
    public sealed record Column(string Header, Func<SummaryRow, string> Cell, bool RightAligned = true);

    /// <summary>The rows of <paramref name="document"/>, in run order.</summary>
    /// <param name="document">The results.</param>
    public static IReadOnlyList<SummaryRow> Rows(ResultsDocument document) => document.Transports.Select(SummaryRow.From).ToList();

    /// <summary>The columns that have data in <paramref name="rows"/>.</summary>
    /// <param name="rows">The rows.</param>
    public static IReadOnlyList<Column> Columns(IReadOnlyList<SummaryRow> rows)
    {
        var columns = new List<Column> { new("transport", r => r.Label, false), new("status", r => r.Status, false) };
        // Message scenarios (latency measured) are read per message; bulk scenarios per byte.
        bool messages = rows.Any(r => r.LatencyP50Ms is not null);
        if (messages)
        {
            var kind = rows.Select(r => r.LatencyKind).FirstOrDefault(k => k is not null) == "one_way_delay" ? "delay" : "RTT";
            columns.Add(new("msg/s", r => Units.Format(r.MessagesPerSecond, "0")));
            columns.Add(new($"{kind} p50 ms", r => Units.Format(r.LatencyP50Ms, "0.000")));
            columns.Add(new($"p99 ms", r => Units.Format(r.LatencyP99Ms, "0.000")));
            columns.Add(new($"p99.9 ms", r => Units.Format(r.LatencyP999Ms, "0.000")));
            columns.Add(new($"max ms", r => Units.Format(r.LatencyMaxMs, "0.000")));
        }
        else if (rows.Any(r => r.GoodputGbitPerSecond is not null))
        {
            columns.Add(new("goodput Gbit/s", r => Units.Format(r.GoodputGbitPerSecond)));
            columns.Add(new("goodput MiB/s", r => Units.Format(r.GoodputMiBPerSecond, "0")));
            columns.Add(new("TTFB ms", r => Units.Format(r.TimeToFirstByteMs, "0.0")));
            columns.Add(new("total s", r => Units.Format(r.TotalDurationMs / 1000, "0.00")));
        }
        if (rows.Any(r => r.LossPercent is not null))
        {
            columns.Add(new("loss %", r => Units.Format(r.LossPercent, "0.###")));
            columns.Add(new("reordered", r => Units.Format(r.Reordered, "0")));
            columns.Add(new("jitter ms", r => Units.Format(r.JitterMs, "0.000")));
        }
        if (messages)
        {
            columns.Add(new("CPU µs/msg", r => Units.Format(r.CpuMicrosecondsPerMessage, "0.0")));
            columns.Add(new("GC B/msg", r => Units.Format(r.GcAllocatedBytesPerMessage, "0")));
        }
        else
        {
            if (rows.Any(r => r.CpuSecondsPerGiB is not null)) columns.Add(new("CPU s/GiB", r => Units.Format(r.CpuSecondsPerGiB, "0.00")));
            if (rows.Any(r => r.GcAllocatedBytesPerMiB is not null)) columns.Add(new("GC B/MiB", r => Units.Format(r.GcAllocatedBytesPerMiB, "0")));
        }
        if (rows.Any(r => r.PeakWorkingSetBytes is not null)) columns.Add(new("peak WS MiB", r => Units.MiB(r.PeakWorkingSetBytes)));
        columns.Add(new("integrity", r => r.IntegrityOk switch { true => "ok", false => "NOT verified", null => "n/a" }, false));
        return columns;
    }

    /// <summary>Lines explaining failed and skipped transports, for under the table.</summary>
    /// <param name="rows">The rows.</param>
    public static IEnumerable<string> Notes(IReadOnlyList<SummaryRow> rows)
        => rows.Where(r => r.Error is not null).Select(r => $"{r.Label} {r.Status}: {r.Error}")
            .Concat(rows.Where(r => r.IntegrityOk == false).Select(r => $"{r.Label}: {r.Integrity}"));
}
