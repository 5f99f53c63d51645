using ScottPlot;
using ScottPlot.Plottables;
using Transports.Views.Charts;

namespace Transports.Views.Rendering;

/// <summary>Draws one <see cref="ChartSpec"/> in-process with ScottPlot 5: the SVG (with hover values) and the PNG.</summary>
internal static class ChartRenderer
{
    /// <summary>Draws <paramref name="spec"/> at <see cref="ChartStyle.WidthPx"/> × <see cref="ChartStyle.HeightPx"/>, PNG at <paramref name="pngScale"/> times that.</summary>
    /// <param name="spec">The chart.</param>
    /// <param name="fontFamily">The font every text is drawn in (checked beforehand by <see cref="ChartFonts"/>).</param>
    /// <param name="pngScale">PNG pixels per SVG pixel, 0.5 to 8.</param>
    public static ChartImage Render(ChartSpec spec, string fontFamily, double pngScale)
    {
        using var plot = new Plot();
        var hovers = spec.Draw(plot);
        plot.Font.Set(fontFamily);
        ChartStyle.Frame(plot, spec, fontFamily);
        foreach (var text in plot.GetPlottables().OfType<Text>()) text.LabelFontName = fontFamily;
        plot.Legend.FontName = fontFamily;

        const int width = ChartStyle.WidthPx, height = ChartStyle.HeightPx;
        string svg = SvgHoverLayer.Add(plot.GetSvgXml(width, height), plot, spec.Title, hovers);

        double scale = Math.Clamp(pngScale, 0.5, 8);
        int pngWidth = (int)Math.Round(width * scale), pngHeight = (int)Math.Round(height * scale);
        plot.ScaleFactor = (float)scale;
        byte[] png = plot.GetImageBytes(pngWidth, pngHeight, ImageFormat.Png);
        return new ChartImage(spec.Name, spec.Title, svg, png, width, height, pngWidth, pngHeight);
    }
}
