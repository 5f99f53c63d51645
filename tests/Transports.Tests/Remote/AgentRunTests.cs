using System.Net;
using System.Net.Sockets;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Harness.Catalog;
using Transports.Harness.Remote;
using Transports.Harness.Running;
using Transports.Remote.Agent;
using Transports.Remote.Control;
using Transports.Results;
using Transports.Scenarios.Core;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Remote;

/// <summary>
/// The agent hosting runs, in process on loopback (no root needed): the harness's runner against it end to end; bad
/// requests answered with one line while the session goes on; a run whose client never comes or vanishes is torn down,
/// its data listener closed, and the next client served at once.
/// </summary>
public sealed class AgentRunTests : IAsyncLifetime
{
    private const string Token = "0123456789abcdef-run-test-token";
    private static readonly AgentOptions Quick = new(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
    private readonly AgentLog _log = new();

    private List<string> Log() => _log.Lines();

    private readonly CancellationTokenSource _stop = new();
    private ControlAgent _agent = null!;
    private Task _running = Task.CompletedTask;

    public Task InitializeAsync()
    {
        _agent = new ControlAgent(new IPEndPoint(IPAddress.Loopback, 0), Token, Quick, "test", _log.Add, HarnessAgentCatalog.Instance);
        _running = _agent.RunAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        await _agent.DisposeAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private Task<AgentClient> Connect() => AgentClient.ConnectAsync(_agent.LocalEndPoint, Token, "test", TimeSpan.FromSeconds(3), CancellationToken.None);

    private static async Task<ControlMessage> Ask(AgentClient client, ControlMessage request)
        => (await client.RequestAsync(request, TimeSpan.FromSeconds(20), CancellationToken.None)).Answer;

    private static async Task<ScenarioPlan> PingPongPlanAsync()
        => await ScenarioCatalog.Find("pingpong")!.PrepareAsync(new OptionValues(new Dictionary<string, string> { ["duration"] = "0.3", ["message-size"] = "64,256" }), CancellationToken.None);

    private static TransportOpen OpenTcp(ScenarioPlan plan, string token = "00112233445566778899aabbccddeeff")
        => new("tcp", [], token, "pingpong", plan.Parameters);

    /// <summary>Nothing listens on <paramref name="port"/> any more (the teardown may still be finishing: 50 tries, 100 ms apart).</summary>
    private static async Task AssertClosedAsync(int port)
    {
        for (int i = 0; i < 50; i++)
        {
            using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await probe.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                // reached the listener while it was being closed: try again
            }
            await Task.Delay(100);
        }
        Assert.Fail($"port {port} still accepts connections 5 s after its run ended");
    }

    [Theory]
    [InlineData("pingpong")]
    [InlineData("datagrams")]
    public async Task The_runner_with_a_server_runs_a_scenario_on_the_agent_and_records_both_sides(string scenario)
    {
        using var dir = new TempDirectory();
        Environment.SetEnvironmentVariable("TRANSPORTS_CACHE", TempDirectory.Cache);
        var request = new RunRequest
        {
            Scenario = ScenarioCatalog.Find(scenario)!,
            Transports = [TransportCatalog.Find("tcp")!, TransportCatalog.Find("udp")!, TransportCatalog.Find("ws")!],
            Options = new OptionValues(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["duration"] = "0.3", ["message-size"] = "64" }),
            RawOptions = new Dictionary<string, string> { ["duration"] = "0.3", ["message-size"] = "64", ["tcp-nodelay"] = "true" },
            Warmups = 1,
            Repeats = 2,
            Timeout = TimeSpan.FromSeconds(60),
            ResultsRoot = dir.Path,
            LiveProgress = false,
            RenderCharts = false,
            Server = new AgentTarget(_agent.LocalEndPoint, Token),
        };
        var outcome = await new Runner(request, new Quiet()).RunAsync(CancellationToken.None);
        Assert.Equal(0, outcome.ExitCode);
        var remote = outcome.Document.Run.Remote!;
        Assert.Equal(_agent.LocalEndPoint.ToString(), remote.Agent);
        Assert.Equal("test", remote.AgentVersion);
        Assert.Equal("lo", remote.ClientInterface);
        Assert.InRange(Math.Abs(remote.ClockOffsetMs), 0, remote.ClockUncertaintyMs + 1e-6); // one machine, one clock
        foreach (var t in outcome.Document.Transports)
        {
            Assert.True(t.Status == TransportStatus.Ok, $"{t.Label}: {t.Error}");
            Assert.Equal(2, t.Repeats.Count);
            Assert.All(t.Repeats, m => Assert.True(m.ServerCost is { CpuSeconds: > 0 }, $"{t.Label}: no agent cost"));
        }
        Assert.Contains(Log(), l => l.Contains($"udp: open for {scenario}"));
        await using var next = await Connect(); // released at the run's end
    }

