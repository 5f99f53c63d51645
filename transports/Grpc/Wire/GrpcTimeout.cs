using System.Globalization;

namespace Transports.Grpc.Wire;

/// <summary>
/// The <c>grpc-timeout</c> header (PROTOCOL-HTTP2.md: "Timeout → TimeoutValue TimeoutUnit",
/// "TimeoutValue → {positive integer as ASCII string of at most 8 digits}",
/// "TimeoutUnit → Hour / Minute / Second / Millisecond / Microsecond / Nanosecond" = <c>H M S m u n</c>).
/// </summary>
public static class GrpcTimeout
{
    /// <summary>Largest TimeoutValue: 8 decimal digits.</summary>
    public const long MaxValue = 99_999_999;

    /// <summary>Parses a <c>grpc-timeout</c> value such as <c>100m</c> or <c>5S</c>.</summary>
    /// <param name="text">The header value.</param>
    /// <param name="timeout">The timeout; sub-tick values round up to one tick so a timeout is never zero.</param>
    /// <returns>False when the value is malformed (empty, more than 8 digits, sign, unknown unit).</returns>
    public static bool TryParse(string? text, out TimeSpan timeout)
    {
        timeout = default;
        if (string.IsNullOrEmpty(text) || text.Length < 2 || text.Length > 9) return false;
        var digits = text.AsSpan(0, text.Length - 1);
        foreach (var c in digits) if (!char.IsAsciiDigit(c)) return false;
        long value = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        long ticks = text[^1] switch
        {
            'H' => value * TimeSpan.TicksPerHour,
            'M' => value * TimeSpan.TicksPerMinute,
            'S' => value * TimeSpan.TicksPerSecond,
            'm' => value * TimeSpan.TicksPerMillisecond,
            'u' => value * TimeSpan.TicksPerMicrosecond,
            'n' => (value + 99) / 100, // 1 tick = 100 ns
            _ => -1,
        };
        if (ticks < 0) return false;
        timeout = TimeSpan.FromTicks(Math.Max(ticks, value == 0 ? 0 : 1));
        return true;
    }

    /// <summary>Formats <paramref name="timeout"/> in the finest unit that fits in 8 digits (rounding up).</summary>
    /// <param name="timeout">A positive timeout.</param>
    public static string Format(TimeSpan timeout)
    {
        long ticks = Math.Max(timeout.Ticks, 1);
        (long unitTicks, char unit)[] units =
        [
            (1, 'n'), (TimeSpan.TicksPerMicrosecond, 'u'), (TimeSpan.TicksPerMillisecond, 'm'),
            (TimeSpan.TicksPerSecond, 'S'), (TimeSpan.TicksPerMinute, 'M'), (TimeSpan.TicksPerHour, 'H'),
        ];
        foreach (var (unitTicks, unit) in units)
        {
            long value = unit == 'n' ? ticks * 100 : (ticks + unitTicks - 1) / unitTicks;
            if (value <= MaxValue) return value.ToString(CultureInfo.InvariantCulture) + unit;
        }
        return MaxValue.ToString(CultureInfo.InvariantCulture) + "H";
    }
}
