using Microsoft.Playwright;
using Transports.Views;
using Xunit;

namespace Transports.Tests.Report;

/// <summary>
/// Opens the rendered pages from file:// in a real browser (Debian's Chromium driven by Playwright for .NET) and
/// checks every chart was drawn, tooltips work, nothing was fetched from the network and no error or warning was
/// logged. Leaves the pages and full-page screenshots in tests/Transports.Tests/TestResults/report-browser*/.
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
    public async Task Every_chart_of_a_run_renders_in_chromium_offline_with_tooltips_and_no_console_errors()
    {
        var artifacts = ArtifactDirectory("report-browser");
        var result = await NodeRequirement.RenderOrSkipAsync(artifacts, ReportFixtures.Datagrams());

        await OpenAsync(artifacts, result, async page =>
        {
            Assert.Equal(3, await page.Locator("#chart-goodput g.mark-rect.role-mark > path").CountAsync());
            Assert.Equal(3, await page.Locator("#chart-goodput-timeline g.mark-line.role-mark > path").CountAsync());

            await page.Locator("#chart-goodput g.mark-rect.role-mark > path").First.HoverAsync();
            var tooltip = page.Locator("#vg-tooltip-element");
            await tooltip.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Visible });
            string tip = await tooltip.InnerTextAsync();
            Assert.Contains("tcp", tip);
            Assert.Contains("Median Goodput (Gbit/s)", tip);
        });
    }

    [SkippableFact]
    public async Task Every_chart_of_a_comparison_renders_in_chromium()
    {
        var artifacts = ArtifactDirectory("report-browser-compare");
        var a = ReportFixtures.Datagrams();
        var b = a with { Run = a.Run with { Id = "20261122-101500-datagrams" } };
        var result = await ReportRenderer.RenderComparisonAsync(artifacts, a, b);
        Skip.If(result.Status == ReportStatus.Skipped, result.Message);
        Assert.True(result.Status == ReportStatus.Rendered, result.Message);

        await OpenAsync(artifacts, result, async page =>
            Assert.Equal(6, await page.Locator("#chart-compare-goodput g.mark-rect.role-mark > path").CountAsync()));
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
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.vega')].every(e => e.hasAttribute('data-rendered'))");

        var charts = await page.EvalOnSelectorAllAsync<ChartState[]>(".vega",
            "els => els.map(e => ({ id: e.id, rendered: e.getAttribute('data-rendered'), marks: e.querySelectorAll('svg g.role-mark > *').length }))");
        Assert.Equal(result.Charts.Select(c => "chart-" + c.Name), charts.Select(c => c.Id));
        Assert.All(charts, c =>
        {
            Assert.True(c.Rendered == "true", $"{c.Id}: data-rendered={c.Rendered}");
            Assert.True(c.Marks > 0, $"{c.Id} has no marks");
        });
        await check(page);

        var screenshot = Path.Combine(directory, Path.ChangeExtension(result.HtmlPath!, null) + "-screenshot.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.Empty(errors);
        Assert.All(requests, url => Assert.True(url.StartsWith("file:", StringComparison.Ordinal) || url.StartsWith("data:", StringComparison.Ordinal), $"network request: {url}"));
        Assert.True(new FileInfo(screenshot).Length > 50_000, "screenshot suspiciously small");
    }

    /// <summary>What the page says about one chart container (Playwright needs settable properties to fill it).</summary>
    private sealed class ChartState
    {
        public string Id { get; set; } = "";
        public string? Rendered { get; set; }
        public int Marks { get; set; }
    }
}
