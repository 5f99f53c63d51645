using System.Globalization;

namespace Transports.Advice.Profile;

/// <summary>How a profile's values are written: sizes with K/M/G suffixes (powers of 1024), numbers, booleans,
/// durations and the enum names in kebab case. Every error names the key.</summary>
internal static class ProfileText
{
    public static long Size(string key, string text, long max)
    {
        var t = text.Trim();
        if (t.EndsWith("iB", StringComparison.OrdinalIgnoreCase)) t = t[..^2];
        else if (t.EndsWith('B') || t.EndsWith('b')) t = t[..^1];
        long factor = 1;
        if (t.Length > 0 && char.ToUpperInvariant(t[^1]) is 'K' or 'M' or 'G' && !char.IsDigit(t[^1]))
        {
            factor = char.ToUpperInvariant(t[^1]) switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1L << 30 };
            t = t[..^1];
        }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || v <= 0 || double.IsInfinity(v))
            throw new ProfileException(key, $"'{text}' is not a size; write 256, 16K, 1M or 1G (powers of 1024)");
        double bytes = v * factor;
        if (bytes > max) throw new ProfileException(key, $"'{text}' is more than the largest measurable {max} B");
        return (long)bytes;
    }

    public static double Positive(string key, string text, double max)
    {
        var t = text.Trim();
        foreach (var suffix in new[] { "msg/s", "req/s", "rps", "/s" })
            if (t.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) { t = t[..^suffix.Length].Trim(); break; }
        double factor = t.EndsWith('k') || t.EndsWith('K') ? 1000 : 1;
        if (factor > 1) t = t[..^1];
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsNaN(v))
            throw new ProfileException(key, $"'{text}' is not a number");
        v *= factor;
        if (v <= 0 || v > max) throw new ProfileException(key, FormattableString.Invariant($"'{text}' must be above 0 and at most {max}"));
        return v;
    }

    public static double Seconds(string key, string text, double max)
    {
        var t = text.Trim();
        double factor = 1;
        if (t.EndsWith("ms", StringComparison.OrdinalIgnoreCase)) { factor = 0.001; t = t[..^2]; }
        else if (t.EndsWith('s') || t.EndsWith('S')) t = t[..^1];
        else if (t.EndsWith('m') || t.EndsWith('M')) { factor = 60; t = t[..^1]; }
        if (!double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsNaN(v))
            throw new ProfileException(key, $"'{text}' is not a duration; write 180, 180s or 3m");
        v *= factor;
        if (v <= 0 || v > max) throw new ProfileException(key, FormattableString.Invariant($"'{text}' must be above 0 and at most {max} s"));
        return v;
    }

    public static bool Bool(string key, string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "yes" or "on" or "1" => true,
        "false" or "no" or "off" or "0" => false,
        _ => throw new ProfileException(key, $"'{text}' is not true or false"),
    };

    /// <summary>An enum member by its kebab-case name (RequestResponse is "request-response").</summary>
    public static T Enum<T>(string key, string text) where T : struct, System.Enum
    {
        foreach (var value in System.Enum.GetValues<T>())
            if (string.Equals(Kebab(value.ToString()), text.Trim().Replace('_', '-'), StringComparison.OrdinalIgnoreCase)) return value;
        throw new ProfileException(key, $"'{text}' is not one of {string.Join(", ", System.Enum.GetValues<T>().Select(v => Kebab(v.ToString())))}");
    }

    /// <summary>PascalCase to kebab-case.</summary>
    public static string Kebab(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
