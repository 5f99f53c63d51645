using System.Reflection;
using System.Text.Json.Nodes;
using Transports.Remote.Agent;
using Transports.Remote.Clock;
using Transports.Remote.Control;
using Transports.Results;

namespace Transports.Harness.Remote;

/// <summary>
/// The client's session with the agent of a two-host run (<c>-server</c>): opened once per run, it learns the agent's
/// version and machine, the path to it and the clock offset (<see cref="ClockProbes"/> probes), then opens the server
/// side of each transport on the agent (<see cref="OpenTransportAsync"/>).
/// </summary>
public sealed class RemoteAgent : IAsyncDisposable
{
    /// <summary>Clock probes at the session's start (the minimum-delay filter keeps the best).</summary>
    public const int ClockProbes = 20;

    /// <summary>Longest the connect and handshake may take.</summary>
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    private readonly AgentClient _client;

    private RemoteAgent(AgentClient client, ClockOffset clock, RemoteInfo info)
    {
        _client = client;
        Clock = clock;
        Info = info;
    }

    /// <summary>The agent's clock minus this host's, with its uncertainty.</summary>
    public ClockOffset Clock { get; }

    /// <summary>What results.json records about the agent and the path (<c>run.remote</c>).</summary>
    public RemoteInfo Info { get; }

    /// <summary>The agent's control endpoint.</summary>
    public System.Net.IPEndPoint Endpoint => _client.Remote;

    /// <summary>Opens the session: authenticates, asks the agent about itself, probes the path and the clock.</summary>
    /// <param name="target">The agent and the token.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <exception cref="ControlProtocolException">Unreachable, busy, wrong token, another protocol version (one line).</exception>
    public static async Task<RemoteAgent> ConnectAsync(AgentTarget target, CancellationToken cancellationToken)
    {
        var version = typeof(RemoteAgent).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
        var client = await AgentClient.ConnectAsync(target.Endpoint, target.Token, version, ConnectTimeout, cancellationToken).ConfigureAwait(false);
        try
        {
            var (answer, _) = await client.RequestAsync(new AgentInfoRequest(), TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
            if (answer is not AgentInfo info) throw new ControlProtocolException($"agent {target}: expected its info, got {answer.GetType().Name}");
            var clock = await client.ProbeClockAsync(ClockProbes, cancellationToken).ConfigureAwait(false);
            var (device, mtu) = await PathProbe.ToAsync(target.Endpoint.Address, cancellationToken).ConfigureAwait(false);
            return new RemoteAgent(client, clock, new RemoteInfo
            {
                Agent = target.Endpoint.ToString(),
                AgentVersion = info.ToolVersion,
                AgentEnvironment = info.Environment,
                ClientInterface = device,
                PathMtuBytes = mtu,
                BaseRttMs = clock.BestDelayNs / 1e6,
                ClockOffsetMs = clock.OffsetNs / 1e6,
                ClockUncertaintyMs = clock.UncertaintyNs / 1e6,
                ClockProbes = clock.Samples,
            });
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens the server side of one transport on the agent.</summary>
    /// <param name="transport">The transport's name.</param>
    /// <param name="options">The run's raw option values (the agent's instance is made from the same).</param>
    /// <param name="membershipTokenHex">The run's membership token, made here.</param>
    /// <param name="scenario">The scenario's name.</param>
    /// <param name="parameters">The client's prepared plan.</param>
    /// <param name="runTimeout">The client's per-run timeout (the agent's deadline per run adds a grace to it).</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The server side, with the pin of the agent's certificate.</returns>
    /// <exception cref="RemoteRequestException">The agent refused (kind "unavailable": the transport cannot run there).</exception>
    /// <exception cref="ControlProtocolException">The session failed.</exception>
    public async Task<RemoteServerSide> OpenTransportAsync(string transport, IReadOnlyDictionary<string, string> options, string membershipTokenHex,
        string scenario, JsonObject parameters, TimeSpan runTimeout, CancellationToken cancellationToken)
    {
        var request = new TransportOpen(transport, new Dictionary<string, string>(options), membershipTokenHex, scenario, (JsonObject)parameters.DeepClone());
        // Preparing the plan on the agent may generate a test file: as long as one run may take.
        var (answer, _) = await _client.RequestAsync(request, runTimeout, cancellationToken).ConfigureAwait(false);
        return answer switch
        {
            TransportReady ready => new RemoteServerSide(_client, this, ready.CertificatePinHex, runTimeout),
            Failed failed => throw new RemoteRequestException(failed.Kind, $"agent {Endpoint}: {failed.Error}"),
            _ => throw new ControlProtocolException($"agent {Endpoint}: expected transport_ready, got {answer.GetType().Name}"),
        };
    }

    /// <summary>Ends the session (bye); the agent tears down whatever is still open.</summary>
    public ValueTask DisposeAsync() => _client.DisposeAsync();
}
