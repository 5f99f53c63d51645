using System.Text.Json.Nodes;
using System.Xml.Linq;
using Transports.Results;
using Transports.Tests.Support;
using Xunit;
using static Transports.Tests.Gate.GateFixtures;

namespace Transports.Tests.Gate;

/// <summary>
/// <c>harness baseline …</c> and <c>harness gate …</c> through the real CLI process: exit codes (0 pass or improvement,
/// 1 regression, 3 inconclusive, 2 bad input), the files and lines each output writes, and one gate of a real run.
/// </summary>
public sealed class GateCliTests
{
    private static string Results(TempDirectory dir) => Path.Combine(dir.Path, "results");

    /// <summary>Writes <paramref name="document"/> as a run folder under the results root; returns the folder.</summary>
    private static string WriteRun(TempDirectory dir, string id, ResultsDocument document)
    {
        var folder = Path.Combine(Results(dir), id);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "results.json"), ResultsJson.Serialize(document with { Run = document.Run with { Id = id } }));
        return folder;
    }

    [Fact]
    public async Task Baselines_are_saved_listed_replaced_only_with_force_and_removed()
    {
        using var dir = new TempDirectory();
        WriteRun(dir, "20261201-000000-pingpong", Run("x", ("tcp", Rates(10_000))));
        var latest = WriteRun(dir, "20261201-000100-pingpong", Run("x", ("ws", Rates(10_000))));

        var save = await HarnessProcess.RunAsync(["baseline", "save", "main"], Results(dir));
        Assert.Equal(0, save.ExitCode);
        Assert.Contains("run 20261201-000100-pingpong", save.StdOut); // the latest run by default
        var kept = Path.Combine(Results(dir), "baselines", "main", "results.json");
        Assert.Equal(File.ReadAllText(Path.Combine(latest, "results.json")), File.ReadAllText(kept));
        Assert.Equal("Test CPU 3000", ResultsJson.Load(kept).Environment.CpuModel);

        var again = await HarnessProcess.RunAsync(["baseline", "save", "main", Path.Combine(Results(dir), "20261201-000000-pingpong")], Results(dir));
        Assert.Equal(2, again.ExitCode);
        Assert.Equal("error: baseline 'main' exists (run 20261201-000100-pingpong); -force replaces it", again.StdErr.Trim());
        var force = await HarnessProcess.RunAsync(["baseline", "save", "main", Path.Combine(Results(dir), "20261201-000000-pingpong"), "-force"], Results(dir));
        Assert.Equal(0, force.ExitCode);
        Assert.Equal("20261201-000000-pingpong", ResultsJson.Load(kept).Run.Id);

        var list = await HarnessProcess.RunAsync(["baseline", "list"], Results(dir));
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("main", list.StdOut);
        Assert.Contains("20261201-000000-pingpong", list.StdOut);

        Assert.Equal(0, (await HarnessProcess.RunAsync(["baseline", "remove", "main"], Results(dir))).ExitCode);
        Assert.False(Directory.Exists(Path.GetDirectoryName(kept)));
        var gone = await HarnessProcess.RunAsync(["baseline", "remove", "main"], Results(dir));
        Assert.Equal(2, gone.ExitCode);
        Assert.StartsWith("error: no baseline 'main'", gone.StdErr.Trim());
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("two words")]
    [InlineData(".hidden")]
    [InlineData("line\nbreak")]
    [InlineData("main\n")]
    [InlineData("a1234567890123456789012345678901234567890123456789012345678901234")] // 65 characters
    public async Task Bad_baseline_names_are_one_line_and_exit_2(string name)
    {
        using var dir = new TempDirectory();
        WriteRun(dir, "20261201-000000-pingpong", Run("x", ("tcp", Rates(10_000))));
        var r = await HarnessProcess.RunAsync(["baseline", "save", name], Results(dir));
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.StartsWith("error: bad baseline name", r.StdErr);
        Assert.False(Directory.Exists(Path.Combine(Results(dir), "baselines")) && Directory.EnumerateFileSystemEntries(Path.Combine(Results(dir), "baselines")).Any());
    }

    [Fact]
    public async Task Saving_without_any_run_is_bad_input()
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["baseline", "save", "main"], Results(dir));
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: no run folder with a results.json under", r.StdErr.Trim());
    }

    [Theory]
    [InlineData(10_000.0, 6, 0)] // the same numbers: pass
    [InlineData(20_000.0, 6, 0)] // twice the rate: improvement (and pass)
    [InlineData(5_000.0, 6, 1)]  // half the rate: regression
    [InlineData(5_000.0, 3, 3)]  // too few repeats: inconclusive
    public async Task Exit_codes_follow_the_verdict(double currentRate, int repeats, int expected)
    {
        using var dir = new TempDirectory();
        var baseline = WriteRun(dir, "20261201-000000-pingpong", Run("x", ("tcp", Rates(10_000, repeats))));
        var current = WriteRun(dir, "20261201-000100-pingpong", Run("x", ("tcp", Rates(currentRate, repeats))));
        var r = await HarnessProcess.RunAsync(["gate", "-baseline", baseline, "-current", current], Results(dir));
        Assert.True(expected == r.ExitCode, r.StdOut + r.StdErr);
        Assert.Contains("gate: " + (expected switch { 1 => "regression", 3 => "inconclusive", _ => "pass" }), r.StdOut);
    }

    [Fact]
    public async Task A_regression_writes_junit_markdown_the_step_summary_and_error_annotations()
    {
        using var dir = new TempDirectory();
        WriteRun(dir, "20261201-000000-pingpong", Run("x", ("tcp", Rates(10_000))));
        Assert.Equal(0, (await HarnessProcess.RunAsync(["baseline", "save", "main"], Results(dir))).ExitCode);
        var current = WriteRun(dir, "20261201-000100-pingpong", Run("x", ("tcp", Rates(5_000))));
        var summary = Path.Combine(dir.Path, "step-summary.md");
        File.WriteAllText(summary, "earlier step\n");
        var junit = Path.Combine(dir.Path, "gate.xml");
        var markdown = Path.Combine(dir.Path, "gate.md");
        var r = await HarnessProcess.RunAsync(["gate", "-baseline", "main", "-current", current, "-junit", junit, "-markdown", markdown], Results(dir),
            environment: new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary });
        Assert.Equal(1, r.ExitCode);
        var errors = r.StdOut.Split('\n').Where(l => l.StartsWith("::error title=", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, errors.Count);
        var xml = XDocument.Load(junit);
        Assert.Equal(4, xml.Descendants("failure").Count());
        Assert.Equal(xml.Descendants("testcase").Count(), (int)xml.Root!.Attribute("tests")!);
        var md = File.ReadAllText(markdown);
        Assert.StartsWith("## Transports gate: regression", md);
        Assert.Equal("earlier step\n" + md + "\n", File.ReadAllText(summary)); // appended, not replaced
    }

    [Fact]
    public async Task Differing_environments_are_refused_with_one_line_unless_allowed()
    {
        using var dir = new TempDirectory();
        var baseline = WriteRun(dir, "20261201-000000-pingpong", Run("x", ("tcp", Rates(10_000))));
        var other = Run("x", ("tcp", Rates(5_000))) with { Environment = Machine with { Kernel = "6.13.0-other", LogicalCores = 4 } };
        var current = WriteRun(dir, "20261201-000100-pingpong", other);
        var refused = await HarnessProcess.RunAsync(["gate", "-baseline", baseline, "-current", current], Results(dir));
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("error: environments differ (kernel: 6.12.0-test vs 6.13.0-other; logical cores: 2 vs 4); -allow-environment-mismatch compares them anyway", refused.StdErr.Trim());
        var allowed = await HarnessProcess.RunAsync(["gate", "-baseline", baseline, "-current", current, "-allow-environment-mismatch"], Results(dir));
        Assert.Equal(1, allowed.ExitCode);
        Assert.Contains("ENVIRONMENT MISMATCH, compared anyway: kernel", allowed.StdOut);
    }

    [Theory]
    [InlineData("nope", "'nope' is neither a results path nor a baseline")]
    [InlineData("", "")]
    public async Task A_missing_baseline_is_bad_input(string baseline, string expected)
    {
        using var dir = new TempDirectory();
        var current = WriteRun(dir, "20261201-000100-pingpong", Run("x", ("tcp", Rates(5_000))));
        var r = await HarnessProcess.RunAsync(["gate", "-baseline", baseline, "-current", current], Results(dir));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(expected, r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    /// <summary>
    /// A real pingpong run kept as a baseline, gated by running its own command again (no -current): the verdict of two
    /// real runs depends on the machine's noise, so only the structure is asserted; then the second run's numbers are
    /// edited into a certain regression (every repeat at half the baseline's slowest rate) and the gate must say so.
    /// </summary>
    [Fact]
    public async Task A_real_run_gated_against_its_own_baseline_then_against_a_made_up_regression()
    {
        using var dir = new TempDirectory();
        var timeout = TimeSpan.FromMinutes(4);
        var first = await HarnessProcess.RunAsync(["pingpong", "-transports", "tcp", "-duration", "0.5", "-repeat", "5"], Results(dir), timeout);
        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Equal(0, (await HarnessProcess.RunAsync(["baseline", "save", "e2e"], Results(dir))).ExitCode);
        var junit = Path.Combine(dir.Path, "gate.xml");
        var gate = await HarnessProcess.RunAsync(["gate", "-baseline", "e2e", "-junit", junit], Results(dir), timeout);
        Assert.True(gate.ExitCode is 0 or 1 or 3, gate.StdErr);
        Assert.Contains("gate: running the baseline's command again: harness pingpong -transports tcp -duration 0.5 -repeat 5", gate.StdOut);
        var cases = XDocument.Load(junit).Descendants("testcase").Select(c => (string)c.Attribute("name")!).ToHashSet();
        Assert.Superset(new HashSet<string> { "goodput_bits_per_s", "messages_per_s", "rtt_p50_ms", "rtt_p99_ms", "loss_percent", "cpu_us_per_message" }, cases);

        var runs = Directory.GetDirectories(Results(dir)).Where(d => File.Exists(Path.Combine(d, "results.json"))).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, runs.Count); // the baseline's run and the gate's own run
        var baselineDoc = ResultsJson.Load(runs[0]);
        double slowest = baselineDoc.Transports[0].Repeats.Min(m => m.Throughput!.MessagesPerSecond!.Value);
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(runs[1], "results.json")))!;
        int i = 0;
        foreach (var repeat in node["transports"]![0]!["repeats"]!.AsArray())
        {
            double rate = slowest * 0.5 * (1 - 0.01 * i++);
            repeat!["throughput"]!["messagesPerSecond"] = rate;
        }
        var edited = Path.Combine(dir.Path, "edited.json");
        File.WriteAllText(edited, node.ToJsonString());
        var regression = await HarnessProcess.RunAsync(["gate", "-baseline", "e2e", "-current", edited], Results(dir), timeout);
        Assert.True(regression.ExitCode == 1, regression.StdOut + regression.StdErr);
        Assert.Matches(@"regression\s*│\s*tcp\s*│\s*delivered msg/s", regression.StdOut);
    }
}
