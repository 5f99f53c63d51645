using Transports.Harness.Catalog;
using Transports.Measure.Processes;
using Transports.Results;
using Transports.Tests.Report;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Cli;

/// <summary>
/// ./run.ps1 in real PowerShell 7 (installed by scripts/bootstrap.d/60-pwsh.sh): the -File form as the README shows it,
/// and the form a user types at a PowerShell prompt, where <c>-transports tcp,ws</c> is a PowerShell array that run.ps1
/// must forward as the one argument "tcp,ws". Each run goes through run.sh (bootstrap, Release build) to the harness.
/// </summary>
public sealed class RunPs1Tests
{
    // The first run may build the harness in Release on a busy machine; a run itself takes seconds.
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(8);

    private static string Root => ReportFixtures.RepositoryRoot();

    private static string RunPs1 => Path.Combine(Root, "run.ps1");

    /// <summary>$TRANSPORTS_PWSH (test.sh sets it), else the bootstrap's .tools/pwsh, else pwsh on PATH; fails (never skips) when none.</summary>
    private static string Pwsh()
    {
        var candidates = new[]
        {
            Environment.GetEnvironmentVariable("TRANSPORTS_PWSH"),
            Path.Combine(Root, ".tools", "pwsh"),
        };
        foreach (var c in candidates)
            if (!string.IsNullOrEmpty(c) && File.Exists(c)) return c;
        return ExecutablePath.Find("pwsh")
            ?? throw new Xunit.Sdk.XunitException(
                $"pwsh not found ($TRANSPORTS_PWSH, {Path.Combine(Root, ".tools", "pwsh")}, PATH): run scripts/bootstrap.sh test " +
                "(step scripts/bootstrap.d/60-pwsh.sh installs PowerShell 7.6.10 with dotnet tool install --tool-path .tools)");
    }

    private static readonly Dictionary<string, string> PwshEnvironment = new()
    {
        ["POWERSHELL_TELEMETRY_OPTOUT"] = "1",
        ["POWERSHELL_UPDATECHECK"] = "Off",
    };

    /// <summary><c>pwsh -NoProfile -File ./run.ps1 ARGS</c>: arguments arrive in run.ps1 as strings.</summary>
    private static Task<HarnessProcess.Result> RunFile(TempDirectory dir, params string[] args)
        => HarnessProcess.RunProgramAsync(Pwsh(), ["-NoProfile", "-NonInteractive", "-File", RunPs1, .. args],
            Path.Combine(dir.Path, "results"), Bound, environment: PwshEnvironment);

    /// <summary>
    /// <paramref name="typed"/> as a user types it after <c>./run.ps1</c> at a PowerShell prompt (PowerShell parses it:
    /// <c>tcp,ws</c> becomes an array), run with <c>pwsh -Command</c>.
    /// </summary>
    private static Task<HarnessProcess.Result> RunTyped(TempDirectory dir, string typed)
        => HarnessProcess.RunProgramAsync(Pwsh(),
            ["-NoProfile", "-NonInteractive", "-Command", $"& '{RunPs1.Replace("'", "''")}' {typed}; exit $LASTEXITCODE"],
            Path.Combine(dir.Path, "results"), Bound, environment: PwshEnvironment);

    private static void AssertTcpAndWsOk(HarnessProcess.Result r, string resultsDir)
    {
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}\nstdout:\n{r.StdOut}\nstderr:\n{r.StdErr}");
        var doc = ResultsJson.Load(Directory.GetDirectories(resultsDir).Single());
        Assert.True(doc.Run.Complete);
        Assert.Equal(new[] { "tcp", "ws" }, doc.Transports.Select(t => t.Transport).Order());
        Assert.All(doc.Transports, t => Assert.Equal(TransportStatus.Ok, t.Status));
    }

    [Fact]
    public async Task File_form_runs_bigfile_over_tcp_and_ws()
    {
        using var dir = new TempDirectory();
        var results = Path.Combine(dir.Path, "results");
        var r = await RunFile(dir, "-scenario", "bigfile", "-size", "64M", "-transports", "tcp,ws", "-no-charts", "-no-progress",
            "-warmup", "0", "-results-dir", results);
        AssertTcpAndWsOk(r, results);
    }

    [Fact]
    public async Task Typed_array_form_reaches_the_harness_as_one_comma_list()
    {
        using var dir = new TempDirectory();
        // A results folder with a space (quoted), --name=value and -name:value spellings ride along unchanged.
        var results = Path.Combine(dir.Path, "my results");
        var r = await RunTyped(dir,
            $"-scenario bigfile -size:64M -transports tcp,ws -no-charts -no-progress --warmup=0 -results-dir '{results}'");
        AssertTcpAndWsOk(r, results);
    }

    [Fact]
    public async Task Typed_array_form_with_a_bad_transport_is_the_one_line_error_with_exit_code_2()
    {
        using var dir = new TempDirectory();
        var r = await RunTyped(dir, "-scenario bigfile -transports tcp,carrier-pigeon");
        Assert.Equal(2, r.ExitCode);
        // stderr also carries run.sh's bootstrap and build lines; the harness's own part is exactly the one line.
        var lines = r.StdErr.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"error: unknown transport 'carrier-pigeon'; valid transports: {TransportCatalog.Names}", lines);
        Assert.DoesNotContain("Unrecognized command or argument", r.StdErr); // the array split into two arguments
        Assert.DoesNotContain("   at ", r.StdErr);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "results")), "bad input must not start a run");
    }
}
