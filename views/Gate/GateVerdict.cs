namespace Transports.Views.Gate;

/// <summary>
/// The outcome of comparing one metric of one transport result with its baseline, ordered from best to worst so the
/// overall verdict of a gate is the largest (<see cref="GateVerdicts.Worst"/>). Method and sources: docs/CI.md.
/// </summary>
public enum GateVerdict
{
    /// <summary>Better than the baseline by more than the minimum practical effect, with significance.</summary>
    Improvement,
    /// <summary>Not worse than the baseline by the minimum practical effect, with significance (a non-inferiority test).</summary>
    Pass,
    /// <summary>Too few repeats or too much spread to tell whether the change exceeds the minimum effect.</summary>
    Inconclusive,
    /// <summary>Worse than the baseline by more than the minimum practical effect, with significance.</summary>
    Regression,
}

/// <summary>Helpers over <see cref="GateVerdict"/>: the worst of several, the exit code, the lowercase word.</summary>
public static class GateVerdicts
{
    /// <summary>Exit code of a gate that passed or found only improvements.</summary>
    public const int PassExitCode = 0;

    /// <summary>Exit code of a gate that found a regression.</summary>
    public const int RegressionExitCode = 1;

    /// <summary>Exit code of a gate that could not decide (2 stays bad input).</summary>
    public const int InconclusiveExitCode = 3;

    /// <summary>The worst verdict of <paramref name="verdicts"/>; <see cref="GateVerdict.Inconclusive"/> when there is none (nothing compared).</summary>
    /// <param name="verdicts">Per-metric verdicts.</param>
    public static GateVerdict Worst(IEnumerable<GateVerdict> verdicts)
    {
        bool any = false;
        var worst = GateVerdict.Improvement;
        foreach (var v in verdicts)
        {
            any = true;
            if (v > worst) worst = v;
        }
        return any ? worst : GateVerdict.Inconclusive;
    }

    /// <summary>The process exit code for an overall verdict: 0 pass or improvement, 1 regression, 3 inconclusive.</summary>
    /// <param name="verdict">The overall verdict.</param>
    public static int ExitCode(GateVerdict verdict) => verdict switch
    {
        GateVerdict.Regression => RegressionExitCode,
        GateVerdict.Inconclusive => InconclusiveExitCode,
        _ => PassExitCode,
    };

    /// <summary>The lowercase word used in every output: pass, improvement, inconclusive, regression.</summary>
    /// <param name="verdict">A verdict.</param>
    public static string Word(GateVerdict verdict) => verdict switch
    {
        GateVerdict.Improvement => "improvement",
        GateVerdict.Pass => "pass",
        GateVerdict.Inconclusive => "inconclusive",
        _ => "regression",
    };
}
