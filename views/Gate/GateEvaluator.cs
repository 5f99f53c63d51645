using Transports.Results;
using Transports.Results.Metrics;

namespace Transports.Views.Gate;

/// <summary>
/// Compares a current run with a baseline run of the same scenario: per baseline result (transport × variant, matched
/// by transport and label) and per gated metric (<see cref="GateConfig.EffectFor"/>) both runs measured, the repeats
/// through <see cref="RepeatComparer"/>; or interleaved runs of two builds, pair by pair (<see cref="EvaluatePaired"/>).
/// Holm's correction then covers every tested comparison of the gate (<see cref="HolmCorrection"/>). A result that ran in the baseline and failed now is a regression; one that is
/// missing now, or a metric missing on one side, is inconclusive. Pure: documents in, report out.
/// </summary>
public static class GateEvaluator
{
    /// <summary>Compares <paramref name="current"/> with <paramref name="baseline"/>.</summary>
    /// <param name="baseline">The baseline run.</param>
    /// <param name="current">The run under test.</param>
    /// <param name="config">Overrides (α, minimum effects, gated metrics).</param>
    /// <param name="allowEnvironmentMismatch">Compare runs from differing environments (the report then flags it).</param>
    /// <exception cref="GateRefusedException">Different scenarios, or different environments without <paramref name="allowEnvironmentMismatch"/>.</exception>
    public static GateReport Evaluate(ResultsDocument baseline, ResultsDocument current, GateConfig config, bool allowEnvironmentMismatch)
    {
        if (baseline.Run.Scenario != current.Run.Scenario)
            throw new GateRefusedException($"the baseline ran scenario '{baseline.Run.Scenario}', the current run '{current.Run.Scenario}': nothing to compare");
        var differences = EnvironmentCheck.Differences(baseline.Environment, current.Environment);
        if (differences.Count > 0 && !allowEnvironmentMismatch)
            throw new GateRefusedException($"environments differ ({string.Join("; ", differences)}); -allow-environment-mismatch compares them anyway");
        var rows = new List<GateRow>();
        var kind = ScenarioKinds.Of(baseline);
        foreach (var b in baseline.Transports.Where(t => t.Status == TransportStatus.Ok))
        {
            var c = current.Transports.FirstOrDefault(t => t.Transport == b.Transport && t.Label == b.Label);
            if (c is null || c.Status is TransportStatus.Skipped or TransportStatus.NotApplicable)
            {
                rows.Add(Whole(b, GateVerdict.Inconclusive, c is null ? "not measured in the current run" : $"not run now ({Status(c)}): {c.Error}"));
                continue;
            }
            if (c.Status != TransportStatus.Ok)
            {
                rows.Add(Whole(b, GateVerdict.Regression, $"ran in the baseline, {Status(c)} now: {c.Error}"));
                continue;
            }
            foreach (var metric in MetricCatalog.All)
            {
                // A metric of the other kind of workload (CPU per GiB of a message run) is not how this run is read.
                if ((metric.Scenarios & kind) == 0 || config.EffectFor(metric, b.Transport, b.Label) is not { } effect) continue;
                var before = b.Repeats.Select(metric.ValueIn).OfType<double>().ToArray();
                var after = c.Repeats.Select(metric.ValueIn).OfType<double>().ToArray();
                if (before.Length == 0) continue; // the baseline never measured it: nothing to hold the current run to
                var row = new GateRow
                {
                    Transport = b.Transport, Label = b.Label, MetricId = metric.Id, MetricTitle = metric.HeaderWithUnit,
                    Verdict = GateVerdict.Inconclusive, Reason = "missing in the current run",
                    BaselineText = NumberFormat.Metric(metric, Median(before)),
                };
                if (after.Length == 0)
                {
                    rows.Add(row);
                    continue;
                }
                var comparison = RepeatComparer.Compare(before, after, metric.Better, effect, config.Alpha);
                rows.Add(WithComparison(row, comparison, metric, effect));
            }
        }
        return new GateReport
        {
            Scenario = baseline.Run.Scenario, BaselineRunId = baseline.Run.Id, CurrentRunId = current.Run.Id,
            Alpha = config.Alpha, EnvironmentDifferences = differences, Rows = HolmCorrection.Apply(rows, config.Alpha),
        };
    }

