namespace Transports.Views.Charts;

/// <summary>
/// A hover target of a chart, in data coordinates: a rectangle from (X1, Y1) to (X2, Y2) (a bar), or a point when both
/// corners are equal (a repeat's dot, a line's sample). The renderer turns it into an invisible SVG shape whose
/// &lt;title&gt; is <see cref="Text"/>, which browsers show as a tooltip.
/// </summary>
internal sealed record ChartHover(double X1, double Y1, double X2, double Y2, string Text)
{
    /// <summary>A point target.</summary>
    public static ChartHover Point(double x, double y, string text) => new(x, y, x, y, text);

    /// <summary>True when the target is a point rather than a rectangle.</summary>
    public bool IsPoint => X1 == X2 && Y1 == Y2;
}
