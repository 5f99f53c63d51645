namespace Transports.Views;

/// <summary>How the charts are drawn. The defaults suit every run; tests change them.</summary>
public sealed record ReportOptions
{
    /// <summary>The font family every chart text is drawn in (default DejaVu Sans, from Debian's fonts-dejavu-core).</summary>
    public string FontFamily { get; init; } = Charts.ChartStyle.FontFamily;

    /// <summary>PNG pixels per SVG pixel (2 gives sharp images on high-density screens). Range 0.5 to 8.</summary>
    public double PngScale { get; init; } = 2;
}
