using Transports.Results;
using Transports.Results.Metrics;

namespace Transports.Views.Gate;

/// <summary>
/// Compares a current run with a baseline run of the same scenario: per baseline result (transport × variant, matched
/// by transport and label) and per gated metric (<see cref="GateConfig.EffectFor"/>) both runs measured, the repeats
/// through <see cref="RepeatComparer"/>. A result that ran in the baseline and failed now is a regression; one that is
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
                rows.Add(row with
                {
                    Verdict = comparison.Verdict, Comparison = comparison, Reason = comparison.Reason,
                    CurrentText = NumberFormat.Metric(metric, comparison.CurrentMedian),
                    MarginText = effect.Absolute >= effect.Relative * Math.Abs(comparison.BaselineMedian)
                        ? $"±{NumberFormat.Metric(metric, comparison.Margin)} {metric.DisplayUnit}".TrimEnd()
                        : $"±{(effect.Relative * 100).ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)} %",
                });
            }
        }
        return new GateReport
        {
            Scenario = baseline.Run.Scenario, BaselineRunId = baseline.Run.Id, CurrentRunId = current.Run.Id,
            Alpha = config.Alpha, EnvironmentDifferences = differences, Rows = rows,
        };
    }

    private static double Median(double[] values) => Results.Statistics.SpreadCalculator.Of(values)!.Median;

    private static string Status(TransportResult result) => result.Status.ToString().ToLowerInvariant();

    private static GateRow Whole(TransportResult baseline, GateVerdict verdict, string reason)
        => new() { Transport = baseline.Transport, Label = baseline.Label, MetricId = "", Verdict = verdict, Reason = reason.TrimEnd(' ', ':') };
}

/// <summary>The gate will not compare two runs (different scenarios or environments): one line, exit code 2.</summary>
/// <param name="message">Why, in one line.</param>
public sealed class GateRefusedException(string message) : Exception(message);
