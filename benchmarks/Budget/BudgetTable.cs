using System.Globalization;
using System.Text;

namespace Transports.Budget;

/// <summary>
/// The budget report as a plain-text table (benchmark, measured median ± error, budget, share of the reference,
/// allocations, verdict) followed by the errors, one per line.
/// </summary>
public static class BudgetTable
{
    /// <summary>Formats <paramref name="report"/>.</summary>
    /// <param name="report">The comparison.</param>
    public static string Format(BudgetReport report)
    {
        var c = CultureInfo.InvariantCulture;
        string[] head = ["benchmark", "measured (median ± error)", "budget", "share of reference (budget)", "allocated", "verdict"];
        var rows = report.Rows.Select(r => new[]
        {
            r.Entry.Benchmark,
            double.IsFinite(r.Median) ? $"{Number(r.Median)} ± {Number(r.Error)} {BudgetUnits.Name(r.Entry.Unit)}" : "NA",
            $"≤ {Number(r.Entry.Ceiling)} {BudgetUnits.Name(r.Entry.Unit)}",
            double.IsFinite(r.MeasuredShare)
                ? string.Create(c, $"{Percent(r.MeasuredShare)} ({Percent(r.Entry.CeilingShare)}) of {r.Entry.ReferenceWhat}")
                : string.Create(c, $"({Percent(r.Entry.CeilingShare)}) of {r.Entry.ReferenceWhat}"),
            (r.Measurement.AllocatedBytesPerOperation is { } b ? b.ToString(c) + " B" : "?") + $" (≤ {r.Entry.AllocatedBytes.ToString(c)} B)",
            VerdictText(r.Verdict),
        }).ToList();
        var widths = Enumerable.Range(0, head.Length).Select(i => rows.Select(r => r[i].Length).Append(head[i].Length).Max()).ToArray();
        var sb = new StringBuilder();
        Line(sb, head, widths);
        Line(sb, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var r in rows) Line(sb, r, widths);
        foreach (var e in report.Errors) sb.Append("error: ").AppendLine(e);
        int over = report.Rows.Count(r => !r.Passed);
        sb.AppendLine(report.Passed
            ? $"budget: all {report.Rows.Count} within budget"
            : $"budget: FAILED ({over} over budget, {report.Errors.Count} errors)");
        return sb.ToString();
    }

    /// <summary>The verdict as the table shows it.</summary>
    /// <param name="verdict">The verdict.</param>
    public static string VerdictText(BudgetVerdict verdict) => verdict switch
    {
        BudgetVerdict.Ok => "ok",
        BudgetVerdict.OverTime => "OVER (time)",
        BudgetVerdict.OverAllocation => "OVER (allocations)",
        BudgetVerdict.OverBoth => "OVER (time, allocations)",
        _ => "NO RESULT",
    };

    private static string Number(double v) => v.ToString(v >= 100 ? "0" : v >= 10 ? "0.0" : "0.00", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString(share * 100 >= 10 ? "0" : share * 100 >= 1 ? "0.0" : "0.00", CultureInfo.InvariantCulture) + " %";

    private static void Line(StringBuilder sb, string[] cells, int[] widths)
    {
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0) sb.Append("  ");
            sb.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i]));
        }
        sb.AppendLine();
    }
}
