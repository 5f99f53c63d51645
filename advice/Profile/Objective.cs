using System.Globalization;
using System.Text.RegularExpressions;

namespace Transports.Advice.Profile;

/// <summary>What the API must achieve (profile key <c>objective</c>).</summary>
public enum ObjectiveKind
{
    /// <summary>A latency percentile at most a bound, e.g. <c>p99 &lt;= 50ms at 2000/s</c>.</summary>
    Latency,
    /// <summary>A goodput at least a bound, e.g. <c>goodput &gt;= 100mbit</c> (bulk transfers).</summary>
    Goodput,
}

/// <summary>
/// The user's objective, parsed from text: <c>pNN &lt;= N ms [at R/s]</c> (percentiles p50, p99, p99.9: the ones the
/// metric catalog records) or <c>goodput &gt;= N mbit|gbit</c>.
/// </summary>
/// <param name="Kind">Latency or goodput.</param>
/// <param name="Percentile">50, 99 or 99.9 for a latency objective; 0 for goodput.</param>
/// <param name="Limit">The bound: milliseconds (latency, at most) or bit/s (goodput, at least).</param>
/// <param name="AtRatePerSecond">The load the latency must hold at, messages (requests) per second; null when not given.</param>
/// <param name="Text">The objective as written, normalised (e.g. "p99 &lt;= 50 ms at 2000/s").</param>
public sealed record Objective(ObjectiveKind Kind, double Percentile, double Limit, double? AtRatePerSecond, string Text)
{
    private static readonly Regex LatencyForm = new(@"^\s*p(?<p>[0-9.]+)\s*(<=|≤|<)\s*(?<v>[0-9.]+)\s*(?<u>ms|s|us)?\s*(at\s+(?<r>[0-9.]+)\s*(?<k>k)?\s*(/s|rps|msg/s|req/s)?)?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex GoodputForm = new(@"^\s*goodput\s*(>=|≥|>)\s*(?<v>[0-9.]+)\s*(?<u>kbit|mbit|gbit)(/s)?\s*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>The percentiles the catalog records, as written in objectives.</summary>
    public static IReadOnlyList<double> MeasuredPercentiles { get; } = [50, 99, 99.9];

    /// <summary>The percentile as the metric ids spell it: "p50", "p99", "p999".</summary>
    public string PercentileId => Percentile switch { 50 => "p50", 99 => "p99", _ => "p999" };

    /// <summary>The percentile as people write it: "p50", "p99", "p99.9".</summary>
    public string PercentileName => Percentile switch { 50 => "p50", 99 => "p99", _ => "p99.9" };

    /// <summary>Parses an objective.</summary>
    /// <param name="key">The profile key or flag it came from, named in errors.</param>
    /// <param name="text">The text.</param>
    /// <exception cref="ProfileException">Not one of the two forms, an unmeasured percentile, or a bound no path can meet.</exception>
    public static Objective Parse(string key, string text)
    {
        var m = LatencyForm.Match(text);
        if (m.Success)
        {
            double p = Number(key, m.Groups["p"].Value);
            if (!MeasuredPercentiles.Contains(p))
                throw new ProfileException(key, $"p{m.Groups["p"].Value} is not measured; use p50, p99 or p99.9");
            double v = Number(key, m.Groups["v"].Value);
            double ms = m.Groups["u"].Value.ToLowerInvariant() switch { "s" => v * 1000, "us" => v / 1000, _ => v };
            if (ms <= 0) throw new ProfileException(key, $"'{text}' cannot be met: a latency bound must be above 0 ms");
            double? rate = null;
            if (m.Groups["r"].Success)
            {
                rate = Number(key, m.Groups["r"].Value) * (m.Groups["k"].Success ? 1000 : 1);
                if (rate <= 0) throw new ProfileException(key, $"'{text}': the rate after 'at' must be above 0 per second");
            }
            string norm = FormattableString.Invariant($"{(p == 50 ? "p50" : p == 99 ? "p99" : "p99.9")} <= {ms:0.###} ms") + (rate is double r ? FormattableString.Invariant($" at {r:0.###}/s") : "");
            return new Objective(ObjectiveKind.Latency, p, ms, rate, norm);
        }
        m = GoodputForm.Match(text);
        if (m.Success)
        {
            double v = Number(key, m.Groups["v"].Value);
            double bits = v * m.Groups["u"].Value.ToLowerInvariant() switch { "kbit" => 1e3, "mbit" => 1e6, _ => 1e9 };
            if (bits <= 0) throw new ProfileException(key, $"'{text}': a goodput bound must be above 0");
            return new Objective(ObjectiveKind.Goodput, 0, bits, null, FormattableString.Invariant($"goodput >= {bits / 1e6:0.###} Mbit/s"));
        }
        throw new ProfileException(key, $"'{text}' is not an objective; write 'p99 <= 50ms', 'p99 <= 50ms at 2000/s' or 'goodput >= 100mbit'");
    }

    private static double Number(string key, string text)
        => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new ProfileException(key, $"'{text}' is not a number");
}
