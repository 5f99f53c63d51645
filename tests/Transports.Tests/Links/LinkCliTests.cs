using Transports.Paths.Namespaces;
using Transports.Results;
using Transports.Tests.Paths;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Links;

/// <summary>
/// <c>-link</c> through the real harness: the run crosses the emulated path to its own agent (the RTT carries the
/// configured delay, results.json records the link and says the emulator kept up), nothing is left behind, and bad or
/// impossible requests are one line with exit code 2.
/// </summary>
[Collection(NamespaceCollection.Name)]
public sealed class LinkCliTests
{
    [SkippableFact]
    public async Task A_pingpong_across_an_emulated_link_carries_its_delay_and_records_the_link()
    {
        Skip.IfNot(Environment.IsPrivilegedProcess, "-link needs root");
        using var dir = new TempDirectory();
        var before = await NamespacePair.ListAsync();
        var r = await HarnessProcess.RunAsync(["pingpong", "-transports", "tcp,udp,quic", "-duration", "1", "-warmup", "0",
            "-link", "delay=5ms,down.delay=1ms", "-no-progress", "-no-charts"], Path.Combine(dir.Path, "results"), TimeSpan.FromSeconds(120));
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}");
        Assert.Contains("emulated link delay=5ms,down.delay=1ms: up unlimited, 5 ms; down unlimited, 1 ms; RTT 6 ms configured", r.StdOut);
        // whether the emulator kept up is reported either way (it shares the harness process: docs/LINKS.md "Limits")
        Assert.Matches("(the emulator kept up|WARNING: the emulator did not keep up) \\([0-9]+ of [0-9]+ packets more than 0.5 ms late, 0 dropped by the kernel before it\\)", r.StdOut);
        var doc = ResultsJson.Load(Directory.GetDirectories(Path.Combine(dir.Path, "results")).Single());
        var link = Assert.IsType<LinkInfo>(doc.Run.Link);
        Assert.Equal(5, link.Up.DelayMs);
        Assert.Equal(1, link.Down.DelayMs);
        Assert.Equal(link.EmulatorKeptUp, r.StdOut.Contains("the emulator kept up"));
        Assert.True(link.Up.Delivered > 0 && link.Down.Delivered > 0);
        Assert.Equal(0, link.Up.KernelDrops);
        Assert.NotNull(doc.Run.Remote); // an ordinary two-host run behind the link
        Assert.Equal(3, doc.Transports.Count);
        foreach (var t in doc.Transports)
        {
            Assert.Equal(TransportStatus.Ok, t.Status);
            double p50 = t.Summary!.Metrics["rtt_p50_ms"].Median;
            Assert.InRange(p50, 6.0, 8.0); // 5 ms up + 1 ms down + base + the stack
            // what this transport put through the link: both directions carried it, nothing lost (no loss configured)
            var traffic = Assert.IsType<LinkTraffic>(t.Link);
            Assert.True(traffic.Up.Offered > 0 && traffic.Down.Offered > 0, $"{t.Label}: {traffic}");
            Assert.InRange(traffic.Up.Delivered, traffic.Up.Offered - 50, traffic.Up.Offered); // at most a few still in flight
            Assert.InRange(traffic.Down.Delivered, traffic.Down.Offered - 50, traffic.Down.Offered);
            Assert.Equal(0, traffic.Up.Lost + traffic.Down.Lost);
            Assert.Contains($"- {t.Label} over the link: up {traffic.Up.Offered} packets, 0% lost (0); down {traffic.Down.Offered} packets, 0% lost (0)", r.StdOut); // the summary
            Assert.Contains($"{t.Label} over the link: up {traffic.Up.Offered} packets", r.StdErr); // said as soon as the transport finished
        }
        // the transports' shares add up to no more than the whole run's (the control channel crosses it too)
        Assert.True(doc.Transports.Sum(t => t.Link!.Up.Offered) <= link.Up.Offered);
        Assert.True(doc.Transports.Sum(t => t.Link!.Down.Offered) <= link.Down.Offered);
        // the path's namespace, its devices and the agent are gone
        Assert.Equal(before.OrderBy(n => n), (await NamespacePair.ListAsync()).OrderBy(n => n));
        Assert.DoesNotContain("trptun", await IpCommand.RunAsync(["link", "show"]));
    }

    [Theory]
    [InlineData("moon", "-link: unknown preset 'moon'")]
    [InlineData("delay=20", "-link: delay '20': expected a time like 20ms")]
    public async Task A_bad_link_spec_is_one_line_and_exit_2(string spec, string expected)
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["pingpong", "-transports", "tcp", "-link", spec], Path.Combine(dir.Path, "results"), TimeSpan.FromSeconds(60));
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.StartsWith($"error: {expected}", line);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "results")) && Directory.EnumerateFileSystemEntries(Path.Combine(dir.Path, "results")).Any());
    }

    [Fact]
    public async Task Link_and_server_together_are_refused()
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["pingpong", "-transports", "tcp", "-link", "wan", "-server", "127.0.0.1:1", "-token", "0123456789abcdef0123"],
            Path.Combine(dir.Path, "results"), TimeSpan.FromSeconds(60));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("use -link or -server, not both", r.StdErr);
    }

    [SkippableFact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task Without_root_link_is_one_clear_line_and_exit_2()
    {
        Skip.IfNot(Environment.IsPrivilegedProcess && File.Exists("/usr/bin/setpriv"), "needs root to drop to nobody, and setpriv");
        using var dir = new TempDirectory();
        var harness = Path.Combine(AppContext.BaseDirectory, "harness.dll");
        Directory.CreateDirectory(Path.Combine(dir.Path, "home"));
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0x1FF);
        File.SetUnixFileMode(Path.Combine(dir.Path, "home"), (UnixFileMode)0x1FF);
        var r = await HarnessProcess.RunProgramAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", "env", $"HOME={dir.Path}/home",
            $"DOTNET_CLI_HOME={dir.Path}/home", "dotnet", harness, "pingpong", "-transports", "tcp", "-link", "wan", "-no-progress", "-no-charts"],
            Path.Combine(dir.Path, "results"), TimeSpan.FromSeconds(60));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: -link: an emulated link needs root (network namespaces and TUN devices): run as root, or leave -link out", r.StdErr.Trim());
    }
}
