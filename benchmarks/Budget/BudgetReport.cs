namespace Transports.Budget;

/// <summary>
/// The outcome of a budget check: one row per budgeted benchmark that ran, and the errors that make the comparison
/// itself invalid (a budget naming a benchmark that did not run, a benchmark that ran with no budget).
/// </summary>
/// <param name="Rows">Budgeted benchmarks with their verdicts, in budget order.</param>
/// <param name="Errors">One line each; any error fails the check.</param>
public sealed record BudgetReport(IReadOnlyList<BudgetRow> Rows, IReadOnlyList<string> Errors)
{
    /// <summary>True when there are no errors and every row is within budget.</summary>
    public bool Passed => Errors.Count == 0 && Rows.All(r => r.Passed);
}
