using System.Globalization;
using System.Net;
using System.Text;
using ScottPlot;
using Transports.Views.Charts;

namespace Transports.Views.Rendering;

/// <summary>
/// Adds hover values to a ScottPlot SVG: an invisible shape over each bar, dot and line sample whose &lt;title&gt;
/// holds its numbers (browsers show it as a tooltip, no script needed), and an accessible name on the root element.
/// </summary>
internal static class SvgHoverLayer
{
    /// <summary>Smallest side, in CSS pixels, of a hover target (points become circles of this radius).</summary>
    private const double MinSizePx = 6;

    /// <summary>
    /// Returns <paramref name="svg"/> with the hover targets appended as the last group (on top of every mark).
    /// Must be called right after the plot rendered <paramref name="svg"/>, so pixel positions match.
    /// </summary>
    public static string Add(string svg, Plot plot, string title, IReadOnlyList<ChartHover> hovers)
    {
        var layer = new StringBuilder("<g class=\"hover\" fill=\"#000000\" fill-opacity=\"0\" stroke=\"none\" pointer-events=\"all\">\n");
        foreach (var hover in hovers)
        {
            var a = plot.GetPixel(new Coordinates(hover.X1, hover.Y1));
            var b = plot.GetPixel(new Coordinates(hover.X2, hover.Y2));
            if (!float.IsFinite(a.X) || !float.IsFinite(a.Y) || !float.IsFinite(b.X) || !float.IsFinite(b.Y)) continue;
            string text = WebUtility.HtmlEncode(hover.Text);
            if (hover.IsPoint)
            {
                layer.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{a.X:0.##}\" cy=\"{a.Y:0.##}\" r=\"{MinSizePx}\"><title>{text}</title></circle>\n");
                continue;
            }
            double x = Math.Min(a.X, b.X), y = Math.Min(a.Y, b.Y);
            double w = Math.Abs(a.X - b.X), h = Math.Abs(a.Y - b.Y);
            if (w < MinSizePx) { x -= (MinSizePx - w) / 2; w = MinSizePx; }
            if (h < MinSizePx) { y -= (MinSizePx - h) / 2; h = MinSizePx; }
            layer.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.##}\" y=\"{y:0.##}\" width=\"{w:0.##}\" height=\"{h:0.##}\"><title>{text}</title></rect>\n");
        }
        layer.Append("</g>\n");

        int end = svg.LastIndexOf("</svg>", StringComparison.Ordinal);
        if (end < 0) throw new InvalidDataException("ScottPlot returned an SVG without </svg>");
        svg = svg[..end] + layer + svg[end..];
        int root = svg.IndexOf("<svg ", StringComparison.Ordinal);
        return svg[..root] + $"<svg role=\"img\" aria-label=\"{WebUtility.HtmlEncode(title)}\" " + svg[(root + 5)..];
    }
}
