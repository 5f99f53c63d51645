using System.Globalization;
using System.Text;
using Transports.Results;
using Transports.Results.Metrics;

namespace Transports.Views.Tables;

/// <summary>CSV views of a results document (RFC 4180: comma separated, CRLF-free LF lines, quoted when needed).</summary>
public static class CsvViews
{
    /// <summary>
    /// summary.csv: one row per transport (label). Columns: <c>transport,label,status,error,repeats</c>, then every
    /// catalog metric by id in its stored unit (the headline: median, or max for max-aggregated metrics; empty when
    /// the transport lacks it), with <c>_min</c> and <c>_max</c> over repeats for gateable metrics, then <c>integrity</c>.
    /// The header depends on the catalog only, never on the data.
    /// </summary>
    /// <param name="document">The results.</param>
    /// <param name="catalog">The metrics; <see cref="MetricCatalog.All"/> when null.</param>
    public static string Summary(ResultsDocument document, IReadOnlyList<MetricDefinition>? catalog = null)
    {
        var table = SummaryTable.Of(document, catalog, everyMetric: true);
        var sb = new StringBuilder();
        Line(sb, [.. Header(table.Metrics)]);
        foreach (var row in table.Rows)
        {
            var fields = new List<string> { row.Result.Transport, row.Result.Label, row.Status, row.Result.Error ?? "", row.Result.Repeats.Count.ToString(CultureInfo.InvariantCulture) };
            foreach (var m in table.Metrics)
            {
                fields.Add(NumberFormat.Raw(row.Headline(m)));
                if (m.Gateable) fields.AddRange([NumberFormat.Raw(row.Get(m)?.Min), NumberFormat.Raw(row.Get(m)?.Max)]);
            }
            fields.Add(row.Integrity);
            Line(sb, [.. fields]);
        }
        return sb.ToString();
    }

    /// <summary>The summary.csv header for <paramref name="catalog"/>.</summary>
    /// <param name="catalog">The metrics, in column order.</param>
    public static IEnumerable<string> Header(IReadOnlyList<MetricDefinition> catalog)
        => new[] { "transport", "label", "status", "error", "repeats" }
            .Concat(catalog.SelectMany(m => m.Gateable ? new[] { m.Id, m.Id + "_min", m.Id + "_max" } : [m.Id]))
            .Append("integrity");

    /// <summary>timeline.csv: every goodput sample of every repeat (100 ms interval).</summary>
    /// <param name="document">The results.</param>
    public static string Timeline(ResultsDocument document)
    {
        var sb = new StringBuilder();
        Line(sb, "transport", "label", "repeat", "elapsed_ms", "bytes_delivered", "goodput_gbit_per_s");
        foreach (var t in document.Transports)
            for (int i = 0; i < t.Repeats.Count; i++)
                foreach (var p in t.Repeats[i].Timeline)
                    Line(sb, t.Transport, t.Label, (i + 1).ToString(), NumberFormat.Raw(p.ElapsedMs), p.BytesDelivered.ToString(), NumberFormat.Raw(p.GoodputBitsPerSecond / 1e9));
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
