using System.Net;
using Transports.Abstractions;
using Transports.Abstractions.Tls;
using Transports.Remote.Agent;
using Transports.Remote.Control;
using Transports.Results;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Harness.Remote;

/// <summary>
/// The server side of one transport on the agent of a two-host run: each run opens a run on the agent
/// (<see cref="RemoteRunSession"/>); what the agent reports besides the scenario's findings (its process's cost, the
/// connections its listeners refused) is kept here for the transport's result. Disposing closes the agent's transport.
/// </summary>
public sealed class RemoteServerSide : IServerSide, IAsyncDisposable
{
    /// <summary>Added to the client's per-run timeout for the agent's deadline per run (set-up and teardown on both sides).</summary>
    public static readonly TimeSpan DeadlineGrace = TimeSpan.FromSeconds(30);

    private readonly AgentClient _client;
    private readonly RemoteAgent _agent;
    private readonly TimeSpan _runTimeout;
    private readonly List<RefusedPeerRecord> _refused = [];
    private long _refusedCount;
    private Cost? _lastCost;

    internal RemoteServerSide(AgentClient client, RemoteAgent agent, string certificatePinHex, TimeSpan runTimeout)
    {
        _client = client;
        _agent = agent;
        _runTimeout = runTimeout;
        CertificatePin = Transports.Abstractions.Tls.CertificatePin.FromSha256(Convert.FromHexString(certificatePinHex));
    }

    /// <summary>The pin of the agent's certificate: the client transport accepts exactly it.</summary>
    public CertificatePin CertificatePin { get; }

    /// <inheritdoc />
    public string Description => $"agent {_agent.Endpoint}";

    /// <inheritdoc />
    public async Task<ServerSession> OpenAsync(IScenario scenario, ScenarioContext context, StreamDirection direction, CancellationToken cancellationToken)
    {
        int variant = IndexOf(context.Plan.Variants, context.Variant);
        context.Progress.RelayInterval = RunProgress.Interval;
        var outcome = _client.ExpectRunOutcome(ProgressInto(context.Progress));
        var open = new RunOpen(variant, direction.ToString(), context.IsWarmup, (long)Math.Round(_agent.Clock.OffsetNs),
            (long)(_runTimeout + DeadlineGrace).TotalMilliseconds);
        ControlMessage answer;
        try
        {
            (answer, _) = await _client.RequestAsync(open, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        }
        catch (ControlProtocolException e)
        {
            throw new TransportException(TransportError.ConnectionReset, $"the session with the agent failed: {e.Message}");
        }
        return answer switch
        {
            RunListening listening => new RemoteRunSession(this, _client, new IPEndPoint(_agent.Endpoint.Address, listening.Port), outcome, _agent.Clock),
            Failed failed => throw new TransportException(TransportError.ProtocolError, $"the agent cannot start the run: {failed.Error}"),
            _ => throw new TransportException(TransportError.ProtocolError, $"the agent answered run_open with {answer.GetType().Name}"),
        };
    }

    /// <summary>Adds the agent role's progress to the client's counters, as the role does in one process (the stall
    /// detector and the display then see the receiving side wherever it runs).</summary>
    private static Action<RunProgress> ProgressInto(TransferProgress progress)
    {
        long units = 0, heartbeats = 0;
        return p =>
        {
            if (p.CompletedUnits > units) progress.Add(p.CompletedUnits - units);
            for (long i = heartbeats; i < Math.Min(p.Heartbeats, heartbeats + 1); i++) progress.Heartbeat(); // one is movement enough
            (units, heartbeats) = (Math.Max(units, p.CompletedUnits), Math.Max(heartbeats, p.Heartbeats));
        };
    }

    private static int IndexOf(IReadOnlyList<ScenarioVariant> variants, ScenarioVariant variant)
    {
        for (int i = 0; i < variants.Count; i++)
            if (ReferenceEquals(variants[i], variant) || variants[i].Equals(variant)) return i;
        throw new ArgumentException($"variant {variant.Label} is not one of the plan's", nameof(variant));
    }

    internal void Record(Cost? cost) => Volatile.Write(ref _lastCost, cost);

    internal void Record(RunClosed closed)
    {
        lock (_refused)
        {
            _refused.AddRange(closed.RefusedPeers);
            _refusedCount += closed.RefusedCount;
        }
    }

    /// <summary>The agent's cost of the last run that reported one, and forgets it (null when none did).</summary>
    public Cost? TakeServerCost() => Interlocked.Exchange(ref _lastCost, null);

    /// <summary>Every connection the agent's listeners refused so far, and the total count.</summary>
    public (IReadOnlyList<RefusedPeerRecord> Kept, long Count) Refusals()
    {
        lock (_refused) return ([.. _refused], _refusedCount);
    }

    /// <summary>Closes the agent's transport (bounded); never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _client.RequestAsync(new TransportClose(), TimeSpan.FromSeconds(15), quick.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ControlProtocolException or OperationCanceledException)
        {
            // the session is gone: the agent tears the transport down with it
        }
    }
}
