using Spectre.Console;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Tests.Report;
using Transports.Views.Rendering;
using Transports.Views.Tables;
using Xunit;

namespace Transports.Tests.Views;

/// <summary>One table for every view: a metric declared in the catalog shows up in CSV, console, Markdown and HTML alike.</summary>
public sealed class SummaryTableTests
{
    /// <summary>A metric no scenario measures: declared here only, stored by the "scenario" in Measurement.Values.</summary>
    private static readonly MetricDefinition Widgets = new()
    {
        Id = "widgets_per_s", Header = "widgets", Name = "Widgets", Description = "Widgets per second (test metric).",
        Unit = "1/s", DisplayUnit = "w/s", Format = "0.0", Better = BetterDirection.Higher, Scenarios = ScenarioKind.Any, InTable = true,
    };

    private static readonly IReadOnlyList<MetricDefinition> Catalog = [.. MetricCatalog.All, Widgets];

    /// <summary>The datagrams fixture where tcp's three repeats measured 7, 8 and 9 widgets per second.</summary>
    private static ResultsDocument WithWidgets()
    {
        var doc = ReportFixtures.Datagrams();
        return doc with
        {
            Transports = doc.Transports.Select(t => t.Label != "tcp" ? t : t with
            {
                Repeats = t.Repeats.Select((m, i) => m with { Values = new Dictionary<string, double> { [Widgets.Id] = 7 + i } }).ToArray(),
            }).ToArray(),
        };
    }

