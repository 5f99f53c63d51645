using Transports.Advice.Output;
using Transports.Advice.Ranking;
using Transports.Paths.Namespaces;
using Transports.Results;
using Transports.Tests.Paths;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Advice;

/// <summary>
/// <c>harness advise</c> end to end: a real measurement on loopback within a tiny budget (advice.json beside the run it
/// read, the same advice again from <c>-results</c>), one across an emulated lossy link (the path recorded, nothing left
/// behind), and bad profiles that are one line naming the key with exit code 2.
/// </summary>
[Collection(NamespaceCollection.Name)]
public sealed class AdviseCliTests
{
    private static AdviceDocument LoadAdvice(string root, out string folder)
    {
        folder = Assert.Single(Directory.GetDirectories(root, "*-advise"));
        return AdviceJson.Deserialize(File.ReadAllText(Path.Combine(folder, AdviceJson.FileName)));
    }

    [Fact]
    public async Task Advise_on_loopback_measures_within_its_budget_and_advises_the_same_again_from_the_results()
    {
        using var dir = new TempDirectory();
        var root = Path.Combine(dir.Path, "results");
        string[] profile = ["-objective", "p99 <= 10s", "-rate", "200", "-transports", "tcp,tcp-tls,quic"];
        var r = await HarnessProcess.RunAsync(["advise", .. profile, "-budget", "10s", "-no-progress"], root, TimeSpan.FromSeconds(120));
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}");
        var advice = LoadAdvice(root, out var folder);
        // tcp is plaintext on an untrusted path: ruled out, not run
        Assert.Contains(advice.Candidates.Single(c => c.Name == "tcp").RuledOut, o => o.Rule == "encryption");
        var run = ResultsJson.Load(Assert.Single(Directory.GetDirectories(folder, "*-rpc")));
        Assert.Equal(["tcp-tls", "quic"], run.Transports.Select(t => t.Transport));
        Assert.All(run.Transports, t => Assert.Equal(TransportStatus.Ok, t.Status));
        // both were measured against the bound; loopback keeps a 10 s p99 even on a loaded machine, so there is a recommendation
        Assert.Contains(advice.Recommendation, new[] { "tcp-tls", "quic" });
        foreach (var c in advice.Candidates.Where(c => c.Rank is not null))
        {
            var check = c.Checks.Single(k => k.MetricId == "rpc_p99_ms");
            Assert.Equal(check.Ci95High <= 10_000 ? Verdict.Pass : check.Median <= 10_000 ? Verdict.Marginal : Verdict.Fail, check.Verdict);
            Assert.Equal(10_000, check.Bound);
            Assert.Equal(run.Transports.Single(t => t.Transport == c.Name).Summary!.Metrics["rpc_p99_ms"].Median, check.Median);
        }
        Assert.Contains("## Advice", r.StdOut);
        Assert.Contains("| rank | candidate | protocol | verdict | latency p99 <= 10000 ms |", r.StdOut);
        Assert.Contains("advise: step 1/1: request/response latency with rpc over tcp-tls, quic", r.StdErr);
        Assert.True(File.Exists(Path.Combine(folder, AdviceMarkdown.FileName)));

