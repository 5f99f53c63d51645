using System.Diagnostics;
using Transports.Harness.Cli;
using Transports.Harness.Gate;
using Transports.Results;
using Transports.Tests.Support;
using Transports.Views.Gate;
using Xunit;
using static Transports.Tests.Gate.GateFixtures;

namespace Transports.Tests.Gate;

/// <summary>
/// The interleaved A/B gate: the counterbalanced run order, the pairs it hands to the evaluator (a fake launcher
/// stands in for the builds), the verdicts and exit codes of whole paired documents, the baseline build's git worktree
/// (on a tiny temporary repository, with a fake builder) removed after success, failure and cancellation, and the
/// command-line refusals.
/// </summary>
public sealed class InterleavedGateTests
{
    [Fact]
    public void Runs_alternate_the_build_that_goes_first_in_each_pair()
    {
        Assert.Equal(
            [(GateSide.Baseline, 0), (GateSide.Current, 0), (GateSide.Current, 1), (GateSide.Baseline, 1), (GateSide.Baseline, 2), (GateSide.Current, 2)],
            InterleavedRuns.Order(3).ToArray());
    }

    [Fact]
    public async Task The_runs_are_made_in_that_order_and_paired_by_index()
    {
        var log = new List<string>();
        var baseline = new FakeLauncher("A", log, rate: 10_000);
        var current = new FakeLauncher("B", log, rate: 5_000);
        var pairs = await InterleavedRuns.RunAsync(4, baseline, current, _ => { }, CancellationToken.None);
        Assert.Equal(["A1", "B1", "B2", "A2", "A3", "B3", "B4", "A4"], log);
        Assert.Equal(["A1", "A2", "A3", "A4"], pairs.Select(p => p.Baseline.Run.Id).ToArray());
        Assert.Equal(["B1", "B2", "B3", "B4"], pairs.Select(p => p.Current.Run.Id).ToArray());
    }

