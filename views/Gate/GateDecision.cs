using System.Globalization;

namespace Transports.Views.Gate;

/// <summary>
/// The verdict from a comparison's three one-sided p-values (docs/CI.md, "Method"), in this order: regression when
/// "worse by more than the margin" is significant, improvement when "better by more than the margin" is, pass when
/// "not worse by the margin" is, else inconclusive. The regression and improvement p-values are Holm-adjusted over
/// the gate once <see cref="HolmCorrection"/> has run (<see cref="MetricComparison.PRegressionAdjusted"/>); the pass
/// test is not: a job passes only when every metric passes, an intersection–union test, which needs no correction
/// (R. L. Berger, "Multiparameter hypothesis testing and acceptance sampling", Technometrics 24(4), 1982, pp. 295–300).
/// </summary>
public static class GateDecision
{
    /// <summary>Sets <paramref name="c"/>'s verdict and reason from its p-values at level <paramref name="alpha"/>.</summary>
    /// <param name="c">A comparison whose p-values are set (<see cref="MetricComparison.PRegression"/> not null).</param>
    /// <param name="alpha">One-sided significance level per test (of the family, after Holm).</param>
    /// <exception cref="ArgumentException">The comparison was not tested.</exception>
    public static MetricComparison Decide(MetricComparison c, double alpha)
    {
        if (c.PRegression is not { } rawRegression || c.PImprovement is not { } rawImprovement || c.PNotWorse is not { } pNotWorse)
            throw new ArgumentException("the comparison has no p-values", nameof(c));
        double pRegression = c.PRegressionAdjusted ?? rawRegression;
        double pImprovement = c.PImprovementAdjusted ?? rawImprovement;
        if (pRegression < alpha)
            return c with { Verdict = GateVerdict.Regression, RepeatsNeeded = null, Reason = Invariant($"worse by more than the margin ({c.Change}; {P(rawRegression, c.PRegressionAdjusted, c.Family)})") };
        if (pImprovement < alpha)
            return c with { Verdict = GateVerdict.Improvement, RepeatsNeeded = null, Reason = Invariant($"better by more than the margin ({c.Change}; {P(rawImprovement, c.PImprovementAdjusted, c.Family)})") };
        if (pNotWorse < alpha)
            return c with { Verdict = GateVerdict.Pass, RepeatsNeeded = null, Reason = Invariant($"not worse than the margin ({c.Change}; p = {pNotWorse:0.####})") };
        if (rawRegression < alpha)
            return c with
            {
                Verdict = GateVerdict.Inconclusive,
                Reason = Invariant($"worse by more than the margin at p = {rawRegression:0.####} alone, not after Holm's correction over {c.Family} comparisons (adjusted p = {pRegression:0.####}; {c.Change}); more {c.SampleWord} would decide"),
            };
        return c with
        {
            Verdict = GateVerdict.Inconclusive,
            Reason = c.RepeatsNeeded is { } n
                ? Invariant($"too noisy to tell ({c.Change}); about {n} {c.SampleWord} would decide")
                : Invariant($"too noisy to tell ({c.Change}): the samples straddle the margin, more than {RepeatsToDecide.Cap} {c.SampleWord} would be needed"),
        };
    }

    private static string P(double raw, double? adjusted, int family)
        => adjusted is { } a && family > 1 ? Invariant($"p = {raw:0.####}, Holm-adjusted over {family}: {a:0.####}") : Invariant($"p = {raw:0.####}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
