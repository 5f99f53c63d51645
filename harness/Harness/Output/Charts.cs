using Transports.Results;
using Transports.Views;

namespace Transports.Harness.Output;

/// <summary>
/// Renders a run's charts and report.html (Transports.Views, drawn in-process by ScottPlot) and rewrites summary.md
/// with the PNGs embedded. A missing font is not an error: the run keeps its JSON, CSV and Markdown, and the returned
/// line says which step would install it.
/// </summary>
public static class Charts
{
    /// <summary>Renders charts for <paramref name="document"/> into <paramref name="folder"/>.</summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="document">Its results.</param>
    /// <param name="cancellationToken">Cancels rendering.</param>
    /// <returns>One line for the user: what was rendered, or why not.</returns>
    public static async Task<string> RenderAsync(RunFolder folder, ResultsDocument document, CancellationToken cancellationToken)
    {
        ReportResult result;
        try
        {
            result = await ReportRenderer.RenderAsync(folder.Path, document, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
        {
            return $"charts failed: {e.Message}";
        }
        if (result.Status == ReportStatus.Rendered)
            folder.WriteViews(document, result.Charts.Select(c => (c.PngPath, c.Title)).ToList());
        return result.Status == ReportStatus.Rendered
            ? $"charts: {result.Charts.Count} charts and {result.HtmlPath} in {folder.Path}"
            : result.Message;
    }
}
