using System.Net;
using System.Net.Sockets;
using Transports.Remote.Agent;
using Transports.Remote.Control;
using Xunit;

using Transports.Tests.Support;

namespace Transports.Tests.Remote;

/// <summary>The agent never wedges: after each kind of bad client, the next good one is served at once.</summary>
public sealed class ControlAgentTests : IAsyncLifetime
{
    private const string Token = "0123456789abcdef-test-token";
    private static readonly AgentOptions Quick = new(TimeSpan.FromMilliseconds(800), TimeSpan.FromSeconds(2));
    private readonly AgentLog _log = new();

    private List<string> Log() => _log.Lines();

    private ControlAgent _agent = null!;
    private readonly CancellationTokenSource _stop = new();
    private Task _running = Task.CompletedTask;

    public Task InitializeAsync()
    {
        _agent = new ControlAgent(new IPEndPoint(IPAddress.Loopback, 0), Token, Quick, "test", _log.Add);
        _running = _agent.RunAsync(_stop.Token);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _stop.Cancel();
        await _agent.DisposeAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(5));
    }

    private Task<AgentClient> Connect(string token = Token)
        => AgentClient.ConnectAsync(_agent.LocalEndPoint, token, "test", TimeSpan.FromSeconds(3), CancellationToken.None);

    private async Task AssertServedAsync()
    {
        await using var client = await Connect();
        var offset = await client.ProbeClockAsync(8, CancellationToken.None);
        Assert.Equal("test", client.AgentVersion);
        Assert.InRange(Math.Abs(offset.OffsetNs), 0, offset.UncertaintyNs + 1); // one machine, one monotonic clock
    }

    [Fact]
    public async Task A_client_with_the_token_gets_a_session_and_a_clock_offset_within_its_uncertainty()
        => await AssertServedAsync();

    [Fact]
    public async Task A_wrong_token_is_refused_and_the_agent_goes_on()
    {
        var e = await Assert.ThrowsAsync<ControlProtocolException>(() => Connect("another-token-of-enough-bytes"));
        Assert.Contains("does not know the token", e.Message);
        await AssertServedAsync();
    }

    [Fact]
    public async Task A_second_client_is_told_who_holds_the_agent_and_gets_it_once_released()
    {
        await using (var first = await Connect())
        {
            var e = await Assert.ThrowsAsync<ControlProtocolException>(() => Connect());
            Assert.Contains("is busy: held by 127.0.0.1:", e.Message);
        }
        await AssertServedAsync();
    }

    [Fact]
    public async Task A_silent_connection_is_dropped_at_the_handshake_deadline_without_blocking_others()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(_agent.LocalEndPoint);
        await AssertServedAsync(); // served while the silent one is still connected
        var buffer = new byte[256];
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        int n;
        do n = await silent.ReceiveAsync(buffer, SocketFlags.None, wait.Token); while (n > 0); // the agent closes it
        Assert.Contains(Log(), l => l.Contains("no complete control message within 0.8 s"));
    }

    [Fact]
    public async Task A_client_silent_after_its_hello_is_dropped_at_the_handshake_deadline_named_as_such()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await silent.ConnectAsync(_agent.LocalEndPoint);
        await using var stream = new NetworkStream(silent, ownsSocket: false);
        await ControlFrame.WriteAsync(stream, new Hello(ControlProtocol.Version, "test", ChallengeAuth.NewNonce()), CancellationToken.None);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        Assert.IsType<Challenge>(await ControlFrame.ReadAsync(stream, TimeSpan.FromSeconds(5), wait.Token)); // then no proof
        var buffer = new byte[256];
        int n;
        do n = await silent.ReceiveAsync(buffer, SocketFlags.None, wait.Token); while (n > 0); // the agent closes it
        // the error names the handshake's limit, not the few milliseconds left for its last read
        Assert.Contains(Log(), l => l.Contains("no complete control message within 0.8 s (the handshake's time limit)"));
        await AssertServedAsync();
    }

    [Fact]
    public async Task A_client_that_vanishes_mid_session_releases_the_agent()
    {
        var client = await Connect();
        // Simulate SIGKILL: the socket is reset without a bye.
        var socketField = typeof(AgentClient).GetField("_socket", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        var socket = (Socket)socketField.GetValue(client)!;
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (true)
        {
            try
            {
                await AssertServedAsync();
                break;
            }
            catch (ControlProtocolException e) when (e.Message.Contains("busy") && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    [Fact]
    public async Task A_silent_session_ends_at_the_idle_timeout_and_releases_the_agent()
    {
        await using var idle = await Connect();
        await Task.Delay(Quick.IdleTimeout + TimeSpan.FromMilliseconds(700));
        await AssertServedAsync();
        Assert.Contains(Log(), l => l.Contains("no complete control message within 2 s"));
    }

    [Fact]
    public async Task Garbage_gets_a_refusal_and_the_agent_goes_on()
    {
        using (var rude = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await rude.ConnectAsync(_agent.LocalEndPoint);
            await rude.SendAsync("GET / HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray(), SocketFlags.None);
            var buffer = new byte[4096];
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            int total = 0, n;
            while ((n = await rude.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, wait.Token)) > 0) total += n;
            var refusal = ControlFrame.Parse(buffer.AsSpan(4, total - 4));
            Assert.IsType<Refused>(refusal);
        }
        await AssertServedAsync();
    }

    [Fact]
    public void An_agent_reachable_from_the_network_refuses_to_start_without_a_real_token()
    {
        var e = Assert.Throws<ArgumentException>(() => new ControlAgent(new IPEndPoint(IPAddress.Any, 0), "", Quick, "test", _ => { }));
        Assert.Contains("needs a token of at least 16 bytes", e.Message);
    }
}
