using Transports.Results;
using Transports.Views.Rendering;

namespace Transports.Views;

/// <summary>
/// Writes a run's charts (SVG and PNG under <c>charts/</c>) and its self-contained HTML page, from the results
/// document alone. Every chart is drawn in-process by ScottPlot 5 (SkiaSharp underneath); nothing else is started.
/// Without the charts' font it writes nothing and says which step installs it.
/// </summary>
public static class ReportRenderer
{
    private const string ChartsFolder = "charts";

    /// <summary>Chart files of earlier renders that a new render replaces (.vl.json: Vega-Lite specs of renders before ScottPlot).</summary>
    private static readonly string[] ChartExtensions = [".vl.json", ".svg", ".png"];

    /// <summary>Renders the charts of one run and writes <c>report.html</c> into <paramref name="runDirectory"/>.</summary>
    /// <param name="runDirectory">The run's folder (results/&lt;run&gt;); created when missing. Existing charts there are replaced.</param>
    /// <param name="doc">The run's results document.</param>
    /// <param name="cancellationToken">Stops rendering between charts.</param>
    /// <returns>Rendered with the files, or Skipped/Failed with a one-line message; never throws for a missing font.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="runDirectory"/> is empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="IOException">The directory cannot be written.</exception>
    public static Task<ReportResult> RenderAsync(string runDirectory, ResultsDocument doc, CancellationToken cancellationToken = default)
        => RenderAsync(runDirectory, doc, new ReportOptions(), cancellationToken);

    /// <summary>As <see cref="RenderAsync(string, ResultsDocument, CancellationToken)"/>, with explicit rendering options.</summary>
    /// <param name="runDirectory">The run's folder.</param>
    /// <param name="doc">The run's results document.</param>
    /// <param name="options">Font and PNG scale.</param>
    /// <param name="cancellationToken">Stops rendering between charts.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="runDirectory"/> is empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="IOException">The directory cannot be written.</exception>
    public static Task<ReportResult> RenderAsync(string runDirectory, ResultsDocument doc, ReportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return WriteAsync(runDirectory, "report.html", ChartSpecs.ForRun(doc),
            charts => HtmlReport.ForRun(doc, charts), options, cancellationToken);
    }

    /// <summary>
    /// Renders two runs side by side (bars grouped by transport, color = run) into <paramref name="outputDirectory"/>:
    /// <c>charts/compare-*.{svg,png}</c> and <c>compare.html</c>.
    /// </summary>
    /// <param name="outputDirectory">Where to write; created when missing.</param>
    /// <param name="a">The first (baseline) run.</param>
    /// <param name="b">The second (candidate) run.</param>
    /// <param name="cancellationToken">Stops rendering between charts.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputDirectory"/> is empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="IOException">The directory cannot be written.</exception>
    public static Task<ReportResult> RenderComparisonAsync(string outputDirectory, ResultsDocument a, ResultsDocument b, CancellationToken cancellationToken = default)
        => RenderComparisonAsync(outputDirectory, a, b, new ReportOptions(), cancellationToken);

    /// <summary>As <see cref="RenderComparisonAsync(string, ResultsDocument, ResultsDocument, CancellationToken)"/>, with explicit options.</summary>
    /// <param name="outputDirectory">Where to write.</param>
    /// <param name="a">The first (baseline) run.</param>
    /// <param name="b">The second (candidate) run.</param>
    /// <param name="options">Font and PNG scale.</param>
    /// <param name="cancellationToken">Stops rendering between charts.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="outputDirectory"/> is empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="IOException">The directory cannot be written.</exception>
    public static Task<ReportResult> RenderComparisonAsync(
        string outputDirectory, ResultsDocument a, ResultsDocument b, ReportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return WriteAsync(outputDirectory, "compare.html", ChartSpecs.ForComparison(a, b),
            charts => HtmlReport.ForComparison(a, b, charts), options, cancellationToken);
    }

    private static async Task<ReportResult> WriteAsync(
        string directory,
        string htmlName,
        IReadOnlyList<ChartSpec> specs,
        Func<IReadOnlyList<ChartImage>, string> page,
        ReportOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();

        if (specs.Count > 0 && ChartFonts.Missing(options.FontFamily) is { } skipped)
            return ReportResult.NotWritten(ReportStatus.Skipped, skipped);

        // Draw everything in memory first: a chart that fails leaves the folder as it was.
        var images = new List<ChartImage>();
        foreach (var spec in specs)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                images.Add(ChartRenderer.Render(spec, options.FontFamily, options.PngScale));
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                return ReportResult.NotWritten(ReportStatus.Failed, $"charts failed: {spec.Name}: {e.Message.Split('\n')[0]}");
            }
        }
        string html = page(images);

        Directory.CreateDirectory(directory);
        var chartsDirectory = Directory.CreateDirectory(Path.Combine(directory, ChartsFolder)).FullName;
        RemoveOldCharts(chartsDirectory, htmlName == "compare.html");
        var files = new List<ChartFile>();
        foreach (var image in images)
        {
            await File.WriteAllTextAsync(Path.Combine(chartsDirectory, $"{image.Name}.svg"), image.Svg, cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(chartsDirectory, $"{image.Name}.png"), image.Png, cancellationToken).ConfigureAwait(false);
            files.Add(new ChartFile(image.Name, image.Title, $"{ChartsFolder}/{image.Name}.svg", $"{ChartsFolder}/{image.Name}.png",
                image.PngWidthPx, image.PngHeightPx));
        }
        await File.WriteAllTextAsync(Path.Combine(directory, htmlName), html, cancellationToken).ConfigureAwait(false);

        string message = $"charts: {files.Count} chart{(files.Count == 1 ? "" : "s")} in {Path.Combine(directory, ChartsFolder)}, page {Path.Combine(directory, htmlName)}";
        return new ReportResult(ReportStatus.Rendered, message, files, htmlName);
    }

    /// <summary>Removes the charts of an earlier render (run charts, or compare-* charts for a comparison) so no stale chart survives.</summary>
    private static void RemoveOldCharts(string chartsDirectory, bool comparison)
    {
        foreach (var file in Directory.EnumerateFiles(chartsDirectory))
        {
            var name = Path.GetFileName(file);
            if (!ChartExtensions.Any(e => name.EndsWith(e, StringComparison.Ordinal))) continue;
            if (name.StartsWith("compare-", StringComparison.Ordinal) == comparison) File.Delete(file);
        }
    }
}
