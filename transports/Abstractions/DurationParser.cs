using System.Globalization;

namespace Transports.Abstractions;

/// <summary>
/// Parses durations as typed on the command line: a number with an optional unit suffix <c>us</c>/<c>µs</c>,
/// <c>ms</c>, <c>s</c>, <c>m</c> or <c>h</c> (<c>3</c>, <c>3s</c>, <c>500ms</c>, <c>1.5m</c>). A bare number is in the
/// option's own unit (its <c>OptionSpec.Unit</c>), so <c>-duration 3</c> and <c>-duration 3s</c> mean the same.
/// </summary>
public static class DurationParser
{
    private static readonly (string Suffix, double Seconds)[] Suffixes =
        [("us", 1e-6), ("µs", 1e-6), ("ms", 1e-3), ("s", 1), ("m", 60), ("h", 3600)];

    /// <summary>Parses <paramref name="text"/> into seconds.</summary>
    /// <param name="text">The text, e.g. "500ms".</param>
    /// <param name="bareUnitSeconds">Seconds per unit of a number without suffix (1 for seconds, 0.001 for ms).</param>
    /// <param name="seconds">The duration in seconds; finite and not negative.</param>
    /// <returns>False when the text is not a non-negative finite number with an optional known suffix.</returns>
    public static bool TryParseSeconds(string? text, double bareUnitSeconds, out double seconds)
    {
        seconds = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        double scale = bareUnitSeconds;
        // Longest suffix first: "ms" before "s" and "m", "us" before "s".
        foreach (var (suffix, unit) in Suffixes.OrderByDescending(x => x.Suffix.Length))
        {
            if (s.Length > suffix.Length && s.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                s = s[..^suffix.Length].TrimEnd();
                scale = unit;
                break;
            }
        }
        if (!double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double value)) return false;
        seconds = value * scale;
        return double.IsFinite(seconds);
    }

    /// <summary>Seconds per bare number for an option whose <see cref="OptionSpec.Unit"/> is <paramref name="unit"/>.</summary>
    /// <param name="unit">"s", "ms" or "us"; anything else counts as seconds.</param>
    public static double BareUnitSeconds(string? unit) => unit switch
    {
        "ms" => 1e-3,
        "us" or "µs" => 1e-6,
        _ => 1,
    };
}
