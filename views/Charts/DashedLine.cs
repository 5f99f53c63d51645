using ScottPlot;

namespace Transports.Views.Charts;

/// <summary>
/// A polyline cut into dashes of about equal length on screen, for dashed series: Skia's SVG output drops dash path
/// effects (ScottPlot's LinePattern), so dashed lines are drawn as short strokes in both the SVG and the PNG.
/// </summary>
internal static class DashedLine
{
    /// <summary>Approximate plot-area size in pixels the dash lengths are measured in.</summary>
    private const double PlotWidthPx = 620, PlotHeightPx = 300;

    /// <summary>Dash and gap length in (approximate) pixels.</summary>
    private const double DashPx = 7, GapPx = 5;

    /// <summary>The dashes along the line through (<paramref name="xs"/>, <paramref name="ys"/>), in data coordinates, for axes spanning <paramref name="limits"/>.</summary>
    public static IEnumerable<(Coordinates A, Coordinates B)> Dashes(IReadOnlyList<double> xs, IReadOnlyList<double> ys, AxisLimits limits)
    {
        double sx = PlotWidthPx / Math.Max(1e-12, limits.Right - limits.Left), sy = PlotHeightPx / Math.Max(1e-12, limits.Top - limits.Bottom);
        bool drawing = true;
        double left = DashPx; // pixels left in the current dash or gap
        for (int i = 1; i < xs.Count; i++)
        {
            double x0 = xs[i - 1], y0 = ys[i - 1], dx = xs[i] - x0, dy = ys[i] - y0;
            double length = Math.Sqrt(dx * sx * dx * sx + dy * sy * dy * sy);
            double at = 0;
            while (at < length)
            {
                double step = Math.Min(left, length - at);
                if (drawing && length > 0)
                    yield return (new Coordinates(x0 + dx * at / length, y0 + dy * at / length),
                        new Coordinates(x0 + dx * (at + step) / length, y0 + dy * (at + step) / length));
                at += step;
                left -= step;
                if (left <= 1e-9)
                {
                    drawing = !drawing;
                    left = drawing ? DashPx : GapPx;
                }
            }
        }
    }
}
