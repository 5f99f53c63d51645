using System.Text.Encodings.Web;
using System.Text.Json;
using Transports.Results;
using Transports.Views.Rendering;

namespace Transports.Views;

/// <summary>
/// Writes a run's charts (Vega-Lite spec, SVG, PNG under <c>charts/</c>) and its self-contained HTML page, from the
/// results document alone. SVG comes from vega + vega-lite and PNG from @resvg/resvg-js, run by Node.js
/// (report/node/render.mjs). Without Node or the npm packages it writes nothing and says which step installs them.
/// </summary>
public static class ReportRenderer
{
    private const string ChartsFolder = "charts";
    private static readonly string[] ChartExtensions = [".vl.json", ".svg", ".png"];
    private static readonly JsonSerializerOptions SpecFileJson = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // readable files; they are never inlined into HTML
    };

    /// <summary>Renders the charts of one run and writes <c>report.html</c> into <paramref name="runDirectory"/>.</summary>
    /// <param name="runDirectory">The run's folder (results/&lt;run&gt;); created when missing. Existing charts there are replaced.</param>
    /// <param name="doc">The run's results document.</param>
    /// <param name="cancellationToken">Stops rendering (Node is killed).</param>
    /// <returns>Rendered with the files, or Skipped/Failed with a one-line message; never throws for a missing Node.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="runDirectory"/> is empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="IOException">The directory cannot be written.</exception>
    public static Task<ReportResult> RenderAsync(string runDirectory, ResultsDocument doc, CancellationToken cancellationToken = default)
        => RenderAsync(runDirectory, doc, new ReportOptions(), cancellationToken);

    /// <summary>As <see cref="RenderAsync(string, ResultsDocument, CancellationToken)"/>, with explicit Node and rendering options.</summary>
    /// <param name="runDirectory">The run's folder.</param>
    /// <param name="doc">The run's results document.</param>
    /// <param name="options">Where Node and the render script are, PNG scale, timeout.</param>
    /// <param name="cancellationToken">Stops rendering.</param>
    /// <returns>What was written.</returns>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="runDirectory"/> is empty.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    /// <exception cref="IOException">The directory cannot be written.</exception>
    public static Task<ReportResult> RenderAsync(string runDirectory, ResultsDocument doc, ReportOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(doc);
        return WriteAsync(runDirectory, "report.html", ChartSpecs.ForRun(doc),
            (charts, scripts) => HtmlReport.ForRun(doc, charts, scripts), options, cancellationToken);
    }

    /// <summary>
    /// Renders two runs side by side (bars grouped by transport, color = run) into <paramref name="outputDirectory"/>:
    /// <c>charts/compare-*.{vl.json,svg,png}</c> and <c>compare.html</c>.
    /// </summary>
    /// <param name="outputDirectory">Where to write; created when missing.</param>
    /// <param name="a">The first (baseline) run.</param>
    /// <param name="b">The second (candidate) run.</param>
    /// <param name="cancellationToken">Stops rendering.</param>
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
    /// <param name="options">Where Node and the render script are, PNG scale, timeout.</param>
    /// <param name="cancellationToken">Stops rendering.</param>
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
            (charts, scripts) => HtmlReport.ForComparison(a, b, charts, scripts), options, cancellationToken);
    }

    private static async Task<ReportResult> WriteAsync(
        string directory,
        string htmlName,
        IReadOnlyList<ChartSpec> charts,
        Func<IReadOnlyList<ChartSpec>, VegaScripts, string> page,
        ReportOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(options);
        cancellationToken.ThrowIfCancellationRequested();

        var (setup, skipped) = NodeSetup.Find(options);
        if (setup is null) return ReportResult.NotWritten(ReportStatus.Skipped, skipped!);

        Directory.CreateDirectory(directory);
        var staging = Directory.CreateDirectory(Path.Combine(directory, $".report-staging-{Guid.NewGuid():N}")).FullName;
        try
        {
            IReadOnlyList<RenderedChart> rendered = [];
            if (charts.Count > 0)
            {
                var (result, failure) = await NodeChartRenderer.RenderAsync(setup, charts, staging, options, cancellationToken).ConfigureAwait(false);
                if (result is null)
                {
                    var status = failure!.StartsWith("charts skipped", StringComparison.Ordinal) ? ReportStatus.Skipped : ReportStatus.Failed;
                    return ReportResult.NotWritten(status, failure);
                }
                rendered = result;
            }
            var scripts = await VegaScripts.ReadAsync(setup, cancellationToken).ConfigureAwait(false);
            string html = page(charts, scripts);

            var chartsDirectory = Directory.CreateDirectory(Path.Combine(directory, ChartsFolder)).FullName;
            RemoveOldCharts(chartsDirectory, htmlName == "compare.html");
            var files = new List<ChartFile>();
            foreach (var (chart, r) in charts.Zip(rendered))
            {
                await File.WriteAllTextAsync(Path.Combine(chartsDirectory, $"{chart.Name}.vl.json"),
                    chart.Spec.ToJsonString(SpecFileJson) + "\n", cancellationToken).ConfigureAwait(false);
                File.Move(Path.Combine(staging, $"{chart.Name}.svg"), Path.Combine(chartsDirectory, $"{chart.Name}.svg"), overwrite: true);
                File.Move(Path.Combine(staging, $"{chart.Name}.png"), Path.Combine(chartsDirectory, $"{chart.Name}.png"), overwrite: true);
                files.Add(new ChartFile(chart.Name, chart.Title,
                    $"{ChartsFolder}/{chart.Name}.vl.json", $"{ChartsFolder}/{chart.Name}.svg", $"{ChartsFolder}/{chart.Name}.png",
                    r.PngWidthPx, r.PngHeightPx));
            }
            await File.WriteAllTextAsync(Path.Combine(directory, htmlName), html, cancellationToken).ConfigureAwait(false);

            var warnings = rendered.SelectMany(r => r.Warnings.Select(w => $"{r.Name}: {w}")).ToArray();
            string message = $"charts: {files.Count} chart{(files.Count == 1 ? "" : "s")} in {Path.Combine(directory, ChartsFolder)}, page {Path.Combine(directory, htmlName)}";
            return new ReportResult(ReportStatus.Rendered, message, files, htmlName, warnings);
        }
        finally
        {
            try { Directory.Delete(staging, recursive: true); } catch (IOException) { /* best effort: a leftover temp folder is harmless */ }
        }
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
