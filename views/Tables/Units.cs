using System.Globalization;

namespace Transports.Views.Tables;

/// <summary>Number formatting shared by the views (invariant culture; "–" for missing values).</summary>
public static class Units
{
    /// <summary>Formats <paramref name="value"/> with <paramref name="format"/>, or "–" when null.</summary>
    /// <param name="value">The number.</param>
    /// <param name="format">.NET numeric format, e.g. "0.00".</param>
    public static string Format(double? value, string format = "0.00")
        => value is double v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    /// <summary>Bytes in MiB with one decimal, or "–".</summary>
    /// <param name="bytes">Byte count.</param>
    public static string MiB(double? bytes) => bytes is double b ? (b / (1 << 20)).ToString("0.0", CultureInfo.InvariantCulture) : "–";

    /// <summary>A raw CSV/JSON-friendly number (invariant, round-trippable), or empty when null.</summary>
    /// <param name="value">The number.</param>
    public static string Raw(double? value) => value is double v && !double.IsNaN(v) ? v.ToString("R", CultureInfo.InvariantCulture) : "";
}