        var again = Path.Combine(dir.Path, "again");
        var r2 = await HarnessProcess.RunAsync(["advise", .. profile, "-results", folder], again, TimeSpan.FromSeconds(60));
        Assert.True(r2.ExitCode == 0, $"exit {r2.ExitCode}: {r2.StdErr}");
        LoadAdvice(again, out var folder2);
        Assert.Equal(File.ReadAllText(Path.Combine(folder, AdviceJson.FileName)), File.ReadAllText(Path.Combine(folder2, AdviceJson.FileName)));
    }

    [SkippableFact]
    public async Task Advise_over_an_emulated_lossy_link_records_the_path_and_leaves_nothing_behind()
    {
        Skip.IfNot(Environment.IsPrivilegedProcess, "-link needs root");
        using var dir = new TempDirectory();
        var root = Path.Combine(dir.Path, "results");
        var before = await NamespacePair.ListAsync();
        var r = await HarnessProcess.RunAsync(["advise", "-pattern", "server-push", "-concurrency", "4", "-rate", "400", "-message-sizes", "256",
            "-objective", "p99 <= 2s", "-link", "delay=5ms,loss=2%", "-transports", "tcp-tls,quic", "-budget", "16s", "-no-progress"], root, TimeSpan.FromSeconds(180));
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}");
        var advice = LoadAdvice(root, out var folder);
        Assert.Equal("link delay=5ms,loss=2%", advice.Path);
        Assert.Equal("hol", Assert.Single(advice.Plan).Scenario);
        var run = ResultsJson.Load(Assert.Single(Directory.GetDirectories(folder, "*-hol")));
        Assert.Equal(0.02, Assert.IsType<LinkInfo>(run.Run.Link).Up.LossProbability, 6);
        Assert.DoesNotContain(advice.Caveats, c => c.StartsWith("Measured on loopback", StringComparison.Ordinal));
        // both ran over the lossy path: each has a measured one-way p99 above the 5 ms the link adds
        foreach (var name in new[] { "tcp-tls", "quic" })
        {
            var check = advice.Candidates.Single(c => c.Name == name).Checks.Single(k => k.MetricId == "owd_p99_ms");
            Assert.True(check.Median > 5, $"{name}: {check}");
        }
        // the path's namespaces are gone: none is new unless a live process (another run on this shared machine) owns it
        var left = (await NamespacePair.ListAsync()).Except(before).Where(n => !OwnerAlive(n)).ToList();
        Assert.Empty(left);
    }

    /// <summary>True when the namespace's name (trp{pid}x…) names a running process.</summary>
    private static bool OwnerAlive(string name)
    {
        var digits = new string(name.Skip(NamespacePair.Prefix.Length).TakeWhile(char.IsDigit).ToArray());
        return int.TryParse(digits, out var pid) && Directory.Exists($"/proc/{pid}");
    }

    [Theory]
    [InlineData("pattern: request-response\ncolour: blue\n", "error: colour: unknown key")]
    [InlineData("objective: p95 <= 5ms\n", "error: objective: p95 is not measured")]
    [InlineData("objective: p99 <= 10ms\nlink: wan\n", "error: objective: 'p99 <= 10 ms' cannot be met over link wan: its round trip alone is 40 ms")]
    public async Task A_bad_profile_is_one_line_naming_the_key_and_exit_2(string yaml, string expected)
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "api.yaml");
        File.WriteAllText(file, yaml);
        var r = await HarnessProcess.RunAsync(["advise", "-profile", file], Path.Combine(dir.Path, "results"), TimeSpan.FromSeconds(60));
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.StartsWith(expected, line);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "results")));
    }

    [Fact]
    public async Task A_bad_json_profile_and_a_bad_flag_name_the_key_too()
    {
        using var dir = new TempDirectory();
        var file = Path.Combine(dir.Path, "api.json");
        File.WriteAllText(file, """{"pattern": "bulk-file", "objective": "p99 <= 5ms"}""");
        var r = await HarnessProcess.RunAsync(["advise", "-profile", file], Path.Combine(dir.Path, "results"), TimeSpan.FromSeconds(60));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: objective: a bulk file is judged by its goodput", Assert.Single(r.StdErr.Trim().Split('\n')));
        var flag = await HarnessProcess.RunAsync(["advise", "-rate", "fast"], Path.Combine(dir.Path, "results"), TimeSpan.FromSeconds(60));
        Assert.Equal(2, flag.ExitCode);
        Assert.StartsWith("error: -rate: 'fast' is not a number", Assert.Single(flag.StdErr.Trim().Split('\n')));
    }
}
