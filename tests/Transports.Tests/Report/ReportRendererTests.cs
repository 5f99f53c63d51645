using System.Globalization;
using System.Xml.Linq;
using Transports.Views;
using Xunit;

namespace Transports.Tests.Report;

/// <summary>End to end: fixture results.json through ScottPlot (in-process) to real SVG and PNG files and report.html.</summary>
public sealed class ReportRendererTests : IDisposable
{
    private readonly string _directory = ReportFixtures.NewTempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private async Task<ReportResult> RenderAsync(Transports.Results.ResultsDocument doc, string? directory = null)
    {
        var result = await ReportRenderer.RenderAsync(directory ?? _directory, doc);
        Assert.True(result.Status == ReportStatus.Rendered, result.Message);
        return result;
    }

    [Fact]
    public async Task Rendering_a_run_writes_svg_and_png_of_every_chart_and_the_page()
    {
        var doc = ReportFixtures.Datagrams();
        var result = await RenderAsync(doc);

        Assert.Equal(ChartSpecs.ForRun(doc).Select(c => (c.Name, c.Title)), result.Charts.Select(c => (c.Name, c.Title)));
        Assert.Equal("report.html", result.HtmlPath);
        foreach (var file in result.Files) Assert.True(File.Exists(Path.Combine(_directory, file)), $"{file} missing");
        Assert.Equal(1 + 2 * 6, result.Files.Count);
        Assert.Equal("charts/goodput.png", result.Charts[0].PngPath);
        Assert.Equal("charts/goodput.svg", result.Charts[0].SvgPath);
        Assert.Equal(["charts", "report.html"], Directory.EnumerateFileSystemEntries(_directory).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Each_png_is_a_real_image_twice_the_size_of_its_svg()
    {
        var result = await RenderAsync(ReportFixtures.Datagrams());
        foreach (var chart in result.Charts)
        {
            var svg = XDocument.Load(Path.Combine(_directory, chart.SvgPath)).Root!;
            Assert.Equal("svg", svg.Name.LocalName);
            double svgWidth = double.Parse((string)svg.Attribute("width")!, CultureInfo.InvariantCulture);
            double svgHeight = double.Parse((string)svg.Attribute("height")!, CultureInfo.InvariantCulture);
            Assert.InRange(svgWidth, 600, 1000); // about 600 px of plot plus axes, title and the legend outside
            Assert.InRange(svgHeight, 280, 800);

            var (width, height) = PngHeader.Read(Path.Combine(_directory, chart.PngPath));
            Assert.Equal((chart.PngWidthPx, chart.PngHeightPx), (width, height));
            Assert.InRange(width, 2 * svgWidth - 1, 2 * svgWidth + 1);
            Assert.InRange(height, 2 * svgHeight - 1, 2 * svgHeight + 1);
            Assert.True(new FileInfo(Path.Combine(_directory, chart.PngPath)).Length > 10_000, $"{chart.PngPath} is suspiciously small");
        }
    }

    [Fact]
    public async Task The_svg_holds_the_titles_axis_units_every_transport_and_hover_values()
    {
        await RenderAsync(ReportFixtures.Datagrams());
        string goodput = Normalized(File.ReadAllText(Path.Combine(_directory, "charts/goodput.svg")));
        Assert.Contains(">Goodput per transport</text>", goodput);
        Assert.Contains(">Goodput (Gbit/s)</text>", goodput);
        foreach (var label in new[] { "tcp", "udp", "ws" }) Assert.Contains($">{label}</text>", goodput);
        Assert.Contains("<title>tcp\nMedian Goodput (Gbit/s): ", goodput);
        string latency = Normalized(File.ReadAllText(Path.Combine(_directory, "charts/latency-percentiles.svg")));
        Assert.Contains(">99.9%</text>", latency);
        Assert.Contains(">One-way delay (ms, log scale)</text>", latency);
    }

    [Fact]
    public async Task The_page_is_self_contained_with_inline_svg_charts_the_summary_environment_and_settings()
    {
        await RenderAsync(ReportFixtures.Datagrams());
        string html = File.ReadAllText(Path.Combine(_directory, "report.html"));
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/", "", StringComparison.Ordinal));
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<?xml", html);
        Assert.Contains("<td>libmsquic not found (install libmsquic)</td>", html);
        Assert.Contains("<td>AMD EPYC 7B13</td>", html);
        Assert.Contains("<td>System.Net.WebSockets</td>", html);
        Assert.Contains("<td>1.92 (1.91\u2060–\u20601.95)</td>", html); // tcp goodput, Gbit/s, median (min–max)
        Assert.Equal(6, CountOf(html, "<figure class=\"chart\" id=\"chart-"));
        Assert.Equal(6, CountOf(html, "<svg viewBox="));
        Assert.Contains("<title>tcp\nMedian Goodput (Gbit/s): ", html);
    }

    [Fact]
    public async Task Rendering_again_replaces_the_charts_of_the_earlier_render()
    {
        await RenderAsync(ReportFixtures.Datagrams());
        Assert.True(File.Exists(Path.Combine(_directory, "charts/loss.png")));
        File.WriteAllText(Path.Combine(_directory, "charts/goodput.vl.json"), "{}"); // a Vega-Lite spec left by a render before ScottPlot
        var result = await RenderAsync(ReportFixtures.Bigfile());
        var left = Directory.GetFiles(Path.Combine(_directory, "charts")).Select(Path.GetFileName).Order();
        Assert.Equal(result.Files.Where(f => f.StartsWith("charts/", StringComparison.Ordinal)).Select(Path.GetFileName).Order(), left);
    }

    [Fact]
    public async Task Comparing_two_runs_writes_compare_charts_and_page()
    {
        var a = ReportFixtures.Bigfile();
        var b = a with { Run = a.Run with { Id = "20261122-094000-bigfile" } };
        var result = await ReportRenderer.RenderComparisonAsync(_directory, a, b);
        Assert.True(result.Status == ReportStatus.Rendered, result.Message);
        Assert.Equal(["compare-goodput", "compare-cpu-per-gib"], result.Charts.Select(c => c.Name));
        Assert.Equal("compare.html", result.HtmlPath);
        string svg = File.ReadAllText(Path.Combine(_directory, "charts/compare-goodput.svg"));
        Assert.Contains("A: 20261121-094000-bigfile", svg);
        Assert.Contains("B: 20261122-094000-bigfile", svg);
        PngHeader.Read(Path.Combine(_directory, "charts/compare-goodput.png"));
    }

    [Fact]
    public async Task Without_the_font_nothing_is_written_and_one_line_names_the_packages_and_the_bootstrap()
    {
        var options = new ReportOptions { FontFamily = "No Such Font Family" };
        var result = await ReportRenderer.RenderAsync(_directory, ReportFixtures.Datagrams(), options);
        Assert.Equal(ReportStatus.Skipped, result.Status);
        Assert.Equal("charts skipped: font No Such Font Family not found (Debian packages fonts-dejavu-core and fontconfig); run scripts/bootstrap.sh", result.Message);
        Assert.DoesNotContain('\n', result.Message);
        Assert.Empty(result.Files);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public async Task Cancelling_throws_and_writes_nothing()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();
        var target = Path.Combine(_directory, "run");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ReportRenderer.RenderAsync(target, ReportFixtures.Datagrams(), cancel.Token));
        Assert.False(Directory.Exists(target));
    }

    private static string Normalized(string svg) => System.Text.RegularExpressions.Regex.Replace(svg, @">\s+([^<]*?)\s+</text>", ">$1</text>");

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