    [Fact]
    public void A_declared_metric_appears_in_csv_console_markdown_and_html()
    {
        var doc = WithWidgets();

        var csv = CsvViews.Summary(doc, Catalog).Split('\n');
        var header = csv[0].Split(',');
        int column = Array.IndexOf(header, "widgets_per_s");
        Assert.True(column > 0, csv[0]);
        Assert.Equal("8", csv[1].Split(',')[column]);
        Assert.Equal("", csv[2].Split(',')[column]); // udp has no widgets

        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(text) });
        console.Profile.Width = 500;
        ConsoleView.Write(console, doc, Catalog);
        Assert.Contains("widgets w/s", text.ToString());
        Assert.Contains(" 8.0 ", text.ToString());

        var markdown = MarkdownView.Render(doc, catalog: Catalog);
        Assert.Contains(" | widgets w/s | integrity |", markdown);
        Assert.Contains(" | 8.0 | ", markdown);

        var html = HtmlReport.ForRun(doc, [], Catalog);
        Assert.Contains("<th>widgets w/s</th>", html);
        Assert.Contains("<td>8.0 (7.0\u2060–\u20609.0)</td>", html);

        // Without the declaration, no view shows it: the catalog alone decides.
        Assert.DoesNotContain("widgets", CsvViews.Summary(doc));
        Assert.DoesNotContain("widgets", MarkdownView.Render(doc));
    }

    [Fact]
    public void A_paced_run_that_did_not_carry_its_offered_load_says_so_under_the_table()
    {
        var doc = ReportFixtures.Datagrams();
        var first = doc.Transports[0];
        // the first transport delivered 30 % of its 2 Gbit/s offered rate; the others about 96 % (the fixture)
        doc = doc with
        {
            Transports = doc.Transports.Select(t => t.Label != first.Label ? t : t with
            {
                Summary = null,
                Repeats = t.Repeats.Select(m => m with { Throughput = m.Throughput! with { GoodputBitsPerSecond = 0.3 * m.Throughput.TargetRateBitsPerSecond!.Value } }).ToArray(),
            }).ToArray(),
        };
        var table = SummaryTable.Of(doc);
        Assert.Contains(table.Columns, c => c.Header.StartsWith("carried", StringComparison.Ordinal));
        Assert.Equal(30, table.Rows.Single(r => r.Result.Label == first.Label).Metrics[MetricCatalog.OfferedLoadCarried.Id].Median, 6);
        var note = Assert.Single(table.Notes(), n => n.StartsWith($"{first.Label} carried", StringComparison.Ordinal));
        // the fixture's own udp and ws runs carried about 81 % of their 2 Gbit/s: said too; none above 90 % is
        Assert.Equal(["udp", "ws"], table.Notes().Where(n => n.Contains("of the offered load", StringComparison.Ordinal) && n != note).Select(n => n.Split(' ')[0]).Order());
        Assert.Equal($"{first.Label} carried only 30 % of the offered load: its delays include the sender's own queue, not only the path's", note);
        Assert.Contains(note, MarkdownView.Render(doc));
    }

    [Fact]
    public void Summary_of_repeats_covers_every_metric_with_values()
    {
        var tcp = WithWidgets().Transports[0];
        var summary = Summary.Of(tcp.Repeats, Catalog)!;
        Assert.Equal(new Spread(8, 7, 9, 7, 9, 3), summary.Get(Widgets));
        Assert.Equal(3, summary.Repeats);
        Assert.All(summary.Metrics.Keys, id => Assert.Contains(Catalog, m => m.Id == id));
        Assert.Null(summary.Get(MetricCatalog.RttP50)); // datagrams measure one-way delay, not RTT
        Assert.NotNull(summary.Get(MetricCatalog.OwdP50));
        Assert.Null(Summary.Of([]));
    }

    [Fact]
    public void Csv_header_is_the_identity_columns_then_the_catalog_then_integrity_whatever_the_data()
    {
        string expected = string.Join(',', CsvViews.Header(MetricCatalog.All));
        Assert.Equal(expected, CsvViews.Summary(ReportFixtures.Bigfile()).Split('\n')[0]);
        Assert.Equal(expected, CsvViews.Summary(ReportFixtures.Datagrams()).Split('\n')[0]);
        Assert.StartsWith("transport,label,status,error,repeats,goodput_bits_per_s,goodput_bits_per_s_min,goodput_bits_per_s_max,goodput_mib_per_s,", expected);
        Assert.EndsWith(",integrity", expected);
    }

    [Fact]
    public void Message_runs_show_per_message_columns_and_bulk_runs_per_byte_columns()
    {
        var datagrams = SummaryTable.Of(ReportFixtures.Datagrams()).Columns.Select(c => c.Header).ToList();
        Assert.Contains("delay p50 µs", datagrams);
        Assert.Contains("CPU µs/msg", datagrams);
        Assert.Contains("loss %", datagrams);
        Assert.DoesNotContain("CPU s/GiB", datagrams);
        Assert.DoesNotContain("TTFB ms", datagrams);
        var bigfile = SummaryTable.Of(ReportFixtures.Bigfile()).Columns.Select(c => c.Header).ToList();
        Assert.Equal(["transport", "status", "repeats", "goodput Gbit/s", "goodput MiB/s", "TTFB ms", "total s", "CPU s/GiB", "GC B/MiB", "peak WS MiB", "integrity"], bigfile);
    }

    [Fact]
    public void Not_applicable_is_no_failure_it_is_grey_with_a_note()
    {
        var doc = ReportFixtures.Datagrams();
        doc = doc with { Transports = doc.Transports.Select(t => t.Label != "quic" ? t : t with { Status = TransportStatus.NotApplicable, Error = "4096 B messages exceed quic's 1200 B datagrams" }).ToArray() };
        var table = SummaryTable.Of(doc);
        Assert.Contains("quic not applicable: 4096 B messages exceed quic's 1200 B datagrams", table.Notes());
        Assert.Contains("- quic not applicable: 4096 B messages", MarkdownView.Render(doc));
        Assert.Contains("<tr class=\"not-run\"><td>quic</td><td>not applicable</td>", HtmlReport.ForRun(doc, []));
        var text = new StringWriter();
        ConsoleView.Write(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(text), Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.Standard }), doc);
        Assert.Contains("not applicable", text.ToString());
    }
}
