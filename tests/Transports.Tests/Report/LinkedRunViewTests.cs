using Transports.Results;
using Transports.Views;
using Transports.Views.Charts;
using Transports.Views.Rendering;
using Transports.Views.Tables;
using Xunit;

namespace Transports.Tests.Report;

/// <summary>
/// A run across an emulated link shows its path everywhere a reader meets the numbers: the chart captions, summary.md and
/// report.html (the link, whether the emulator kept up, what each transport put through it), and a comparison of one
/// transport on two links names each run's link in the legend.
/// </summary>
public sealed class LinkedRunViewTests
{
    private static LinkDirectionInfo Direction(double lossProbability, long offered, long lost) => new()
    {
        RateBitsPerSecond = 100e6, DelayMs = 20, LossProbability = lossProbability, MeanLossProbability = lossProbability,
        Offered = offered, Delivered = offered - lost, Lost = lost,
    };

    internal static ResultsDocument Linked(string spec, double loss, bool keptUp = true)
    {
        var doc = ReportFixtures.Bigfile();
        var link = new LinkInfo { Spec = spec, Up = Direction(loss, 10_000, 100), Down = Direction(loss, 20_000, 200), ConfiguredRttMs = 40, EmulatorKeptUp = keptUp };
        return doc with
        {
            Run = doc.Run with { Link = link },
            Transports = doc.Transports.Select((t, i) => t with
            {
                Link = new LinkTraffic
                {
                    Up = new() { Offered = 1000 * (i + 1), Delivered = 990 * (i + 1), Lost = 10 * (i + 1) },
                    Down = new() { Offered = 4000, Delivered = 3960, Lost = 40, QueueDrops = 3 },
                },
            }).ToArray(),
        };
    }

    [Fact]
    public void Every_chart_caption_names_the_link()
    {
        var doc = Linked("wan,loss=1%", 0.01);
        var charts = ChartSpecs.ForRun(doc);
        Assert.NotEmpty(charts);
        Assert.All(charts, c => Assert.Contains("path: emulated link wan,loss=1%: RTT 40 ms, 100 Mbit/s, loss 1%", c.Subtitle));
        Assert.Contains(DrawnChart.Of(charts[0]).Texts, t => t.Contains("path: emulated link wan,loss=1%", StringComparison.Ordinal));
        // a run whose emulator did not keep up says so on every chart too
        Assert.All(ChartSpecs.ForRun(Linked("wan", 0.01, keptUp: false)), c => Assert.Contains(c.Subtitle, s => s.EndsWith("emulator did not keep up", StringComparison.Ordinal)));
        // loopback: no path line
        Assert.All(ChartSpecs.ForRun(ReportFixtures.Bigfile()), c => Assert.DoesNotContain(c.Subtitle, s => s.StartsWith("path:", StringComparison.Ordinal)));
    }

    [Fact]
    public void Summary_and_html_show_what_each_transport_put_through_the_link()
    {
        var doc = Linked("wan,loss=1%", 0.01);
        string md = MarkdownView.Render(doc);
        var first = doc.Transports[0];
        Assert.Contains($"- {first.Label} over the link: up 1000 packets, 1% lost (10); down 4000 packets, 1% lost (40); queue drops 0 up, 3 down", md);

        string html = HtmlReport.ForRun(doc, []);
        Assert.Contains("<h3>Path</h3>", html);
        Assert.Contains("emulated link wan,loss=1%: up 100 Mbit/s, 20 ms, loss 1%; down the same; RTT 40 ms configured", html);
        Assert.Contains("<table class=\"link-traffic\">", html);
        Assert.Contains("<td>1 %", html.Replace("<td class=\"num\">", "<td>", StringComparison.Ordinal)); // a loss cell
        Assert.DoesNotContain("<h3>Path</h3>", HtmlReport.ForRun(ReportFixtures.Bigfile(), []));
    }

    [Fact]
    public void One_transport_on_two_links_is_compared_with_each_link_named()
    {
        var a = Linked("wan", 0);
        var b = Linked("wan,loss=2%", 0.02) with { Run = Linked("wan,loss=2%", 0.02).Run with { Id = "20261122-094000-bigfile" } };
        var specs = ChartSpecs.ForComparison(a, b);
        Assert.Equal(["A: 20261121-094000-bigfile · link wan", "B: 20261122-094000-bigfile · link wan,loss=2%"], specs[0].Series);
        Assert.Contains(specs[0].Subtitle, s => s.Contains("path: emulated link wan,loss=2%: RTT 40 ms, 100 Mbit/s, loss 2%", StringComparison.Ordinal));
        // against a loopback run, that side says so
        var (_, loopback) = ChartSpecs.RunNames(a, ReportFixtures.Bigfile());
        Assert.Equal("B: 20261121-094000-bigfile · loopback", loopback);
        string html = HtmlReport.ForComparison(a, b, []);
        Assert.Contains("emulated link wan,loss=2%: up 100 Mbit/s, 20 ms, loss 2%", html);
    }
}
