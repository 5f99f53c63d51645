using System.Text.RegularExpressions;
using System.Xml.Linq;
using Transports.Tests.Report;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Gate;

/// <summary>
/// The GitHub Actions and Azure Pipelines examples of docs/CI.md: their <c>./run.sh gate …</c> commands, taken from the
/// document itself, run against a baseline of a real (small) run and write the files the pipelines then publish.
/// </summary>
public sealed partial class CiExamplesTests
{
    [Fact]
    public async Task The_gate_commands_of_the_ci_examples_run_and_write_their_files()
    {
        var doc = File.ReadAllText(Path.Combine(ReportFixtures.RepositoryRoot(), "docs", "CI.md"));
        var commands = YamlBlock().Matches(doc).SelectMany(m => m.Groups[1].Value.Split('\n'))
            .Select(l => GateCommandLine().Match(l)).Where(m => m.Success).Select(m => m.Groups[1].Value.Trim()).ToList();
        Assert.Equal(2, commands.Count); // one per example: GitHub Actions, Azure Pipelines

        using var dir = new TempDirectory();
        var results = Path.Combine(dir.Path, "results");
        var timeout = TimeSpan.FromMinutes(4);
        var run = await HarnessProcess.RunAsync(["pingpong", "-transports", "tcp", "-duration", "0.5", "-repeat", "5"], results, timeout);
        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Equal(0, (await HarnessProcess.RunAsync(["baseline", "save", "main"], results)).ExitCode);

        foreach (var command in commands)
        {
            var args = command.Replace("$(Build.ArtifactStagingDirectory)", dir.Path, StringComparison.Ordinal)
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
            for (int i = 1; i < args.Count; i++)
                if (args[i - 1] is "-junit" or "-markdown" && !Path.IsPathRooted(args[i])) args[i] = Path.Combine(dir.Path, args[i]);
            var summary = Path.Combine(dir.Path, "step-summary.md");
            var r = await HarnessProcess.RunAsync(args, results, timeout,
                environment: new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary });
            // Two real runs on a shared machine: any verdict may come out, never bad input or a crash.
            Assert.True(r.ExitCode is 0 or 1 or 3, $"{command}: exit {r.ExitCode}: {r.StdErr}");
            var junit = args[args.IndexOf("-junit") + 1];
            Assert.NotEmpty(XDocument.Load(junit).Descendants("testcase"));
            Assert.StartsWith("## Transports gate: ", File.ReadAllText(summary));
            if (args.IndexOf("-markdown") is int md and >= 0) Assert.StartsWith("## Transports gate: ", File.ReadAllText(args[md + 1]));
            File.Delete(summary);
        }
    }

    [GeneratedRegex(@"```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();

    [GeneratedRegex(@"\./run\.sh (gate [^|#]*)")]
    private static partial Regex GateCommandLine();
}
