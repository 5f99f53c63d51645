using System.Globalization;
using System.Text;
using Transports.Results;

namespace Transports.Views.Tables;

/// <summary>
/// The latency histograms of a results document as HdrHistogram interval logs (<c>.hlog</c>, log format 1.3, Gil Tene's
/// HdrHistogram): one file per transport result (per variant) that has histograms, one interval per measured repeat,
/// so HdrHistogram's own tools (HistogramLogProcessor, HistogramLogAnalyzer, HdrHistogram.NET's HistogramLogReader)
/// read them. A pure function of results.json: each interval's payload is the repeat's <see cref="Latency.HistogramNs"/>
/// as stored.
/// </summary>
/// <remarks>
/// Values are nanoseconds, so the tools' default output ratio (10^6) prints milliseconds; <c>Interval_Max</c> is the
/// repeat's exact maximum in milliseconds (the convention of HdrHistogram's log writers). results.json keeps no wall-clock
/// time per repeat, so the intervals are laid back to back from the run's start, each as long as the repeat's measured
/// transfer (<see cref="Throughput.TransferDurationMs"/>; 0 when absent). Written as UTF-8 without a byte order mark
/// (HdrHistogram.NET's own writer writes UTF-16, which the Java tools do not read).
/// </remarks>
public static class HistogramLogView
{
    /// <summary>The legend line every HdrHistogram interval log carries before its intervals.</summary>
    public const string Legend = "\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\",\"Interval_Compressed_Histogram\"";

    /// <summary>
    /// Every log of <paramref name="document"/>: file name (<c>latency-&lt;label&gt;.hlog</c>, the label reduced to
    /// letters, digits, '.', '_' and '-'; unique within the run) and content. Results without any histogram (failed,
    /// skipped, bigfile, documents written before <see cref="Latency.HistogramNs"/>) have no file.
    /// </summary>
    /// <param name="document">The results.</param>
    public static IReadOnlyList<(string FileName, string Text)> Render(ResultsDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var logs = new List<(string, string)>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var result in document.Transports)
        {
            var text = Render(document.Run, result);
            if (text is null) continue;
            var name = FileName(result.Label);
            for (int i = 2; !used.Add(name); i++) name = FileName($"{result.Label}-{i}");
            logs.Add((name, text));
        }
        return logs;
    }

    /// <summary><c>latency-&lt;label&gt;.hlog</c> with every character of the label other than letters, digits, '.', '_' and '-' as '-'.</summary>
    /// <param name="label">The transport result's label, e.g. "tcp 64 B" (→ <c>latency-tcp-64-B.hlog</c>).</param>
    public static string FileName(string label)
    {
        var sb = new StringBuilder("latency-");
        foreach (var c in label) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-');
        return sb.Append(".hlog").ToString();
    }

    /// <summary>The interval log of one transport result; null when none of its repeats has a histogram.</summary>
    /// <param name="run">The run (its start is the log's StartTime and BaseTime).</param>
    /// <param name="result">The transport result.</param>
    public static string? Render(RunInfo run, TransportResult result)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(result);
        var repeats = result.Repeats.Where(r => r.Latency?.HistogramNs is not null).ToList();
        if (repeats.Count == 0) return null;
        var inv = CultureInfo.InvariantCulture;
        double startSeconds = run.StartedUtc.ToUnixTimeMilliseconds() / 1000.0;
        var kind = repeats[0].Latency!.Kind;
        var sb = new StringBuilder();
        sb.Append(inv, $"#[Latency ({kind}) of {result.Label} in run {run.Id}: one interval per measured repeat; values in nanoseconds, Interval_Max in milliseconds]\n");
        sb.Append("#[Histogram log format version 1.3]\n");
        sb.Append(inv, $"#[StartTime: {startSeconds:F3} (seconds since epoch), {run.StartedUtc.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffZ}]\n");
        sb.Append(inv, $"#[BaseTime: {startSeconds:F3} (seconds since epoch)]\n");
        sb.Append(Legend).Append('\n');
        double offsetSeconds = 0;
        foreach (var repeat in repeats)
        {
            double lengthSeconds = Math.Max(0, repeat.Throughput?.TransferDurationMs ?? 0) / 1000.0;
            sb.Append(inv, $"{offsetSeconds:F3},{lengthSeconds:F3},{repeat.Latency!.MaxMs:F3},{repeat.Latency.HistogramNs}\n");
            offsetSeconds += lengthSeconds;
        }
        return sb.ToString();
    }
}