    [Fact]
    public async Task Paired_documents_give_regression_pass_and_inconclusive_with_their_exit_codes()
    {
        var log = new List<string>();
        var half = GateEvaluator.EvaluatePaired(await InterleavedRuns.RunAsync(10, new FakeLauncher("A", log, 10_000), new FakeLauncher("B", log, 5_000), _ => { }, default),
            GateConfig.Default, false, "main@1", "this build");
        Assert.Equal(GateVerdict.Regression, half.Verdict);
        Assert.Equal(1, half.ExitCode);
        Assert.Equal(10, half.Pairs);
        Assert.Contains(half.Rows, r => r.MetricId == "messages_per_s" && r.Reason.Contains("Holm-adjusted", StringComparison.Ordinal));
        Assert.StartsWith("one-sided Wilcoxon signed-rank tests over 10 interleaved pairs", GateText.Method(half));

        var same = GateEvaluator.EvaluatePaired(await InterleavedRuns.RunAsync(10, new FakeLauncher("A", log, 10_000), new FakeLauncher("B", log, 10_000), _ => { }, default),
            GateConfig.Default, false, "main@1", "this build");
        Assert.Equal(GateVerdict.Pass, same.Verdict);
        Assert.Equal(0, same.ExitCode);

        var few = GateEvaluator.EvaluatePaired(await InterleavedRuns.RunAsync(3, new FakeLauncher("A", log, 10_000), new FakeLauncher("B", log, 5_000), _ => { }, default),
            GateConfig.Default, false, "main@1", "this build");
        Assert.Equal(3, few.ExitCode);
        Assert.Contains(few.Rows, r => r.Reason.Contains("too few pairs: 3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_chart_draws_each_compared_metric_with_its_interval_and_nothing_without_one()
    {
        var log = new List<string>();
        var report = GateEvaluator.EvaluatePaired(await InterleavedRuns.RunAsync(10, new FakeLauncher("A", log, 10_000), new FakeLauncher("B", log, 5_000), _ => { }, default),
            GateConfig.Default, false, "main@1", "this build");
        var rate = report.Rows.Single(r => r.MetricId == "messages_per_s").Comparison!;
        Assert.InRange(rate.ChangeEstimate!.Value, -0.51, -0.49);          // every pair half the rate
        Assert.True(rate.ChangeLow <= rate.ChangeEstimate && rate.ChangeEstimate <= rate.ChangeHigh);
        var spec = GateChart.Build(report)!;
        Assert.Contains("tcp: delivered msg/s", spec.Series);
        using var dir = new TempDirectory();
        var svg = Path.Combine(dir.Path, "gate.svg");
        Assert.True(GateChart.Write(report, svg));
        var text = File.ReadAllText(svg);
        Assert.Contains("<svg", text);
        Assert.Contains("regression: worse by more than the margin", text); // the hover of the rate's row
        Assert.Null(GateChart.Build(report with { Rows = [] }));
    }

    [Fact]
    public async Task The_baseline_worktree_is_removed_after_a_build_a_failed_build_and_a_cancelled_one_and_the_build_is_cached()
    {
        using var dir = new TempDirectory();
        var repo = Path.Combine(dir.Path, "repo");
        Directory.CreateDirectory(repo);
        Git(repo, "init", "-q");
        File.WriteAllText(Path.Combine(repo, "a.txt"), "one");
        Git(repo, "add", "a.txt");
        Git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "one");
        var cache = Path.Combine(dir.Path, "cache");
        int builds = 0;
        string? seen = null;
        var build = new BaselineBuild(repo, (worktree, _) =>
        {
            builds++;
            seen = worktree;
            Assert.Equal("one", File.ReadAllText(Path.Combine(worktree, "a.txt"))); // the commit is checked out
            var output = Path.Combine(worktree, "out");
            Directory.CreateDirectory(output);
            File.WriteAllText(Path.Combine(output, BaselineBuild.EntryAssembly), "built");
            return Task.FromResult(output);
        }, cache);
        var commit = await build.ResolveAsync("HEAD", default);
        Assert.Matches("^[0-9a-f]{40}$", commit);
        var dll = await build.PrepareAsync(commit, _ => { }, default);
        Assert.Equal("built", File.ReadAllText(dll));
        Assert.StartsWith(Path.Combine(cache, commit), dll, StringComparison.Ordinal);
        Assert.False(Directory.Exists(seen));
        Assert.Single(Worktrees(repo));
        Assert.Equal(dll, await build.PrepareAsync(commit, _ => { }, default));
        Assert.Equal(1, builds); // cached by commit

        var failing = new BaselineBuild(repo, (worktree, _) => { seen = worktree; throw new UsageException("compiler error"); }, Path.Combine(dir.Path, "cache2"));
        Assert.Equal("compiler error", (await Assert.ThrowsAsync<UsageException>(() => failing.PrepareAsync(commit, _ => { }, default))).Message);
        Assert.False(Directory.Exists(seen));
        Assert.Single(Worktrees(repo));

        using var cts = new CancellationTokenSource();
        var cancelled = new BaselineBuild(repo, async (worktree, ct) => { seen = worktree; await cts.CancelAsync(); ct.ThrowIfCancellationRequested(); return worktree; }, Path.Combine(dir.Path, "cache3"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.PrepareAsync(commit, _ => { }, cts.Token));
        Assert.False(Directory.Exists(seen));
        Assert.Single(Worktrees(repo));

        Assert.Contains("is not a commit", (await Assert.ThrowsAsync<UsageException>(() => build.ResolveAsync("no-such-branch", default))).Message);
    }

    [Fact]
    public async Task Bad_interleaving_options_are_refused_with_exit_code_2()
    {
        using var dir = new TempDirectory();
        var results = Path.Combine(dir.Path, "results");
        var run = Path.Combine(results, "20261201-000000-pingpong");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "results.json"), ResultsJson.Serialize(Run("20261201-000000-pingpong", ("tcp", Rates(10_000)))));
        var withCurrent = await HarnessProcess.RunAsync(["gate", "-baseline", run, "-baseline-build", "current", "-current", run], results);
        Assert.Equal(2, withCurrent.ExitCode);
        Assert.Contains("takes no -current", withCurrent.StdErr);
        var zero = await HarnessProcess.RunAsync(["gate", "-baseline", run, "-baseline-build", "current", "-pairs", "0"], results);
        Assert.Equal(2, zero.ExitCode);
        Assert.Contains("-pairs must be 1-1000", zero.StdErr);
        var unknown = await HarnessProcess.RunAsync(["gate", "-baseline", run, "-baseline-build", "no-such-ref-16"], results);
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("'no-such-ref-16' is not a commit", unknown.StdErr);
    }

    private static string[] Worktrees(string repo)
        => GitOutput(repo, "worktree", "list", "--porcelain").Split('\n').Where(l => l.StartsWith("worktree ", StringComparison.Ordinal)).ToArray();

    private static void Git(string repo, params string[] args) => GitOutput(repo, args);

    private static string GitOutput(string repo, params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = repo, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(30_000), "git hung");
        Assert.Equal(0, p.ExitCode);
        return output;
    }

    /// <summary>A build whose every run measures <c>rate</c> messages per second (±1 % from run to run, the same on both sides).</summary>
    private sealed class FakeLauncher(string name, List<string> log, double rate) : IRunLauncher
    {
        public Task<ResultsDocument> RunAsync(GateSide side, int pair, CancellationToken ct)
        {
            log.Add($"{name}{pair + 1}");
            // The machine drifts by up to ±30 % between pairs; within a pair, both builds see the same machine.
            double machine = 1 + 0.3 * Math.Sin(pair);
            return Task.FromResult(Run($"{name}{pair + 1}", ("tcp", Rates(rate * machine, n: 3))));
        }
    }
}
