namespace Transports.Views.Rendering;

/// <summary>One chart drawn: its SVG text (with hover targets) and its PNG bytes.</summary>
/// <param name="Name">File stem, e.g. <c>goodput</c>.</param>
/// <param name="Title">The chart's title.</param>
/// <param name="Svg">The SVG document (XML declaration included), hover targets carrying &lt;title&gt; elements.</param>
/// <param name="Png">The PNG file's bytes.</param>
/// <param name="WidthPx">SVG width in CSS pixels.</param>
/// <param name="HeightPx">SVG height in CSS pixels.</param>
/// <param name="PngWidthPx">PNG width in pixels (<paramref name="WidthPx"/> times the PNG scale).</param>
/// <param name="PngHeightPx">PNG height in pixels.</param>
internal sealed record ChartImage(string Name, string Title, string Svg, byte[] Png, int WidthPx, int HeightPx, int PngWidthPx, int PngHeightPx);
