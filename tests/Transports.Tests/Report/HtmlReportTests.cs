using System.Text.Json.Nodes;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Views;
using Transports.Views.Rendering;
using Xunit;

namespace Transports.Tests.Report;

/// <summary>The HTML page builder without Node: escaping of untrusted text, inlined scripts, the summary table.</summary>
public sealed class HtmlReportTests
{
    private static readonly VegaScripts FakeScripts = new("/*vega*/", "/*vega-lite*/", "/*vega-embed*/");

    [Fact]
    public void Labels_settings_and_errors_cannot_inject_markup_or_close_the_spec_script()
    {
        var doc = ReportFixtures.Datagrams();
        const string hostile = "</script><img src=x onerror=alert(1)>";
        doc = doc with
        {
            Transports = doc.Transports.Select((t, i) => i == 0
                ? t with { Label = hostile, Settings = new Dictionary<string, string> { [hostile] = hostile } }
                : t with { Error = t.Error is null ? null : hostile }).ToArray(),
        };
        string html = HtmlReport.ForRun(doc, ChartSpecs.ForRun(doc), FakeScripts);

        Assert.DoesNotContain("<img src=x", html);
        Assert.Contains("&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;", html);
        // Inside the JSON of the specs, < and > are \u003C / \u003E escapes, so the hostile label stays data.
        int specsStart = html.IndexOf("<script type=\"application/json\" id=\"chart-specs\">", StringComparison.Ordinal);
        int specsEnd = html.IndexOf("</script>", specsStart, StringComparison.Ordinal);
        string json = html[(specsStart + "<script type=\"application/json\" id=\"chart-specs\">".Length)..specsEnd];
        var specs = JsonNode.Parse(json)!.AsObject();
        Assert.Equal(ChartSpecs.ForRun(doc).Select(c => c.Name), specs.Select(p => p.Key));
        Assert.Contains(hostile, specs["goodput"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions
        {
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
    }

    [Fact]
    public void The_vega_bundles_are_inlined_in_order_before_the_charts_are_embedded()
    {
        var doc = ReportFixtures.Bigfile();
        string html = HtmlReport.ForRun(doc, ChartSpecs.ForRun(doc), FakeScripts);
        int vega = html.IndexOf("<script>/*vega*/</script>", StringComparison.Ordinal);
        int vegaLite = html.IndexOf("<script>/*vega-lite*/</script>", StringComparison.Ordinal);
        int embed = html.IndexOf("<script>/*vega-embed*/</script>", StringComparison.Ordinal);
        int call = html.IndexOf("vegaEmbed(el", StringComparison.Ordinal);
        Assert.True(vega > 0 && vega < vegaLite && vegaLite < embed && embed < call, $"order: {vega} {vegaLite} {embed} {call}");
    }

    [Fact]
    public void Inlined_code_cannot_end_its_script_element_and_loses_its_source_map_comment()
    {
        string code = "var s = \"</script>\";\nvar t = '</SCRIPT >';\n//# sourceMappingURL=vega.min.js.map";
        string inlined = VegaScripts.Inlineable(code);
        Assert.DoesNotContain("</script", inlined, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("sourceMappingURL", inlined);
        Assert.Contains("var s = \"<\\/script>\";", inlined);
    }

    [Fact]
    public void The_summary_drops_columns_no_transport_has()
    {
        var doc = ReportFixtures.Bigfile();
        string html = HtmlReport.ForRun(doc, ChartSpecs.ForRun(doc), FakeScripts);
        Assert.Contains("<th>goodput Gbit/s</th>", html);
        Assert.Contains("<th>CPU s/GiB</th>", html);
        Assert.DoesNotContain("<th>RTT p99 µs</th>", html);
        Assert.DoesNotContain("<th>delay p99 µs</th>", html);
        Assert.DoesNotContain("<th>loss %</th>", html);
        Assert.Contains("<td>10.1 (9.80\u2060–\u206010.4)</td>", html);
    }

    [Fact]
    public void A_run_without_numbers_gets_a_page_without_scripts()
    {
        var doc = ReportFixtures.Bigfile();
        doc = doc with { Transports = doc.Transports.Select(t => t with { Status = TransportStatus.Skipped, Repeats = [], Summary = null }).ToArray() };
        string html = HtmlReport.ForRun(doc, ChartSpecs.ForRun(doc), FakeScripts);
        Assert.DoesNotContain("<script", html);
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
        string html = HtmlReport.ForRun(doc, ChartSpecs.ForRun(doc), FakeScripts);
        Assert.Contains("<h2>Anchors</h2>", html);
        // tcp's median goodput in the fixture is 1.91629 Gbit/s: half of iperf3's 3.83258.
        Assert.Contains("0.50&#215; (higher is better)", html); // ×, as WebUtility.HtmlEncode writes it
        Assert.Contains("iperf3 -c 127.0.0.1 -p 5201 -t 10 -J", html);
        Assert.Contains("&lt;b&gt;boom&lt;/b&gt;", html);
        Assert.DoesNotContain("<h2>Anchors</h2>", HtmlReport.ForRun(ReportFixtures.Datagrams(), [], FakeScripts));
    }
}