    [Fact]
    public async Task The_agent_roles_progress_reaches_the_clients_counters()
    {
        // datagrams: only the receiver (the server role, on the agent) counts delivered messages
        var scenario = ScenarioCatalog.Find("datagrams")!;
        var plan = await scenario.PrepareAsync(new OptionValues(new Dictionary<string, string> { ["duration"] = "1.2", ["message-size"] = "64", ["rate"] = "2000" }), CancellationToken.None);
        await using var agent = await RemoteAgent.ConnectAsync(new AgentTarget(_agent.LocalEndPoint, Token), CancellationToken.None);
        var membership = RunMembership.Create();
        await using var side = await agent.OpenTransportAsync("udp", new Dictionary<string, string>(), membership.TokenHex, "datagrams", plan.Parameters,
            TimeSpan.FromSeconds(60), CancellationToken.None);
        await using var transport = TransportCatalog.Find("udp")!.Create(OptionValues.Empty, new RunIdentity(membership, null, side.CertificatePin));
        var progress = new TransferProgress();
        var seen = new List<long>();
        using var sampler = new Timer(_ => { lock (seen) seen.Add(progress.CompletedUnits); }, null, 0, 100);
        var measurement = await scenario.RunAsync(new ScenarioContext
        {
            Transport = transport, ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0), Plan = plan, Variant = plan.Variants[0],
            Progress = progress, Server = side,
        }, CancellationToken.None);
        Assert.True(measurement.Throughput!.MessagesDelivered > 0);
        lock (seen) Assert.Contains(seen, units => units > 0 && units < measurement.Throughput.MessagesDelivered); // moved during the run, not only at its end
        Assert.NotNull(side.TakeServerCost());
    }

    [Fact]
    public async Task Bad_requests_get_one_line_failures_and_the_session_goes_on()
    {
        var plan = await PingPongPlanAsync();
        await using var client = await Connect();
        Assert.Equal(new Failed("protocol", "no transport is open (transport_open first)"), await Ask(client, new RunOpen(0, "Bidirectional", false, 0, 10_000)));
        var nothing = Assert.IsType<RunClosed>(await Ask(client, new RunClose()));
        Assert.Equal((0, 0L), (nothing.RefusedPeers.Count, nothing.RefusedCount));
        var unknown = Assert.IsType<Failed>(await Ask(client, new TransportOpen("carrier-pigeon", [], "00112233445566778899aabbccddeeff", "pingpong", plan.Parameters)));
        Assert.Equal(("unavailable", "the agent has no transport 'carrier-pigeon'"), (unknown.Kind, unknown.Error));
        Assert.Equal("protocol", Assert.IsType<Failed>(await Ask(client, OpenTcp(plan, token: "zz"))).Kind);
        var badPlan = (System.Text.Json.Nodes.JsonObject)plan.Parameters.DeepClone();
        badPlan["no_such_setting"] = 1;
        var setup = Assert.IsType<Failed>(await Ask(client, OpenTcp(plan) with { Parameters = badPlan }));
        Assert.Equal("setup", setup.Kind);
        Assert.DoesNotContain('\n', setup.Error);
        var ready = Assert.IsType<TransportReady>(await Ask(client, OpenTcp(plan)));
        Assert.Matches("^[0-9a-f]{64}$", ready.CertificatePinHex);
        Assert.Equal("protocol", Assert.IsType<Failed>(await Ask(client, OpenTcp(plan))).Kind); // one transport at a time
        Assert.Contains("variant_index 2", Assert.IsType<Failed>(await Ask(client, new RunOpen(2, "Bidirectional", false, 0, 10_000))).Error);
        Assert.Contains("direction 'Sideways'", Assert.IsType<Failed>(await Ask(client, new RunOpen(0, "Sideways", false, 0, 10_000))).Error);
        Assert.Contains("deadline_ms 0", Assert.IsType<Failed>(await Ask(client, new RunOpen(0, "Bidirectional", false, 0, 0))).Error);
        Assert.IsType<TransportClosed>(await Ask(client, new TransportClose()));
        var offset = await client.ProbeClockAsync(4, CancellationToken.None); // still served
        Assert.Equal(4, offset.Samples);
    }

    [Fact]
    public async Task A_run_whose_client_never_comes_fails_at_its_deadline_and_its_listener_is_gone()
    {
        var plan = await PingPongPlanAsync();
        await using var client = await Connect();
        Assert.IsType<TransportReady>(await Ask(client, OpenTcp(plan)));
        var outcome = client.ExpectRunOutcome();
        var listening = Assert.IsType<RunListening>(await Ask(client, new RunOpen(1, "Bidirectional", false, 0, 1000)));
        var failed = Assert.IsType<RunFailed>(await outcome.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("the run passed its deadline of 1 s on the agent", failed.Error);
        await AssertClosedAsync(listening.Port);
        Assert.IsType<RunClosed>(await Ask(client, new RunClose()));
        // the next run on the same transport works
        outcome = client.ExpectRunOutcome();
        Assert.IsType<RunListening>(await Ask(client, new RunOpen(0, "Bidirectional", false, 0, 10_000)));
        Assert.IsType<RunClosed>(await Ask(client, new RunClose()));
        Assert.IsType<RunFailed>(await outcome.WaitAsync(TimeSpan.FromSeconds(10))); // closed before a client came
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_run_tears_the_run_down_and_the_next_client_is_served()
    {
        var plan = await PingPongPlanAsync();
        var client = await Connect();
        var membership = RunMembership.Create();
        var ready = Assert.IsType<TransportReady>(await Ask(client, OpenTcp(plan, membership.TokenHex)));
        _ = client.ExpectRunOutcome();
        var listening = Assert.IsType<RunListening>(await Ask(client, new RunOpen(0, "Bidirectional", false, 0, 60_000)));
        var identity = new RunIdentity(membership, null, Transports.Abstractions.Tls.CertificatePin.FromSha256(Convert.FromHexString(ready.CertificatePinHex)));
        await using var transport = TransportCatalog.Find("tcp")!.Create(OptionValues.Empty, identity);
        await using var data = await transport.ConnectAsync(new IPEndPoint(IPAddress.Loopback, listening.Port), new ConnectOptions(StreamDirection.Bidirectional));
        var message = Payloads.Random(64, 3);
        await data.SendAsync(message);
        Assert.Equal(message, await Payloads.ReceiveExactlyAsync(data, 64, CancellationToken.None)); // the agent echoes: the run is going

        // SIGKILL of the client: the control socket is reset without bye, run_close or transport_close
        var socket = (Socket)typeof(AgentClient).GetField("_socket", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(client)!;
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                await using var next = await Connect();
                break;
            }
            catch (ControlProtocolException e) when (e.Message.Contains("busy") && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
        await AssertClosedAsync(listening.Port);
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await Payloads.ReceiveExactlyAsync(data, 1, wait.Token); // the run's connection is gone too
        });
    }

    private sealed class Quiet : IRunObserver
    {
        public void RunStarted(string label, string run, TransferProgress progress) { }
        public void TransportFinished(TransportResult result) { }
        public void Message(string message) { }
    }
}
