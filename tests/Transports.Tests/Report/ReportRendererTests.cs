using System.Globalization;
using System.Xml.Linq;
using Transports.Views;
using Xunit;

namespace Transports.Tests.Report;

/// <summary>End to end: fixture results.json through Node (vega, vega-lite, resvg) to real SVG and PNG files and report.html.</summary>
public sealed class ReportRendererTests : IDisposable
{
    private readonly string _directory = ReportFixtures.NewTempDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [SkippableFact]
    public async Task Rendering_a_run_writes_spec_svg_and_png_of_every_chart_and_the_page()
    {
        var doc = ReportFixtures.Datagrams();
        var result = await NodeRequirement.RenderOrSkipAsync(_directory, doc);

        Assert.Equal(ChartSpecs.ForRun(doc).Select(c => (c.Name, c.Title)), result.Charts.Select(c => (c.Name, c.Title)));
        Assert.Empty(result.Warnings);
        Assert.Equal("report.html", result.HtmlPath);
        foreach (var file in result.Files) Assert.True(File.Exists(Path.Combine(_directory, file)), $"{file} missing");
        Assert.Equal(1 + 3 * 6, result.Files.Count);
        Assert.Equal("charts/goodput.png", result.Charts[0].PngPath);
        Assert.False(Directory.EnumerateDirectories(_directory).Any(d => Path.GetFileName(d).StartsWith(".report-staging", StringComparison.Ordinal)));
    }

    [SkippableFact]
    public async Task Each_png_is_a_real_image_twice_the_size_of_its_svg()
    {
        var result = await NodeRequirement.RenderOrSkipAsync(_directory, ReportFixtures.Datagrams());
        foreach (var chart in result.Charts)
        {
            var svg = XDocument.Load(Path.Combine(_directory, chart.SvgPath)).Root!;
            Assert.Equal("svg", svg.Name.LocalName);
            double svgWidth = double.Parse((string)svg.Attribute("width")!, CultureInfo.InvariantCulture);
            double svgHeight = double.Parse((string)svg.Attribute("height")!, CultureInfo.InvariantCulture);
            Assert.InRange(svgWidth, 600, 1000); // the 600 px plot plus axes, title and legend
            Assert.InRange(svgHeight, 280, 800);

            var (width, height) = PngHeader.Read(Path.Combine(_directory, chart.PngPath));
            Assert.Equal((chart.PngWidthPx, chart.PngHeightPx), (width, height));
            Assert.InRange(width, 2 * svgWidth - 1, 2 * svgWidth + 1);
            Assert.InRange(height, 2 * svgHeight - 1, 2 * svgHeight + 1);
            Assert.True(new FileInfo(Path.Combine(_directory, chart.PngPath)).Length > 10_000, $"{chart.PngPath} is suspiciously small");
        }
    }

    [SkippableFact]
    public async Task The_svg_holds_the_titles_axis_units_and_every_transport()
    {
        var result = await NodeRequirement.RenderOrSkipAsync(_directory, ReportFixtures.Datagrams());
        string goodput = File.ReadAllText(Path.Combine(_directory, "charts/goodput.svg"));
        Assert.Contains("Goodput per transport", goodput);
        Assert.Contains("Goodput (Gbit/s)", goodput);
        foreach (var label in new[] { "tcp", "udp", "ws" }) Assert.Contains($">{label}</text>", goodput);
        string latency = File.ReadAllText(Path.Combine(_directory, "charts/latency-percentiles.svg"));
        Assert.Contains(">99.9%</text>", latency);
        Assert.Contains("One-way delay (ms, log scale)", latency);
    }

    [SkippableFact]
    public async Task The_page_is_self_contained_with_the_summary_environment_and_settings()
    {
        await NodeRequirement.RenderOrSkipAsync(_directory, ReportFixtures.Datagrams());
        string html = File.ReadAllText(Path.Combine(_directory, "report.html"));
        Assert.DoesNotContain("<script src", html);
        Assert.DoesNotContain("sourceMappingURL", html);
        Assert.Contains("vegaEmbed", html);
        Assert.Contains("<td>libmsquic not found (install libmsquic)</td>", html);
        Assert.Contains("<td>AMD EPYC 7B13</td>", html);
        Assert.Contains("<td>System.Net.WebSockets</td>", html);
        Assert.Contains("<td>1.92 (1.91\u2060–\u20601.95)</td>", html); // tcp goodput, Gbit/s, median (min–max)
        Assert.Equal(6, CountOf(html, "<div class=\"vega\" id=\"chart-"));
    }

    [SkippableFact]
    public async Task Rendering_again_replaces_the_charts_of_the_earlier_render()
    {
        await NodeRequirement.RenderOrSkipAsync(_directory, ReportFixtures.Datagrams());
        Assert.True(File.Exists(Path.Combine(_directory, "charts/loss.png")));
        var result = await NodeRequirement.RenderOrSkipAsync(_directory, ReportFixtures.Bigfile());
        var left = Directory.GetFiles(Path.Combine(_directory, "charts")).Select(Path.GetFileName).Order();
        Assert.Equal(result.Files.Where(f => f.StartsWith("charts/", StringComparison.Ordinal)).Select(Path.GetFileName).Order(), left);
    }

