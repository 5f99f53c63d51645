using System.Globalization;
using System.Text.RegularExpressions;

namespace Transports.Paths.Emulation;

/// <summary>
/// Parses <c>-link SPEC</c>: comma-separated <c>key=value</c> settings, optionally starting with a preset name
/// (<see cref="LinkPresets"/>); a key applies to both directions unless prefixed <c>up.</c> (client → server) or
/// <c>down.</c> (server → client). Example: <c>wan,loss=1%,up.rate=10mbit</c>.
/// <list type="bullet">
/// <item><c>rate</c>: bit/s with tc's units (<c>bit kbit mbit gbit</c>, powers of 1000), e.g. <c>100mbit</c>.</item>
/// <item><c>queue</c>: drop-tail limit, packets (<c>100p</c> or <c>100</c>) or bytes (<c>64kb</c>, <c>1mb</c>, <c>64kib</c>, <c>1mib</c>).</item>
/// <item><c>delay</c>, <c>jitter</c>, <c>reorder-delay</c>: one-way times, <c>us ms s</c>, e.g. <c>20ms</c>.</item>
/// <item><c>jitter-dist</c>: <c>uniform</c> or <c>normal</c>.</item>
/// <item><c>loss</c>, <c>reorder</c>: probabilities, <c>1%</c> or <c>0.01</c>.</item>
/// <item><c>burst</c>: Gilbert–Elliott <c>p/r[/loss-in-bad[/loss-in-good]]</c>, e.g. <c>1%/25%</c> (mean burst 4 packets).</item>
/// </list>
/// </summary>
public static partial class LinkSpecParser
{
    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <param name="text">The spec.</param>
    /// <returns>The link.</returns>
    /// <exception cref="FormatException">One line naming the bad part and what is expected.</exception>
    public static LinkSpec Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new FormatException($"-link: empty; give a preset ({LinkPresets.Names}) or settings like delay=20ms,rate=100mbit");
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        LinkDirectionSpec up = LinkDirectionSpec.Ideal, down = LinkDirectionSpec.Ideal;
        string? preset = null;
        int first = 0;
        if (!parts[0].Contains('='))
        {
            var found = LinkPresets.Find(parts[0]) ?? throw new FormatException($"-link: unknown preset '{parts[0]}' (presets: {LinkPresets.Names}; or settings like delay=20ms)");
            (up, down, preset) = (found.Up, found.Down, parts[0].ToLowerInvariant());
            first = 1;
        }
        for (int i = first; i < parts.Length; i++)
        {
            var kv = parts[i].Split('=', 2);
            if (kv.Length != 2 || kv[1].Length == 0) throw new FormatException($"-link: '{parts[i]}' is not key=value (a preset name may only come first)");
            var key = kv[0].ToLowerInvariant();
            bool toUp = true, toDown = true;
            if (key.StartsWith("up.", StringComparison.Ordinal)) (key, toDown) = (key[3..], false);
            else if (key.StartsWith("down.", StringComparison.Ordinal)) (key, toUp) = (key[5..], false);
            if (toUp) up = Apply(up, key, kv[1]);
            if (toDown) down = Apply(down, key, kv[1]);
        }
        try
        {
            up.Validate("-link up");
            down.Validate("-link down");
        }
        catch (ArgumentException e)
        {
            throw new FormatException(e.Message, e);
        }
        return new LinkSpec(up, down, text.Trim(), preset);
    }

    private static LinkDirectionSpec Apply(LinkDirectionSpec d, string key, string value) => key switch
    {
        "rate" => d with { RateBitsPerSecond = Rate(value) },
        "queue" => Queue(d, value),
        "delay" => d with { DelayNs = Duration(key, value) },
        "jitter" => d with { JitterNs = Duration(key, value) },
        "jitter-dist" => d with
        {
            Jitter = value.ToLowerInvariant() switch
            {
                "uniform" => JitterDistribution.Uniform,
                "normal" => JitterDistribution.Normal,
                _ => throw new FormatException($"-link: jitter-dist '{value}': expected uniform or normal"),
            },
        },
        "loss" => d with { LossProbability = Probability(key, value) },
        "reorder" => d with { ReorderProbability = Probability(key, value) },
        "reorder-delay" => d with { ReorderDelayNs = Duration(key, value) },
        "burst" => d with { BurstLoss = Burst(value) },
        _ => throw new FormatException($"-link: unknown setting '{key}' (rate, queue, delay, jitter, jitter-dist, loss, burst, reorder, reorder-delay; prefix up. or down. for one direction)"),
    };

    private static double Rate(string value)
    {
        var m = RateSyntax().Match(value);
        if (!m.Success) throw new FormatException($"-link: rate '{value}': expected bit/s like 100mbit, 1.5gbit, 64kbit");
        double scale = m.Groups[2].Value.ToLowerInvariant() switch { "k" => 1e3, "m" => 1e6, "g" => 1e9, _ => 1 };
        double rate = Number(m.Groups[1].Value) * scale;
        return rate > 0 ? rate : throw new FormatException($"-link: rate '{value}' must be above 0");
    }

    private static LinkDirectionSpec Queue(LinkDirectionSpec d, string value)
    {
        var m = QueueSyntax().Match(value);
        if (!m.Success) throw new FormatException($"-link: queue '{value}': expected packets (100p) or bytes (64kb, 1mb, 64kib)");
        double n = Number(m.Groups[1].Value);
        string unit = m.Groups[2].Value.ToLowerInvariant();
        if (unit is "" or "p") return d with { QueuePackets = checked((int)n), QueueBytes = null };
        double scale = unit switch { "kb" => 1e3, "mb" => 1e6, "kib" => 1024, "mib" => 1024 * 1024, _ => 1 };
        return d with { QueueBytes = checked((long)(n * scale)), QueuePackets = null };
    }

    private static long Duration(string key, string value)
    {
        var m = DurationSyntax().Match(value);
        if (!m.Success) throw new FormatException($"-link: {key} '{value}': expected a time like 20ms, 500us, 0.3s");
        double scale = m.Groups[2].Value.ToLowerInvariant() switch { "us" => 1e3, "ms" => 1e6, _ => 1e9 };
        return (long)Math.Round(Number(m.Groups[1].Value) * scale);
    }

    private static double Probability(string key, string value)
    {
        bool percent = value.EndsWith('%');
        double p = Number(percent ? value[..^1] : value, $"-link: {key} '{value}': expected a probability like 1% or 0.01");
        if (percent) p /= 100;
        return p is >= 0 and <= 1 ? p : throw new FormatException($"-link: {key} '{value}' is not a probability (0..100%)");
    }

    private static GilbertElliottSpec Burst(string value)
    {
        var f = value.Split('/');
        if (f.Length is < 2 or > 4) throw new FormatException($"-link: burst '{value}': expected p/r[/loss-in-bad[/loss-in-good]], e.g. 1%/25%");
        var ge = new GilbertElliottSpec(Probability("burst p", f[0]), Probability("burst r", f[1]),
            f.Length > 2 ? Probability("burst loss-in-bad", f[2]) : 1, f.Length > 3 ? Probability("burst loss-in-good", f[3]) : 0);
        if (ge.R == 0) throw new FormatException($"-link: burst '{value}': r must be above 0 (1/r is the mean burst length)");
        return ge;
    }

    private static double Number(string text, string? error = null)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) && v >= 0
            ? v
            : throw new FormatException(error ?? $"-link: '{text}' is not a number");

    [GeneratedRegex(@"^([0-9]*\.?[0-9]+)\s*([kmg]?)bit$", RegexOptions.IgnoreCase)]
    private static partial Regex RateSyntax();

    [GeneratedRegex(@"^([0-9]+)\s*(p|b|kb|mb|kib|mib)?$", RegexOptions.IgnoreCase)]
    private static partial Regex QueueSyntax();

    [GeneratedRegex(@"^([0-9]*\.?[0-9]+)\s*(us|ms|s)$", RegexOptions.IgnoreCase)]
    private static partial Regex DurationSyntax();
}
