using System.Text;
using Transports.Results;

namespace Transports.Views.Tables;

/// <summary>CSV views of a results document (RFC 4180: comma separated, CRLF-free LF lines, quoted when needed).</summary>
public static class CsvViews
{
    /// <summary>summary.csv: one row per transport (label), medians over repeats; units in column names.</summary>
    /// <param name="document">The results.</param>
    public static string Summary(ResultsDocument document)
    {
        var sb = new StringBuilder();
        Line(sb, "transport", "label", "status", "error", "repeats", "goodput_gbit_per_s", "goodput_gbit_per_s_min", "goodput_gbit_per_s_max",
            "goodput_mib_per_s", "time_to_first_byte_ms", "transfer_ms", "total_ms", "bytes_delivered", "loss_percent", "duplicates",
            "reordered", "jitter_ms", "messages_per_s", "latency_p50_ms", "latency_p99_ms", "latency_p999_ms", "cpu_seconds_per_gib",
            "peak_working_set_bytes", "gc_allocated_bytes_per_mib", "integrity");
        foreach (var row in document.Transports.Select(SummaryRow.From))
        {
            Line(sb, row.Transport, row.Label, row.Status, row.Error ?? "", row.Repeats.ToString(), Units.Raw(row.GoodputGbitPerSecond),
                Units.Raw(row.GoodputGbitPerSecondMin), Units.Raw(row.GoodputGbitPerSecondMax), Units.Raw(row.GoodputMiBPerSecond),
                Units.Raw(row.TimeToFirstByteMs), Units.Raw(row.TransferDurationMs), Units.Raw(row.TotalDurationMs), Units.Raw(row.BytesDelivered),
                Units.Raw(row.LossPercent), Units.Raw(row.Duplicates), Units.Raw(row.Reordered), Units.Raw(row.JitterMs), Units.Raw(row.MessagesPerSecond),
                Units.Raw(row.LatencyP50Ms), Units.Raw(row.LatencyP99Ms), Units.Raw(row.LatencyP999Ms), Units.Raw(row.CpuSecondsPerGiB),
                Units.Raw(row.PeakWorkingSetBytes), Units.Raw(row.GcAllocatedBytesPerMiB), row.Integrity);
        }
        return sb.ToString();
    }

    /// <summary>timeline.csv: every goodput sample of every repeat (100 ms interval).</summary>
    /// <param name="document">The results.</param>
    public static string Timeline(ResultsDocument document)
    {
        var sb = new StringBuilder();
        Line(sb, "transport", "label", "repeat", "elapsed_ms", "bytes_delivered", "goodput_gbit_per_s");
        foreach (var t in document.Transports)
            for (int i = 0; i < t.Repeats.Count; i++)
                foreach (var p in t.Repeats[i].Timeline)
                    Line(sb, t.Transport, t.Label, (i + 1).ToString(), Units.Raw(p.ElapsedMs), p.BytesDelivered.ToString(), Units.Raw(p.GoodputBitsPerSecond / 1e9));
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, params string[] fields)
    {
        for (int i = 0; i < fields.Length; i++)
        {
            if (i > 0) sb.Append(',');
            var f = fields[i];
            if (f.IndexOfAny([',', '"', '\n', '\r']) >= 0) sb.Append('"').Append(f.Replace("\"", "\"\"")).Append('"');
            else sb.Append(f);
        }
        sb.Append('\n');
    }
}
