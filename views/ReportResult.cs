namespace Transports.Views;

/// <summary>Whether the charts and the HTML report were written.</summary>
public enum ReportStatus
{
    /// <summary>Charts (SVG, PNG) and the HTML page were written.</summary>
    Rendered,

    /// <summary>Nothing was written because the charts' font (or SkiaSharp's native library) is missing; <see cref="ReportResult.Message"/> says which step installs it.</summary>
    Skipped,

    /// <summary>Drawing a chart failed; nothing was written. <see cref="ReportResult.Message"/> has the reason.</summary>
    Failed,
}

/// <summary>One chart written to disk. Paths are relative to the run (or comparison) directory, with '/' separators.</summary>
/// <param name="Name">File stem, e.g. <c>goodput</c>.</param>
/// <param name="Title">The chart's title, for alt text and Markdown captions.</param>
/// <param name="SvgPath">The SVG, e.g. <c>charts/goodput.svg</c> (also inlined in the HTML page).</param>
/// <param name="PngPath">The PNG, e.g. <c>charts/goodput.png</c>: embed this one in summary.md.</param>
/// <param name="PngWidthPx">PNG width in pixels (the SVG width times <see cref="ReportOptions.PngScale"/>).</param>
/// <param name="PngHeightPx">PNG height in pixels.</param>
public sealed record ChartFile(string Name, string Title, string SvgPath, string PngPath, int PngWidthPx, int PngHeightPx);

/// <summary>What <see cref="ReportRenderer"/> did.</summary>
/// <param name="Status">Rendered, skipped (font missing) or failed.</param>
/// <param name="Message">One line for the console, e.g. "charts: 6 charts in results/x/charts, page results/x/report.html" or
/// "charts skipped: font DejaVu Sans not found (…); run scripts/bootstrap.sh".</param>
/// <param name="Charts">The charts written, in display order; empty unless rendered.</param>
/// <param name="HtmlPath">The HTML page relative to the directory (<c>report.html</c> or <c>compare.html</c>); null unless rendered.</param>
public sealed record ReportResult(
    ReportStatus Status,
    string Message,
    IReadOnlyList<ChartFile> Charts,
    string? HtmlPath)
{
    /// <summary>Every file written, relative to the directory: the HTML page, then each chart's SVG and PNG.</summary>
    public IReadOnlyList<string> Files =>
        HtmlPath is null ? [] : [HtmlPath, .. Charts.SelectMany(c => new[] { c.SvgPath, c.PngPath })];

    internal static ReportResult NotWritten(ReportStatus status, string message) => new(status, message, [], null);
}
