namespace Transports.Budget;

/// <summary>What one operation of a budgeted benchmark is, and the unit its ceiling is written in.</summary>
public enum BudgetUnit
{
    /// <summary>One operation is one message (or datagram); ceilings in nanoseconds per message (<c>"ns/message"</c>).</summary>
    NanosecondsPerMessage,

    /// <summary>One operation is one MiB (2^20 bytes); ceilings in microseconds per MiB (<c>"us/MiB"</c>).</summary>
    MicrosecondsPerMebibyte,
}

/// <summary>Names and conversions of <see cref="BudgetUnit"/>.</summary>
public static class BudgetUnits
{
    /// <summary>The spelling in budget.json: <c>"ns/message"</c> or <c>"us/MiB"</c>.</summary>
    /// <param name="unit">The unit.</param>
    public static string Name(BudgetUnit unit) => unit == BudgetUnit.NanosecondsPerMessage ? "ns/message" : "us/MiB";

    /// <summary>Parses the spelling in budget.json; false for anything else.</summary>
    /// <param name="text">"ns/message" or "us/MiB" (exact).</param>
    /// <param name="unit">The unit, when known.</param>
    public static bool TryParse(string? text, out BudgetUnit unit)
    {
        unit = text == "us/MiB" ? BudgetUnit.MicrosecondsPerMebibyte : BudgetUnit.NanosecondsPerMessage;
        return text is "ns/message" or "us/MiB";
    }

    /// <summary>Converts nanoseconds per operation (what BenchmarkDotNet reports) to <paramref name="unit"/>.</summary>
    /// <param name="nanosecondsPerOperation">Time per operation, ns.</param>
    /// <param name="unit">The unit of the result.</param>
    public static double FromNanoseconds(double nanosecondsPerOperation, BudgetUnit unit)
        => unit == BudgetUnit.NanosecondsPerMessage ? nanosecondsPerOperation : nanosecondsPerOperation / 1000.0;
}
