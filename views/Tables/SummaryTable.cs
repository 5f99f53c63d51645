using Transports.Results;
using Transports.Results.Metrics;

namespace Transports.Views.Tables;

/// <summary>One transport's row: its result and the spread of every metric it has, by metric id.</summary>
/// <param name="Result">The transport's result.</param>
/// <param name="Metrics">Spread over repeats per metric id (stored units): the document's summary, or computed from the repeats where the summary lacks it.</param>
public sealed record SummaryTableRow(TransportResult Result, IReadOnlyDictionary<string, Spread> Metrics)
{
    /// <summary>The spread of <paramref name="metric"/>, or null when no repeat has it.</summary>
    /// <param name="metric">A metric.</param>
    public Spread? Get(MetricDefinition metric) => Metrics.TryGetValue(metric.Id, out var s) ? s : null;

    /// <summary>The headline value of <paramref name="metric"/> (median or max by its aggregation), stored unit; null when absent.</summary>
    /// <param name="metric">A metric.</param>
    public double? Headline(MetricDefinition metric) => Get(metric) is { } s ? metric.Headline(s) : null;

    /// <summary>Outcome in words: "ok", "failed", "skipped", "not applicable", "incomplete".</summary>
    public string Status => Result.Status.Text();

    /// <summary>How a multi-flow run (hol) carried its flows, e.g. "one ordered stream"; null for other runs.</summary>
    public string? Mapping => Result.Repeats.Select(m => m.Flows?.Mapping).FirstOrDefault(m => !string.IsNullOrEmpty(m))?.Replace('_', ' ');

    /// <summary>True when every repeat's bytes were verified, false when one was not, null when not applicable.</summary>
    public bool? IntegrityOk => Result.Repeats.Select(m => m.Integrity).OfType<Integrity>().Select(i => (bool?)i.Verified).DefaultIfEmpty(null).Aggregate((a, b) => a & b);

    /// <summary>Integrity verdict in full: "sha256 ok", the first failed check's detail, or "n/a".</summary>
    public string Integrity
    {
        get
        {
            var checks = Result.Repeats.Select(m => m.Integrity).OfType<Integrity>().ToList();
            if (checks.Count == 0) return "n/a";
            var bad = checks.FirstOrDefault(i => !i.Verified);
            return bad is null ? $"{checks[0].Method} ok" : bad.Detail ?? "not verified";
        }
    }
}

/// <summary>A column of the comparison table: its header, the metric it shows (null for identity columns) and its cell text.</summary>
/// <param name="Header">Header with unit, e.g. "goodput Gbit/s".</param>
/// <param name="Metric">The catalog metric shown, or null for transport, status, repeats and integrity.</param>
/// <param name="Cell">Cell text for a row (a metric's headline in its display unit and format).</param>
/// <param name="RightAligned">Numbers are right-aligned.</param>
public sealed record SummaryColumn(string Header, MetricDefinition? Metric, Func<SummaryTableRow, string> Cell, bool RightAligned = true)
{
    /// <summary>The cell as "median (min–max)" for a metric column (HTML); the plain cell for the others.</summary>
    /// <param name="row">The row.</param>
    public string RangeCell(SummaryTableRow row) => Metric is null ? Cell(row) : NumberFormat.Range(Metric, row.Get(Metric));
}

/// <summary>
/// The comparison table of a results document, the one every tabular view shows (console, Markdown, HTML summary,
/// summary.csv): a row per transport, a column per catalog metric that has data and belongs to the run's kind
/// (<see cref="ScenarioKinds.Of"/>: per byte for bulk runs, per message for message runs), each formatted through the
/// catalog. summary.csv asks for every metric instead, so its header is stable.
/// </summary>
/// <param name="Columns">Display columns: transport, status, repeats, the metrics, integrity.</param>
/// <param name="Metrics">The metrics in <paramref name="Columns"/>, in catalog order.</param>
/// <param name="Rows">One row per transport result, in run order; when the run mixes plaintext and encrypted transports,
/// plaintext first, then encrypted (<see cref="EncryptionGroups"/>), with an "encryption" column, and a "tls" column
/// naming what each encrypted transport's handshake negotiated.</param>
public sealed record SummaryTable(IReadOnlyList<SummaryColumn> Columns, IReadOnlyList<MetricDefinition> Metrics, IReadOnlyList<SummaryTableRow> Rows)
{
    /// <summary>The table of <paramref name="document"/>.</summary>
    /// <param name="document">The results.</param>
    /// <param name="catalog">The metrics; <see cref="MetricCatalog.All"/> when null.</param>
    /// <param name="everyMetric">Every metric of the catalog as a column, with data or not (summary.csv); else the table metrics with data for the run's kind.</param>
    public static SummaryTable Of(ResultsDocument document, IReadOnlyList<MetricDefinition>? catalog = null, bool everyMetric = false)
    {
        catalog ??= MetricCatalog.All;
        var rows = EncryptionGroups.Order(document.Transports.Select(t => new SummaryTableRow(t, Spreads(t, catalog))).ToList(), r => r.Result);
        var kind = ScenarioKinds.Of(document);
        var metrics = everyMetric
            ? catalog
            : catalog.Where(m => m.InTable && (m.Scenarios & kind) != 0 && rows.Any(r => r.Metrics.ContainsKey(m.Id))).ToList();
        var columns = new List<SummaryColumn>
        {
            new("transport", null, r => r.Result.Label, false),
            new("status", null, r => r.Status, false),
            new("repeats", null, r => r.Result.Repeats.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (EncryptionGroups.AreMixed(document.Transports)) columns.Add(new("encryption", null, r => EncryptionGroups.Of(r.Result), false));
        if (rows.Any(r => r.Result.Tls is not null)) columns.Add(new("tls", null, r => r.Result.Tls?.ToString() ?? "", false));
        if (rows.Any(r => r.Mapping is not null)) columns.Add(new("flow mapping", null, r => r.Mapping ?? "", false));
        columns.AddRange(metrics.Select(m => new SummaryColumn(m.HeaderWithUnit, m, r => NumberFormat.Metric(m, r.Headline(m)))));
        columns.Add(new("integrity", null, r => r.IntegrityOk switch { true => "ok", false => "NOT verified", null => "n/a" }, false));
        return new SummaryTable(columns, metrics, rows);
    }

    /// <summary>Lines for under the table: why a transport failed, was skipped or does not apply, and failed integrity checks.</summary>
    public IEnumerable<string> Notes()
        => Rows.Where(r => r.Result.Error is not null).Select(r => $"{r.Result.Label} {r.Status}: {r.Result.Error}")
            .Concat(Rows.Where(r => r.IntegrityOk == false).Select(r => $"{r.Result.Label}: {r.Integrity}"))
            .Concat(Rows.Where(r => r.Metrics.TryGetValue(MetricCatalog.OfferedLoadCarried.Id, out var c) && c.Median < MetricCatalog.CarriedLoadWarningPercent)
                .Select(r => string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{r.Result.Label} carried only {r.Metrics[MetricCatalog.OfferedLoadCarried.Id].Median:0.#} % of the offered load: its delays include the sender's own queue, not only the path's")));

    private static Dictionary<string, Spread> Spreads(TransportResult t, IReadOnlyList<MetricDefinition> catalog)
    {
        var spreads = new Dictionary<string, Spread>();
        foreach (var m in catalog)
            if ((t.Summary?.Get(m) ?? m.Summarize(t.Repeats)) is { } s) spreads[m.Id] = s;
        return spreads;
    }
}
