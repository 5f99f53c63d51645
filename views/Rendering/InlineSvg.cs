using System.Globalization;
using System.Text.RegularExpressions;

namespace Transports.Views.Rendering;

/// <summary>
/// Turns a chart's SVG file into markup for inlining into an HTML page: without the XML declaration, with a viewBox
/// so it scales to narrow screens, and with its ids (ScottPlot's clip paths) prefixed by the chart name, since every
/// chart's SVG numbers them alike and ids must be unique across the page.
/// </summary>
internal static partial class InlineSvg
{
    /// <summary>The inlineable markup of <paramref name="image"/>.</summary>
    public static string Of(ChartImage image)
    {
        string svg = image.Svg;
        int root = svg.IndexOf("<svg", StringComparison.Ordinal);
        svg = root > 0 ? svg[root..] : svg;
        string prefix = $"{image.Name}-";
        svg = Id().Replace(svg, m => $"{m.Groups[1].Value}=\"{prefix}{m.Groups[2].Value}\"");
        svg = UrlReference().Replace(svg, m => $"url(#{prefix}{m.Groups[1].Value})");
        svg = HrefReference().Replace(svg, m => $"{m.Groups[1].Value}=\"#{prefix}{m.Groups[2].Value}\"");
        string viewBox = string.Create(CultureInfo.InvariantCulture, $"<svg viewBox=\"0 0 {image.WidthPx} {image.HeightPx}\" ");
        return viewBox + svg["<svg ".Length..];
    }

    [GeneratedRegex("\\b(id)=\"([^\"]+)\"")]
    private static partial Regex Id();

    [GeneratedRegex("url\\(#([^)]+)\\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex("\\b(xlink:href|href)=\"#([^\"]+)\"")]
    private static partial Regex HrefReference();
}
