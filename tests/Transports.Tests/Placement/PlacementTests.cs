using Xunit;
using Transports.Measure.Placement;
using Transports.Results;
using Transports.Tests.Support;

namespace Transports.Tests.Placement;

/// <summary><c>-cpus</c> and <c>-socket-completions</c>: the run relaunches itself placed as asked and records it.</summary>
public class PlacementTests
{
    [Fact]
    public async Task A_pinned_inline_run_runs_on_those_cpus_with_inline_completions_and_records_both()
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["pingpong", "-transports", "tcp,udp", "-duration", "300ms", "-message-warmup", "0",
            "-warmup", "0", "-cpus", "0", "-socket-completions", "inline", "-no-progress", "-no-charts"], Path.Combine(dir.Path, "results"));
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}");
        var doc = ResultsJson.Load(Directory.GetDirectories(Path.Combine(dir.Path, "results")).Single());
        Assert.Equal("0", doc.Environment.CpuAffinity);
        Assert.Equal(ProcessPlacement.Inline, doc.Environment.SocketCompletions);
        Assert.Equal(1, doc.Environment.LogicalCores); // the runtime saw the mask from its first instruction
        Assert.All(doc.Transports, t => Assert.Equal(TransportStatus.Ok, t.Status));
    }

    [Fact]
    public async Task An_unplaced_run_records_the_default_dispatch_and_every_cpu()
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["pingpong", "-transports", "tcp", "-duration", "200ms", "-message-warmup", "0",
            "-warmup", "0", "-no-progress", "-no-charts"], Path.Combine(dir.Path, "results"),
            environment: new Dictionary<string, string> { [ProcessPlacement.InlineCompletionsVariable] = "0" });
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}");
        var doc = ResultsJson.Load(Directory.GetDirectories(Path.Combine(dir.Path, "results")).Single());
        Assert.Equal(ProcessPlacement.ThreadPool, doc.Environment.SocketCompletions);
        Assert.Equal(ProcessPlacement.Current().CpuAffinity!.ToString(), doc.Environment.CpuAffinity);
    }

    [Fact]
    public async Task Inline_completions_asked_by_the_environment_are_kept_without_the_option()
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["pingpong", "-transports", "udp", "-duration", "200ms", "-message-warmup", "0",
            "-warmup", "0", "-no-progress", "-no-charts"], Path.Combine(dir.Path, "results"),
            environment: new Dictionary<string, string> { [ProcessPlacement.InlineCompletionsVariable] = "1" });
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}");
        var doc = ResultsJson.Load(Directory.GetDirectories(Path.Combine(dir.Path, "results")).Single());
        Assert.Equal(ProcessPlacement.Inline, doc.Environment.SocketCompletions);
    }

    [Fact]
    public async Task Thread_pool_completions_asked_by_the_option_override_the_environment()
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["pingpong", "-transports", "udp", "-duration", "200ms", "-message-warmup", "0",
            "-warmup", "0", "-socket-completions", "thread-pool", "-no-progress", "-no-charts"], Path.Combine(dir.Path, "results"),
            environment: new Dictionary<string, string> { [ProcessPlacement.InlineCompletionsVariable] = "1" });
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}");
        var doc = ResultsJson.Load(Directory.GetDirectories(Path.Combine(dir.Path, "results")).Single());
        Assert.Equal(ProcessPlacement.ThreadPool, doc.Environment.SocketCompletions);
    }

    [Theory]
    [InlineData("-cpus", "99", "--cpus: CPU 99 does not exist here")]
    [InlineData("-cpus", "1-0", "--cpus: '1-0' is a reversed CPU range")]
    [InlineData("-socket-completions", "fast", "--socket-completions: 'fast' is not thread-pool or inline")]
    public async Task Bad_placement_is_one_line_and_exit_2(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["pingpong", "-transports", "tcp", option, value, "-no-progress"], Path.Combine(dir.Path, "results"));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    /// <summary>The relaunched child runs in its own session; a SIGTERM to the process the user started must still
    /// reach it, and the run must end as any interrupted run does: exit 130, results written, marked incomplete.</summary>
    [Fact]
    public async Task Sigterm_reaches_the_relaunched_run_which_writes_its_results()
    {
        using var dir = new TempDirectory();
        var results = Path.Combine(dir.Path, "results");
        var r = await HarnessProcess.RunAsync(["pingpong", "-transports", "tcp,udp", "-duration", "60", "-message-warmup", "0",
            "-warmup", "0", "-cpus", "0", "-no-progress", "-no-charts"], results, TimeSpan.FromSeconds(90), async process =>
            {
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (DateTime.UtcNow < deadline && !Directory.EnumerateFiles(dir.Path, "results.json", SearchOption.AllDirectories).Any())
                    await Task.Delay(100);
                await Task.Delay(1000);
                await Shell.RunAsync("kill", "-TERM", process.Id.ToString());
            });
        Assert.True(r.ExitCode == 130, $"exit {r.ExitCode}: {r.StdErr}");
        var doc = ResultsJson.Load(Directory.GetDirectories(results).Single());
        Assert.False(doc.Run.Complete);
        Assert.Equal("interrupted (Ctrl-C or SIGTERM)", doc.Run.IncompleteReason);
        Assert.Equal("0", doc.Environment.CpuAffinity);
    }
}
