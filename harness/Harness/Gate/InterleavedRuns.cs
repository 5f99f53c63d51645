using Transports.Results;

namespace Transports.Harness.Gate;

/// <summary>Which build a run of an interleaved gate measures.</summary>
internal enum GateSide
{
    /// <summary>The baseline build (<c>-baseline-build REF</c>).</summary>
    Baseline,

    /// <summary>The build running the gate.</summary>
    Current,
}

/// <summary>Runs one short measurement of one build and returns its results document.</summary>
internal interface IRunLauncher
{
    /// <summary>Runs the measurement for pair <paramref name="pair"/> (0-based) and returns what it wrote.</summary>
    /// <exception cref="Cli.UsageException">The run wrote no results.</exception>
    Task<ResultsDocument> RunAsync(GateSide side, int pair, CancellationToken ct);
}

/// <summary>
/// The interleaved order of an A/B gate (docs/CI.md, "Interleaved A/B"): pair i runs the two builds back to back, and
/// the order within a pair alternates (A B, B A, A B, …: counterbalanced, so a steady drift of the machine favours
/// neither side, where plain A B A B would always run B later than its A).
/// </summary>
internal static class InterleavedRuns
{
    /// <summary>The order of the 2·<paramref name="pairs"/> runs: (side, pair index).</summary>
    /// <param name="pairs">Number of pairs (≥ 1).</param>
    public static IEnumerable<(GateSide Side, int Pair)> Order(int pairs)
    {
        for (int i = 0; i < pairs; i++)
        {
            var first = i % 2 == 0 ? GateSide.Baseline : GateSide.Current;
            yield return (first, i);
            yield return (first == GateSide.Baseline ? GateSide.Current : GateSide.Baseline, i);
        }
    }

    /// <summary>Runs every pair in <see cref="Order"/> and returns (baseline, current) per pair.</summary>
    /// <param name="pairs">Number of pairs (≥ 1).</param>
    /// <param name="baseline">Runs the baseline build.</param>
    /// <param name="current">Runs the current build.</param>
    /// <param name="progress">One line per run started.</param>
    /// <param name="ct">Cancels between runs (and the launcher inside one).</param>
    public static async Task<List<(ResultsDocument Baseline, ResultsDocument Current)>> RunAsync(int pairs, IRunLauncher baseline, IRunLauncher current,
        Action<string> progress, CancellationToken ct)
    {
        var a = new ResultsDocument[pairs];
        var b = new ResultsDocument[pairs];
        int n = 0;
        foreach (var (side, pair) in Order(pairs))
        {
            ct.ThrowIfCancellationRequested();
            progress($"gate: run {++n}/{2 * pairs}: pair {pair + 1}, {(side == GateSide.Baseline ? "baseline" : "current")} build");
            var document = await (side == GateSide.Baseline ? baseline : current).RunAsync(side, pair, ct).ConfigureAwait(false);
            (side == GateSide.Baseline ? a : b)[pair] = document;
        }
        return a.Zip(b).ToList();
    }
}
