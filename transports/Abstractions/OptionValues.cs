using System.Globalization;

namespace Transports.Abstractions;

/// <summary>
/// Option values given to a transport factory or a scenario: option name to raw text. Missing options take
/// the <see cref="OptionSpec.DefaultValue"/>. Typed getters validate and throw
/// <see cref="OptionException"/> with a message naming the option.
/// </summary>
public sealed class OptionValues
{
    private readonly IReadOnlyDictionary<string, string> _values;

    /// <summary>Wraps raw option values (keys are option names such as <c>tcp-nodelay</c>).</summary>
    /// <param name="values">Option name to text; null means all defaults.</param>
    public OptionValues(IReadOnlyDictionary<string, string>? values = null)
        => _values = values ?? new Dictionary<string, string>();

    /// <summary>All defaults.</summary>
    public static OptionValues Empty { get; } = new();

    /// <summary>Returns a copy with <paramref name="name"/> set to <paramref name="value"/>.</summary>
    /// <param name="name">Option name.</param>
    /// <param name="value">Raw text value.</param>
    public OptionValues With(string name, string value)
    {
        var copy = new Dictionary<string, string>(_values, StringComparer.OrdinalIgnoreCase) { [name] = value };
        return new OptionValues(copy);
    }

    /// <summary>The raw text of <paramref name="option"/>, or its default.</summary>
    /// <param name="option">The option.</param>
    public string GetString(OptionSpec option)
        => _values.TryGetValue(option.Name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : option.DefaultValue;

    /// <summary>An integer option within [<paramref name="min"/>, <paramref name="max"/>]. Accepts K/M/G suffixes (powers of 1024) for sizes.</summary>
    /// <param name="option">The option.</param>
    /// <param name="min">Smallest allowed value.</param>
    /// <param name="max">Largest allowed value.</param>
    /// <exception cref="OptionException">Not a number, or out of range.</exception>
    public long GetInt64(OptionSpec option, long min = long.MinValue, long max = long.MaxValue)
    {
        var text = GetString(option);
        if (!SizeParser.TryParse(text, out var value))
            throw new OptionException($"--{option.Name}: '{text}' is not a number{UnitSuffix(option)}");
        if (value < min || value > max)
            throw new OptionException($"--{option.Name}: {value} is out of range [{min}, {max}]{UnitSuffix(option)}");
        return value;
    }

    /// <summary>An <see cref="int"/> option within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    /// <param name="option">The option.</param>
    /// <param name="min">Smallest allowed value.</param>
    /// <param name="max">Largest allowed value.</param>
    /// <exception cref="OptionException">Not a number, or out of range.</exception>
    public int GetInt32(OptionSpec option, int min = int.MinValue, int max = int.MaxValue)
        => (int)GetInt64(option, min, max);

    /// <summary>
    /// A duration option within [<paramref name="min"/>, <paramref name="max"/>] in the option's unit
    /// (<see cref="OptionSpec.Unit"/>: "s" or "ms"): <c>3</c>, <c>3s</c>, <c>500ms</c>, <c>1.5m</c> (<see cref="DurationParser"/>).
    /// </summary>
    /// <param name="option">The option.</param>
    /// <param name="min">Smallest allowed value, in the option's unit.</param>
    /// <param name="max">Largest allowed value, in the option's unit.</param>
    /// <returns>The value in the option's unit (seconds for "s", milliseconds for "ms").</returns>
    /// <exception cref="OptionException">Not a duration, or out of range.</exception>
    public double GetDuration(OptionSpec option, double min, double max)
    {
        var text = GetString(option);
        double unit = DurationParser.BareUnitSeconds(option.Unit);
        if (!DurationParser.TryParseSeconds(text, unit, out double seconds))
            throw new OptionException($"--{option.Name}: '{text}' is not a duration (e.g. 3, 3s, 500ms; a bare number is in {option.Unit ?? "s"})");
        double value = seconds / unit;
        if (value < min || value > max)
            throw new OptionException(FormattableString.Invariant($"--{option.Name}: {text} is out of range [{min}, {max}] ({option.Unit ?? "s"})"));
        return value;
    }

    /// <summary>A decimal number option within [<paramref name="min"/>, <paramref name="max"/>] (e.g. a rate).</summary>
    /// <param name="option">The option.</param>
    /// <param name="min">Smallest allowed value.</param>
    /// <param name="max">Largest allowed value.</param>
    /// <exception cref="OptionException">Not a number, or out of range.</exception>
    public double GetDouble(OptionSpec option, double min, double max)
    {
        var text = GetString(option);
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            throw new OptionException($"--{option.Name}: '{text}' is not a number{UnitSuffix(option)}");
        if (value < min || value > max)
            throw new OptionException(FormattableString.Invariant($"--{option.Name}: {text} is out of range [{min}, {max}]{UnitSuffix(option)}"));
        return value;
    }

    /// <summary>A boolean option: true/false, yes/no, on/off, 1/0.</summary>
    /// <param name="option">The option.</param>
    /// <exception cref="OptionException">Not a boolean.</exception>
    public bool GetBoolean(OptionSpec option)
    {
        var text = GetString(option).ToLowerInvariant();
        return text switch
        {
            "true" or "yes" or "on" or "1" => true,
            "false" or "no" or "off" or "0" => false,
            _ => throw new OptionException($"--{option.Name}: '{text}' is not a boolean (true/false)"),
        };
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), returned in lower case.</summary>
    /// <param name="option">The option.</param>
    /// <param name="allowed">The valid values.</param>
    /// <exception cref="OptionException">Not one of the valid values.</exception>
    public string GetChoice(OptionSpec option, params string[] allowed)
    {
        var text = GetString(option).ToLowerInvariant();
        if (!allowed.Contains(text, StringComparer.OrdinalIgnoreCase))
            throw new OptionException($"--{option.Name}: '{text}' is not one of: {string.Join(", ", allowed)}");
        return text;
    }

    private static string UnitSuffix(OptionSpec option) => option.Unit is null ? "" : $" ({option.Unit})";
}

/// <summary>Parses sizes such as <c>65536</c>, <c>64K</c>, <c>4M</c>, <c>1G</c>, <c>1GiB</c> (binary multiples).</summary>
public static class SizeParser
{
    /// <summary>Parses <paramref name="text"/>; suffixes K, M, G, T (optionally followed by "iB" or "B") multiply by powers of 1024.</summary>
    /// <param name="text">The text.</param>
    /// <param name="value">The value in base units (bytes for sizes).</param>
    /// <returns>False when the text is not a number with an optional suffix, or overflows.</returns>
    public static bool TryParse(string? text, out long value)
    {
        value = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        if (s.EndsWith("iB", StringComparison.OrdinalIgnoreCase)) s = s[..^2];
        else if (s.Length > 1 && (s[^1] is 'B' or 'b') && char.IsLetter(s[^2])) s = s[..^1];
        long multiplier = 1;
        if (s.Length > 0 && char.IsLetter(s[^1]))
        {
            multiplier = char.ToUpperInvariant(s[^1]) switch
            {
                'K' => 1L << 10,
                'M' => 1L << 20,
                'G' => 1L << 30,
                'T' => 1L << 40,
                _ => 0,
            };
            if (multiplier == 0) return false;
            s = s[..^1];
        }
        if (!long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)) return false;
        try { value = checked(number * multiplier); }
        catch (OverflowException) { return false; }
        return true;
    }
}
