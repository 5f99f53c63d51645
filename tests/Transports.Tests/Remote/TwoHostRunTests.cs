using System.Diagnostics;
using System.Text.Json.Nodes;
using Transports.Harness.Catalog;
using Transports.Measure.Processes;
using Transports.Paths.Namespaces;
using Transports.Results;
using Transports.Tests.Paths;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Remote;

/// <summary>
/// Two-host runs through the harness CLI: the agent (<c>harness serve</c>) in namespace A, the client
/// (<c>harness pingpong -server A</c>) in namespace B, joined by a veth pair. The server side runs on the agent; the
/// results record the agent, the path and both sides' cost; bad clients (killed mid-run, wrong token, second client)
/// never wedge the agent, and no data-port listener outlives its run.
/// </summary>
[Collection(NamespaceCollection.Name)]
public sealed class TwoHostRunTests
{
    private const string Token = "two-host-run-test-token-0123456789";
    private static readonly string HarnessDll = Path.Combine(AppContext.BaseDirectory, "harness.dll");

    private sealed class Agent(NamespacePair pair, ExternalProcess process, string at) : IAsyncDisposable
    {
        public NamespacePair Pair => pair;
        public ExternalProcess Process => process;
        public string At => at;

        public async ValueTask DisposeAsync()
        {
            await process.DisposeAsync();
            await pair.DisposeAsync();
        }
    }

    private static async Task<Agent> StartAgentAsync(string dir)
    {
        var tokenFile = Path.Combine(dir, "agent-token");
        await File.WriteAllTextAsync(tokenFile, Token + "\n");
        var pair = await NamespacePair.CreateAsync();
        try
        {
            var at = $"{pair.AddressA}:47311";
            // the test-file cache of this test run (bigfile download: the agent makes the same deterministic file)
            var (ip, serve) = pair.Exec(inA: true, "env", [$"TRANSPORTS_CACHE={TempDirectory.Cache}", "dotnet", HarnessDll, "serve", "-listen", at, "-token-file", tokenFile]);
            var agent = ExternalProcess.Start(ip, serve);
            await agent.WaitForLineAsync(l => l.Contains("agent listening on"), TimeSpan.FromSeconds(30), CancellationToken.None);
            return new Agent(pair, agent, at);
        }
        catch
        {
            await pair.DisposeAsync();
            throw;
        }
    }

    private static Dictionary<string, string> WithToken(string token = Token) => new() { ["TRANSPORTS_AGENT_TOKEN"] = token };

    private static Task<HarnessProcess.Result> ClientAsync(Agent agent, string results, IEnumerable<string> args, TimeSpan timeout,
        Func<Process, Task>? whileRunning = null, string token = Token)
    {
        var (ip, client) = agent.Pair.Exec(inA: false, "dotnet", [HarnessDll, .. args, "-server", agent.At, "-no-progress", "-no-charts"]);
        return HarnessProcess.RunProgramAsync(ip, client, results, timeout, whileRunning, WithToken(token));
    }

    /// <summary>Sockets listening in namespace A other than the agent's control port (ss: TCP listeners and unconnected UDP).</summary>
    private static async Task<IReadOnlyList<string>> DataListenersAsync(Agent agent)
    {
        await using var ss = ExternalProcess.Start("ip", ["netns", "exec", agent.Pair.NameA, "ss", "-H", "-ltun"]);
        Assert.Equal(0, await ss.WaitForExitAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
        return ss.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.Contains(":47311")).ToList();
    }

    private static ResultsDocument OnlyRun(string results)
        => ResultsJson.Deserialize(File.ReadAllText(Directory.GetFiles(results, "results.json", SearchOption.AllDirectories).Single()));

