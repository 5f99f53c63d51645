using Transports.Results;
using Transports.Results.Metrics;
using Transports.Views;
using Transports.Views.Rendering;
using Xunit;

namespace Transports.Tests.Report;

/// <summary>The HTML page builder: escaping of untrusted text, inline SVG charts with unique ids, no script, the summary table.</summary>
public sealed class HtmlReportTests
{
    private static IReadOnlyList<ChartImage> Draw(ResultsDocument doc)
        => ChartSpecs.ForRun(doc).Select(s => ChartRenderer.Render(s, "DejaVu Sans", 1)).ToArray();

    [Fact]
    public void Labels_settings_and_errors_cannot_inject_markup_in_the_page_or_the_charts()
    {
        var doc = ReportFixtures.Datagrams();
        const string hostile = "</script><img src=x onerror=alert(1)>";
        doc = doc with
        {
            Transports = doc.Transports.Select((t, i) => i == 0
                ? t with { Label = hostile, Settings = new Dictionary<string, string> { [hostile] = hostile } }
                : t with { Error = t.Error is null ? null : hostile }).ToArray(),
        };
        var charts = Draw(doc);
        string html = HtmlReport.ForRun(doc, charts);

        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", html);
        // The label is data in every chart: each SVG parses as XML and holds the label as text.
        foreach (var chart in charts)
        {
            var svg = System.Xml.Linq.XDocument.Parse(chart.Svg);
            Assert.Contains(svg.Descendants(), e => e.Value.Contains(hostile, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Charts_are_inline_svg_with_ids_unique_across_the_page_and_no_script()
    {
        var doc = ReportFixtures.Datagrams();
        string html = HtmlReport.ForRun(doc, Draw(doc));
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<?xml", html);
        var ids = System.Text.RegularExpressions.Regex.Matches(html, "\\bid=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
        foreach (System.Text.RegularExpressions.Match reference in System.Text.RegularExpressions.Regex.Matches(html, "url\\(#([^)]+)\\)"))
            Assert.Contains(reference.Groups[1].Value, ids);
        foreach (var name in ChartSpecs.ForRun(doc).Select(s => s.Name))
            Assert.Contains($"<figure class=\"chart\" id=\"chart-{name}\"><svg viewBox=", html);
    }

    [Fact]
    public void The_summary_drops_columns_no_transport_has()
    {
        var doc = ReportFixtures.Bigfile();
        string html = HtmlReport.ForRun(doc, Draw(doc));
        Assert.Contains("<th>goodput Gbit/s</th>", html);
        Assert.Contains("<th>CPU s/GiB</th>", html);
        Assert.DoesNotContain("<th>RTT p99 µs</th>", html);
        Assert.DoesNotContain("<th>delay p99 µs</th>", html);
        Assert.DoesNotContain("<th>loss %</th>", html);
        Assert.Contains("<td>10.1 (9.80\u2060–\u206010.4)</td>", html);
    }

    [Fact]
    public void A_run_without_numbers_gets_a_page_without_charts()
    {
        var doc = ReportFixtures.Bigfile();
        doc = doc with { Transports = doc.Transports.Select(t => t with { Status = TransportStatus.Skipped, Repeats = [], Summary = null }).ToArray() };
        string html = HtmlReport.ForRun(doc, Draw(doc));
        Assert.DoesNotContain("<svg", html);
        Assert.Contains("No charts: no transport produced numbers.", html);
    }

    [Fact]
    public void Anchors_get_their_own_section_with_each_ratio_and_each_tool_run_escaped()
    {
        var doc = ReportFixtures.Datagrams() with
        {
            Anchors =
            [
                new AnchorResult { Tool = "iperf3", Label = "iperf3 tcp", ToolVersion = "iperf 3.12", ComparableFeatures = Anchors.AnchorFeatures.Tcp, Status = TransportStatus.Ok,
                    GoodputBitsPerSecond = 3.83258e9, Command = "iperf3 -c 127.0.0.1 -p 5201 -t 10 -J" },
                new AnchorResult { Tool = "sockperf", Label = "sockperf udp", ComparableFeatures = Anchors.AnchorFeatures.Udp, Status = TransportStatus.Failed, Error = "<b>boom</b>" },
            ],
        };
        string html = HtmlReport.ForRun(doc, Draw(doc));
        Assert.Contains("<h2>Anchors</h2>", html);
        // tcp's median goodput in the fixture is 1.91629 Gbit/s: half of iperf3's 3.83258.
        Assert.Contains("0.50&#215; (higher is better)", html); // ×, as WebUtility.HtmlEncode writes it
        Assert.Contains("iperf3 -c 127.0.0.1 -p 5201 -t 10 -J", html);
        Assert.Contains("&lt;b&gt;boom&lt;/b&gt;", html);
        Assert.DoesNotContain("<h2>Anchors</h2>", HtmlReport.ForRun(ReportFixtures.Datagrams(), []));
    }
}
