using Microsoft.Playwright;
using SkiaSharp;
using Transports.Views;
using Xunit;

namespace Transports.Tests.Report;

/// <summary>
/// Opens the rendered pages from file:// in a real browser (Debian's Chromium driven by Playwright for .NET) and
/// checks every chart is on screen and not blank (pixels counted in each chart's box of a full-page screenshot),
/// hover values are under the pointer, nothing was fetched from the network and no error or warning was logged.
/// Leaves the pages and full-page screenshots in tests/Transports.Tests/TestResults/report-browser*/.
/// </summary>
public sealed class ReportBrowserTests
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
    ];

    [SkippableFact]
    public async Task Every_chart_of_a_run_shows_in_chromium_offline_with_hover_values_and_no_console_errors()
    {
        var artifacts = ArtifactDirectory("report-browser");
        var result = await ReportRenderer.RenderAsync(artifacts, ReportFixtures.Datagrams());
        Assert.True(result.Status == ReportStatus.Rendered, result.Message);

        await OpenAsync(artifacts, result, async page =>
        {
            var bars = page.Locator("#chart-goodput g.hover > rect");
            Assert.Equal(3, await bars.CountAsync());
            var timelineSeries = await page.EvalOnSelectorAllAsync<string[]>("#chart-goodput-timeline g.hover > circle > title",
                "ts => [...new Set(ts.map(t => t.textContent.split(',')[0]))]");
            Assert.Equal(["tcp", "udp", "ws"], timelineSeries);

            // The pointer over the tcp bar lands on its hover target, whose <title> the browser shows as the tooltip.
            await bars.First.HoverAsync();
            string tip = await page.EvaluateAsync<string>(
                "() => { const r = document.querySelector('#chart-goodput g.hover > rect').getBoundingClientRect();"
                + " const e = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2); return e.closest('g.hover > *').querySelector('title').textContent; }");
            Assert.StartsWith("tcp\n", tip);
            Assert.Contains("Median Goodput (Gbit/s)", tip);
        });
    }

    [SkippableFact]
    public async Task Every_chart_of_a_comparison_shows_in_chromium()
    {
        var artifacts = ArtifactDirectory("report-browser-compare");
        var a = ReportFixtures.Datagrams();
        var b = a with { Run = a.Run with { Id = "20261122-101500-datagrams" } };
        var result = await ReportRenderer.RenderComparisonAsync(artifacts, a, b);
        Assert.True(result.Status == ReportStatus.Rendered, result.Message);

        await OpenAsync(artifacts, result, async page =>
            Assert.Equal(6, await page.Locator("#chart-compare-goodput g.hover > rect").CountAsync()));
    }

    private static string ArtifactDirectory(string name)
    {
        Skip.IfNot(File.Exists(Chromium), $"{Chromium} missing; run scripts/bootstrap.sh test");
        var directory = Path.Combine(ReportFixtures.RepositoryRoot(), "tests", "Transports.Tests", "TestResults", name);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        return directory;
    }

    /// <summary>Opens the page, waits for every chart, checks marks, runs <paramref name="check"/>, saves a screenshot, checks the logs.</summary>
    private static async Task OpenAsync(string directory, ReportResult result, Func<IPage, Task> check)
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ChromiumArgs,
            Timeout = 60_000,
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(30_000);
        var errors = new List<string>();
        var requests = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") errors.Add($"console {message.Type}: {message.Text}"); };
        page.PageError += (_, error) => errors.Add($"page error: {error}");
        page.Request += (_, request) => requests.Add(request.Url);

        await page.GotoAsync(new Uri(Path.Combine(directory, result.HtmlPath!)).AbsoluteUri);
        await page.WaitForLoadStateAsync(LoadState.Load);

        var charts = await page.EvalOnSelectorAllAsync<ChartState[]>("figure.chart",
            "els => els.map(e => { const r = e.querySelector('svg').getBoundingClientRect();"
            + " return { id: e.id, marks: e.querySelectorAll('svg g.hover > *').length, titles: e.querySelectorAll('svg g.hover > * > title').length,"
            + " x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height }; })");
        Assert.Equal(result.Charts.Select(c => "chart-" + c.Name), charts.Select(c => c.Id));
        Assert.All(charts, c =>
        {
            Assert.True(c.Marks > 0, $"{c.Id} has no hover targets");
            Assert.Equal(c.Marks, c.Titles);
            Assert.True(c.Width > 500 && c.Height > 250, $"{c.Id} is {c.Width}x{c.Height}");
        });
        await check(page);

        var screenshot = Path.Combine(directory, Path.ChangeExtension(result.HtmlPath!, null) + "-screenshot.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.Empty(errors);
        Assert.All(requests, url => Assert.True(url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), $"network request: {url}"));
        Assert.True(new FileInfo(screenshot).Length > 50_000, "screenshot suspiciously small");

        // Pixels: inside each chart's box of the screenshot, a fair share is not background (white).
        using var image = SKBitmap.Decode(screenshot);
        Assert.All(charts, c =>
        {
            double ink = InkShare(image, c);
            Assert.True(ink > 0.03, $"{c.Id}: only {ink:P1} of its box in the screenshot is not white");
        });
    }

    /// <summary>Share of non-white pixels in the chart's box (CSS pixels = screenshot pixels at device scale 1), sampled every 2 px.</summary>
    private static double InkShare(SKBitmap image, ChartState chart)
    {
        int x0 = (int)chart.X, y0 = (int)chart.Y;
        int x1 = Math.Min(image.Width, (int)(chart.X + chart.Width)), y1 = Math.Min(image.Height, (int)(chart.Y + chart.Height));
        long ink = 0, all = 0;
        for (int y = y0; y < y1; y += 2)
            for (int x = x0; x < x1; x += 2)
            {
                var c = image.GetPixel(x, y);
                all++;
                if (c.Red < 235 || c.Green < 235 || c.Blue < 235) ink++;
            }
        return all == 0 ? 0 : ink / (double)all;
    }

    /// <summary>What the page says about one chart container (Playwright needs settable properties to fill it).</summary>
    private sealed class ChartState
    {
        public string Id { get; set; } = "";
        public int Marks { get; set; }
        public int Titles { get; set; }
        public double X { get; set; }
        public double Y { get; set; }
        public double Width { get; set; }
        public double Height { get; set; }
    }
}
