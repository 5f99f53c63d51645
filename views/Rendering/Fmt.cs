using System.Globalization;
using Transports.Views.Specs;

namespace Transports.Views.Rendering;

/// <summary>Number formatting for the HTML tables (invariant culture, about three significant digits).</summary>
internal static class Fmt
{
    /// <summary>Shown where a number does not apply.</summary>
    public const string None = "—";

    /// <summary>About three significant digits; thousands separated above 1000.</summary>
    public static string Number(double value) => Math.Abs(value) switch
    {
        double.NaN or double.PositiveInfinity => None,
        >= 1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        >= 100 => value.ToString("F0", CultureInfo.InvariantCulture),
        >= 10 => value.ToString("F1", CultureInfo.InvariantCulture),
        >= 1 => value.ToString("F2", CultureInfo.InvariantCulture),
        0 => "0",
        _ => value.ToString("G3", CultureInfo.InvariantCulture),
    };

    /// <summary>"median (min–max)" over repeats, or the median alone when all repeats agree; <see cref="None"/> when absent.</summary>
    public static string Spread(SpreadStats? stats)
    {
        if (stats is null) return None;
        string median = Number(stats.Median);
        // U+2060 WORD JOINER around the dash: a narrow cell wraps before the bracket, never inside the range.
        return stats.Count > 1 && stats.Min != stats.Max ? $"{median} ({Number(stats.Min)}\u2060–\u2060{Number(stats.Max)})" : median;
    }

    /// <summary>Bytes in binary units: "24 GiB", "512 MiB".</summary>
    public static string Bytes(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1) { value /= 1024; unit++; }
        return $"{Number(value)} {units[unit]}";
    }
}