    [SkippableFact]
    public async Task Comparing_two_runs_writes_compare_charts_and_page()
    {
        var a = ReportFixtures.Bigfile();
        var b = a with { Run = a.Run with { Id = "20261122-094000-bigfile" } };
        var result = await ReportRenderer.RenderComparisonAsync(_directory, a, b);
        Skip.If(result.Status == ReportStatus.Skipped, result.Message);
        Assert.True(result.Status == ReportStatus.Rendered, result.Message);
        Assert.Equal(["compare-goodput", "compare-cpu-per-gib"], result.Charts.Select(c => c.Name));
        Assert.Equal("compare.html", result.HtmlPath);
        string svg = File.ReadAllText(Path.Combine(_directory, "charts/compare-goodput.svg"));
        Assert.Contains("A: 20261121-094000-bigfile", svg);
        Assert.Contains("B: 20261122-094000-bigfile", svg);
        PngHeader.Read(Path.Combine(_directory, "charts/compare-goodput.png"));
    }

    [Fact]
    public async Task Without_node_nothing_is_written_and_the_message_names_the_bootstrap()
    {
        var options = new ReportOptions { NodeExecutable = "/nonexistent/bin/node" };
        var result = await ReportRenderer.RenderAsync(_directory, ReportFixtures.Datagrams(), options);
        Assert.Equal(ReportStatus.Skipped, result.Status);
        Assert.Equal("charts skipped: node not found; run scripts/bootstrap.sh", result.Message);
        Assert.Empty(result.Files);
        Assert.Empty(Directory.EnumerateFileSystemEntries(_directory));
    }

    [Fact]
    public async Task Without_the_npm_packages_nothing_is_written_and_the_message_names_the_bootstrap()
    {
        var renderDirectory = Path.Combine(_directory, "node");
        Directory.CreateDirectory(renderDirectory);
        File.WriteAllText(Path.Combine(renderDirectory, "render.mjs"), "");
        var target = Path.Combine(_directory, "run");
        var result = await ReportRenderer.RenderAsync(target, ReportFixtures.Datagrams(), new ReportOptions { RenderDirectory = renderDirectory });
        Assert.Equal(ReportStatus.Skipped, result.Status);
        Assert.StartsWith("charts skipped: npm packages missing (node_modules/vega/build/vega.min.js", result.Message);
        Assert.EndsWith("run scripts/bootstrap.sh", result.Message);
        Assert.False(Directory.Exists(target));
    }

    [SkippableTheory]
    [InlineData("process.stderr.write('render.mjs: spec is bad\\nmore\\n'); process.exit(1);\n", 120, "charts failed: render.mjs: spec is bad")]
    [InlineData("setTimeout(() => {}, 30000);\n", 1, "charts failed: node render.mjs took longer than 1 s and was stopped")]
    public async Task A_render_that_fails_or_hangs_writes_nothing_and_says_why(string script, int timeoutSeconds, string message)
    {
        Skip.IfNot(NodeRequirement.NodeOnPath(), "node not on PATH; run scripts/bootstrap.sh");
        var renderDirectory = FakeRenderDirectory(script);
        var target = Path.Combine(_directory, "run");
        var options = new ReportOptions { RenderDirectory = renderDirectory, Timeout = TimeSpan.FromSeconds(timeoutSeconds) };
        var result = await ReportRenderer.RenderAsync(target, ReportFixtures.Datagrams(), options);
        Assert.Equal(ReportStatus.Failed, result.Status);
        Assert.Equal(message, result.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    [SkippableFact]
    public async Task Cancelling_stops_node_and_throws()
    {
        Skip.IfNot(NodeRequirement.NodeOnPath(), "node not on PATH; run scripts/bootstrap.sh");
        var renderDirectory = FakeRenderDirectory("setTimeout(() => {}, 30000);\n");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        var target = Path.Combine(_directory, "run");
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ReportRenderer.RenderAsync(target, ReportFixtures.Datagrams(), new ReportOptions { RenderDirectory = renderDirectory }, cancel.Token));
        Assert.Empty(Directory.EnumerateFileSystemEntries(target));
    }

    /// <summary>A render folder with <paramref name="script"/> as render.mjs and empty stand-ins for the npm files the renderer checks.</summary>
    private string FakeRenderDirectory(string script)
    {
        var renderDirectory = Path.Combine(_directory, "fake-node");
        Directory.CreateDirectory(renderDirectory);
        File.WriteAllText(Path.Combine(renderDirectory, "render.mjs"), script);
        foreach (var stub in new[] { "vega/build/vega.min.js", "vega-lite/build/vega-lite.min.js", "vega-embed/build/vega-embed.min.js", "@resvg/resvg-js/package.json" })
        {
            var path = Path.Combine(renderDirectory, "node_modules", stub);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "");
        }
        return renderDirectory;
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal)) count++;
        return count;
    }
}