    [SkippableTheory]
    [InlineData("pingpong", "-duration 0.5 -message-size 64")]
    [InlineData("datagrams", "-duration 0.5 -message-size 64")]
    [InlineData("bigfile", "-size 8M -direction upload")]
    [InlineData("bigfile", "-size 8M -direction download")]
    [InlineData("connect", "-count 100 -concurrency 2")]
    [InlineData("rpc", "-duration 0.5 -connections 2 -outstanding 4")]
    public async Task A_scenario_over_every_transport_runs_its_server_side_on_the_agent_and_records_both_hosts(string scenario, string options)
    {
        Skip.IfNot(Environment.UserName == "root", "network namespaces need root");
        using var dir = new TempDirectory();
        await using var agent = await StartAgentAsync(dir.Path);
        var available = TransportCatalog.All.Where(f => f.CheckAvailability().IsAvailable).Select(f => f.Name).ToList();

        // the token on the command line this time: results.json records the command line with it redacted
        var run = await ClientAsync(agent, dir.Path, [scenario, "-transports", "all", .. options.Split(' '), "-warmup", "0", "-grpc-tls", "true", "-anchors", "auto", "-token", Token],
            TimeSpan.FromMinutes(4), token: "");
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StdErr}\n{run.StdOut}");
        Assert.Contains($"server side on agent {agent.At}", run.StdOut);
        Assert.Contains("anchors: skipped: they run on this machine only", run.StdErr + run.StdOut);
        var doc = OnlyRun(dir.Path);
        Assert.Contains("(redacted)", doc.Run.Arguments);
        var remote = doc.Run.Remote!;
        Assert.Equal(agent.At, remote.Agent);
        Assert.Equal(NamespacePair.InterfaceName, remote.ClientInterface);
        Assert.Equal(1500, remote.PathMtuBytes);
        Assert.Equal(1500, remote.AgentEnvironment!.MtuBytes);
        Assert.InRange(remote.BaseRttMs, 0.000_1, 100);
        Assert.InRange(remote.ClockUncertaintyMs, 0, remote.BaseRttMs / 2 + 1e-9);
        Assert.True(remote.ClockProbes >= 1);
        Assert.DoesNotContain(Token, File.ReadAllText(Directory.GetFiles(dir.Path, "results.json", SearchOption.AllDirectories).Single()));
        Assert.Equal(available.Count, doc.Transports.Count);
        Assert.Contains(doc.Transports, t => t.Status == TransportStatus.Ok);
        foreach (var t in doc.Transports.Where(t => t.Status != TransportStatus.NotApplicable))
        {
            Assert.True(t.Status == TransportStatus.Ok, $"{t.Label}: {t.Status} {t.Error}");
            var m = Assert.Single(t.Repeats);
            Assert.True(m.Cost!.CpuSeconds > 0, $"{t.Label}: no client cost");
            Assert.True(m.ServerCost is { CpuSeconds: > 0, PeakWorkingSetBytes: > 0 }, $"{t.Label}: no agent cost");
            // verified by the receiver, on either host; datagrams may be lost on an unreliable transport (measured, not a failure)
            if (scenario == "bigfile" && t.Features.Contains("reliable")) Assert.True(m.Integrity!.Verified, $"{t.Label}: {m.Integrity.Detail}");
            else if (scenario == "bigfile") Assert.True(m.Throughput!.BytesDelivered > 0, $"{t.Label}: nothing delivered");
            else Assert.True(m.Latency!.Count > 0, $"{t.Label}: no latency samples");
            Assert.Equal(0, t.RefusedPeerCount);
            // every encrypted transport accepted the agent's certificate by the pin sent over the control channel
            if (t.Features.Contains("encrypted")) Assert.True(t.Tls?.Protocol == "TLS 1.3", $"{t.Label}: tls {t.Tls}");
        }
        Assert.Contains(doc.Transports, t => t.Transport == "tcp-tls");
        Assert.Contains("Two hosts: server side on agent", File.ReadAllText(Directory.GetFiles(dir.Path, "summary.md", SearchOption.AllDirectories).Single()));
        Assert.Empty(await DataListenersAsync(agent));
    }

    [SkippableFact]
    public async Task A_client_killed_mid_run_and_a_second_client_leave_the_agent_serving_the_next_run_within_seconds()
    {
        Skip.IfNot(Environment.UserName == "root", "network namespaces need root");
        using var dir = new TempDirectory();
        await using var agent = await StartAgentAsync(dir.Path);
        HarnessProcess.Result? second = null;
        Directory.CreateDirectory(Path.Combine(dir.Path, "first"));
        var killedAt = Stopwatch.StartNew();
        var first = await ClientAsync(agent, Path.Combine(dir.Path, "first"), ["pingpong", "-transports", "tcp", "-duration", "60", "-warmup", "0"], TimeSpan.FromMinutes(2),
            async process =>
            {
                await agent.Process.WaitForLineAsync(l => l.Contains("tcp: open for pingpong"), TimeSpan.FromSeconds(60), CancellationToken.None);
                await Task.Delay(1500); // the run is going: the agent's data listener and connection are open
                Assert.NotEmpty(await DataListenersAsync(agent));
                second = await ClientAsync(agent, Path.Combine(dir.Path, "second"), ["pingpong", "-transports", "tcp", "-duration", "0.5", "-warmup", "0"], TimeSpan.FromMinutes(1));
                process.Kill(); // SIGKILL: no bye, no run_close
                killedAt.Restart();
            });
        Assert.Equal(137, first.ExitCode);
        Assert.Equal(1, second!.ExitCode);
        var busy = second.StdErr.Trim();
        Assert.Matches($@"^error: agent {agent.At.Replace(".", "\\.")} is busy: held by {agent.Pair.AddressB.ToString().Replace(".", "\\.")}:\d+ since ", busy);
        Assert.DoesNotContain('\n', busy);

        var rerun = await ClientAsync(agent, Path.Combine(dir.Path, "rerun"), ["pingpong", "-transports", "tcp,udp", "-duration", "0.5", "-warmup", "0"], TimeSpan.FromMinutes(1));
        Assert.True(rerun.ExitCode == 0, $"exit {rerun.ExitCode}: {rerun.StdErr}");
        Assert.True(killedAt.Elapsed < TimeSpan.FromSeconds(30), $"the rerun took {killedAt.Elapsed.TotalSeconds:0} s after the kill");
        Assert.All(OnlyRun(Path.Combine(dir.Path, "rerun")).Transports, t => Assert.Equal(TransportStatus.Ok, t.Status));
        Assert.Empty(await DataListenersAsync(agent));
    }

    [SkippableFact]
    public async Task A_wrong_token_is_one_line_and_a_failing_exit_code_and_leaves_no_run_folder()
    {
        Skip.IfNot(Environment.UserName == "root", "network namespaces need root");
        using var dir = new TempDirectory();
        await using var agent = await StartAgentAsync(dir.Path);
        var wrong = await ClientAsync(agent, dir.Path, ["pingpong", "-transports", "tcp", "-duration", "0.5"], TimeSpan.FromMinutes(1), token: "not-the-token-but-long-enough");
        Assert.Equal(1, wrong.ExitCode);
        Assert.Equal($"error: agent {agent.At} does not know the token: wrong token, or not our agent", wrong.StdErr.Trim());
        Assert.False(Directory.Exists(dir.Path) && Directory.GetFiles(dir.Path, "results.json", SearchOption.AllDirectories).Length > 0);
        var right = await ClientAsync(agent, dir.Path, ["pingpong", "-transports", "tcp", "-duration", "0.5", "-warmup", "0"], TimeSpan.FromMinutes(1));
        Assert.True(right.ExitCode == 0, $"exit {right.ExitCode}: {right.StdErr}");
    }
}