    /// <summary>
    /// Compares interleaved runs of two builds (docs/CI.md, "Interleaved A/B"): pair i is the baseline build's run i and
    /// the current build's run i, which ran next to each other. Per result of the first baseline run and gated metric,
    /// each run's median over its repeats is one sample, and the pairs are compared by <see cref="PairedComparer"/>.
    /// A result the baseline build measured in a pair and the current build failed in the same pair is a regression.
    /// </summary>
    /// <param name="pairs">The pairs, in the order they ran (non-empty); every run of the same scenario.</param>
    /// <param name="config">Overrides (α, minimum effects, gated metrics).</param>
    /// <param name="allowEnvironmentMismatch">Compare runs from differing environments (the report then flags it).</param>
    /// <param name="baselineName">How the report names the baseline side, e.g. "main@1a2b3c4d5e6f".</param>
    /// <param name="currentName">How the report names the current side.</param>
    /// <exception cref="ArgumentException">No pair.</exception>
    /// <exception cref="GateRefusedException">Different scenarios, or different environments without <paramref name="allowEnvironmentMismatch"/>.</exception>
    public static GateReport EvaluatePaired(IReadOnlyList<(ResultsDocument Baseline, ResultsDocument Current)> pairs, GateConfig config,
        bool allowEnvironmentMismatch, string baselineName, string currentName)
    {
        if (pairs.Count == 0) throw new ArgumentException("no pair of runs", nameof(pairs));
        var first = pairs[0].Baseline;
        foreach (var (b, c) in pairs)
            if (b.Run.Scenario != first.Run.Scenario || c.Run.Scenario != first.Run.Scenario)
                throw new GateRefusedException($"the interleaved runs measured different scenarios ('{b.Run.Scenario}', '{c.Run.Scenario}'): nothing to compare");
        var differences = EnvironmentCheck.Differences(first.Environment, pairs[0].Current.Environment);
        if (differences.Count > 0 && !allowEnvironmentMismatch)
            throw new GateRefusedException($"environments differ ({string.Join("; ", differences)}); -allow-environment-mismatch compares them anyway");
        var rows = new List<GateRow>();
        var kind = ScenarioKinds.Of(first);
        foreach (var result in first.Transports.Where(t => t.Status == TransportStatus.Ok))
        {
            var matched = pairs.Select(p => (B: Find(p.Baseline, result), C: Find(p.Current, result))).ToArray();
            if (matched.FirstOrDefault(m => m.B?.Status == TransportStatus.Ok && m.C is { Status: not TransportStatus.Ok and not TransportStatus.Skipped and not TransportStatus.NotApplicable }) is { C: { } failed })
            {
                rows.Add(Whole(result, GateVerdict.Regression, $"ran in the baseline build, {Status(failed)} in the current build: {failed.Error}"));
                continue;
            }
            var usable = matched.Where(m => m.B?.Status == TransportStatus.Ok && m.C?.Status == TransportStatus.Ok).ToArray();
            if (usable.Length == 0)
            {
                rows.Add(Whole(result, GateVerdict.Inconclusive, "not measured by the current build in any pair"));
                continue;
            }
            foreach (var metric in MetricCatalog.All)
            {
                if ((metric.Scenarios & kind) == 0 || config.EffectFor(metric, result.Transport, result.Label) is not { } effect) continue;
                var before = usable.Select(m => RunMedian(m.B!, metric)).ToArray();
                var after = usable.Select(m => RunMedian(m.C!, metric)).ToArray();
                if (before.All(double.IsNaN)) continue; // the baseline build never measured it
                var row = new GateRow
                {
                    Transport = result.Transport, Label = result.Label, MetricId = metric.Id, MetricTitle = metric.HeaderWithUnit,
                    Verdict = GateVerdict.Inconclusive, Reason = "missing in the current build's runs",
                    BaselineText = NumberFormat.Metric(metric, Median(before.Where(v => !double.IsNaN(v)).ToArray())),
                };
                if (!before.Zip(after).Any(p => !double.IsNaN(p.First) && !double.IsNaN(p.Second)))
                {
                    rows.Add(row);
                    continue;
                }
                var comparison = PairedComparer.Compare(before, after, metric.Better, effect, config.Alpha);
                rows.Add(WithComparison(row, comparison, metric, effect));
            }
        }
        return new GateReport
        {
            Scenario = first.Run.Scenario, BaselineRunId = baselineName, CurrentRunId = currentName,
            Alpha = config.Alpha, EnvironmentDifferences = differences, Rows = HolmCorrection.Apply(rows, config.Alpha), Pairs = pairs.Count,
        };
    }

    private static TransportResult? Find(ResultsDocument run, TransportResult like)
        => run.Transports.FirstOrDefault(t => t.Transport == like.Transport && t.Label == like.Label);

    /// <summary>One run's sample: the median of its repeats' values of <paramref name="metric"/>; NaN when none has it.</summary>
    private static double RunMedian(TransportResult result, MetricDefinition metric)
    {
        var values = result.Repeats.Select(metric.ValueIn).OfType<double>().Where(v => !double.IsNaN(v)).ToArray();
        return values.Length == 0 ? double.NaN : Median(values);
    }

    private static GateRow WithComparison(GateRow row, MetricComparison comparison, MetricDefinition metric, MinimumEffect effect)
        => row with
        {
            Verdict = comparison.Verdict, Comparison = comparison, Reason = comparison.Reason,
            CurrentText = NumberFormat.Metric(metric, comparison.CurrentMedian),
            MarginText = effect.Absolute >= effect.Relative * Math.Abs(comparison.BaselineMedian)
                ? $"±{NumberFormat.Metric(metric, comparison.Margin)} {metric.DisplayUnit}".TrimEnd()
                : $"±{(effect.Relative * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} %",
        };

    private static double Median(double[] values) => Results.Statistics.SpreadCalculator.Of(values)!.Median;

    private static string Status(TransportResult result) => result.Status.ToString().ToLowerInvariant();

    private static GateRow Whole(TransportResult baseline, GateVerdict verdict, string reason)
        => new() { Transport = baseline.Transport, Label = baseline.Label, MetricId = "", Verdict = verdict, Reason = reason.TrimEnd(' ', ':') };
}

/// <summary>The gate will not compare two runs (different scenarios or environments): one line, exit code 2.</summary>
/// <param name="message">Why, in one line.</param>
public sealed class GateRefusedException(string message) : Exception(message);
