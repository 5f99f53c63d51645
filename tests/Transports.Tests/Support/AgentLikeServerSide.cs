using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Tests.Support;

/// <summary>
/// A test-only server side that behaves like a two-host agent while staying in this process: it learns the run from the
/// plan's recorded parameters (<see cref="IScenario.ReadPlan"/> of a JSON copy, then <see cref="IScenario.PrepareServerAsync"/>),
/// counts progress of its own (<see cref="Progress"/>), hands the client the report as JSON read back from text, and runs
/// on a clock <paramref name="clockOffsetTicks"/> ahead of the client's: the server role's clock
/// (<see cref="ServerRoleContext.NowTicks"/>) is shifted by it, and both the role (<see cref="ServerRoleContext.ClockOffsetTicks"/>)
/// and the session (<see cref="ServerSession.Clock"/>) are told the same offset, as the agent's clock probes would.
/// </summary>
/// <param name="scenario">The scenario served (the client's scenario must have the same name).</param>
/// <param name="parameters">The client's <see cref="ScenarioPlan.Parameters"/>.</param>
/// <param name="clockOffsetTicks">Server clock minus client clock, Stopwatch ticks.</param>
public sealed class AgentLikeServerSide(IScenario scenario, JsonObject parameters, long clockOffsetTicks) : IServerSide
{
    /// <inheritdoc />
    public string Description => "agent-like server side (this process)";

    /// <summary>The progress of the last session's server role (not the client's).</summary>
    public TransferProgress Progress { get; private set; } = new();

    /// <inheritdoc />
    public async Task<ServerSession> OpenAsync(IScenario runScenario, ScenarioContext context, StreamDirection direction, CancellationToken cancellationToken)
    {
        if (runScenario.Name != scenario.Name) throw new ArgumentException($"this server side serves {scenario.Name}, not {runScenario.Name}", nameof(runScenario));
        var received = (JsonObject)JsonNode.Parse(parameters.ToJsonString())!; // as it crosses the control channel
        var plan = await scenario.PrepareServerAsync(scenario.ReadPlan(received), cancellationToken);
        int index = -1;
        for (int i = 0; i < context.Plan.Variants.Count; i++)
            if (ReferenceEquals(context.Plan.Variants[i], context.Variant)) index = i;
        if (index < 0 || index >= plan.Variants.Count) throw new ArgumentException("the client's variant is not in its plan", nameof(context));
        Progress = new TransferProgress();
        var role = new ServerRoleContextTemplate(plan, plan.Variants[index], direction, context.IsWarmup, Progress);
        var listener = await context.Transport.ListenAsync(context.ListenEndPoint, cancellationToken);
        return new Session(listener, scenario, role, clockOffsetTicks);
    }

    private sealed record ServerRoleContextTemplate(ScenarioPlan Plan, ScenarioVariant Variant, StreamDirection Direction, bool IsWarmup, TransferProgress Progress);

    private sealed class Session : ServerSession
    {
        private readonly ITransportListener _listener;
        private readonly long _offset;
        private readonly CancellationTokenSource _stop = new();
        private ITransportConnection? _connection;
        private int _disposed;

        public Session(ITransportListener listener, IScenario scenario, ServerRoleContextTemplate role, long offset)
        {
            _listener = listener;
            _offset = offset;
            Report = Task.Run(() => ServeAsync(scenario, role), CancellationToken.None);
        }

        public override IPEndPoint EndPoint => _listener.LocalEndPoint;

        public override Task<ServerReport> Report { get; }

        public override (long OffsetTicks, long UncertaintyTicks) Clock => (_offset, 0);

        private async Task<ServerReport> ServeAsync(IScenario scenario, ServerRoleContextTemplate role)
        {
            var connection = await _listener.AcceptAsync(_stop.Token);
            Volatile.Write(ref _connection, connection);
            if (_stop.IsCancellationRequested) connection.Abort();
            long offset = _offset;
            var report = await scenario.ServeAsync(new ServerRoleContext
            {
                Connection = connection,
                Listener = _listener,
                Plan = role.Plan,
                Variant = role.Variant,
                Direction = role.Direction,
                IsWarmup = role.IsWarmup,
                Progress = role.Progress,
                ClockOffsetTicks = offset,
                NowTicks = () => MonotonicClock.NowTicks() + offset,
            }, _stop.Token);
            // As text, the way it crosses the control channel.
            return report.Data.ValueKind == JsonValueKind.Undefined
                ? report
                : new ServerReport(JsonDocument.Parse(report.Data.GetRawText()).RootElement.Clone(), report.Cost);
        }

        public override void Abort() => Volatile.Read(ref _connection)?.Abort();

        public override async ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
            _stop.Cancel();
            try
            {
                await Report;
            }
            catch (Exception e) when (e is TransportException or OperationCanceledException or IntegrityException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // the client reads the failure through Report
            }
            if (Volatile.Read(ref _connection) is { } connection) await ClientRun.SafeDisposeAsync(connection);
            await ClientRun.SafeDisposeAsync(_listener);
            _stop.Dispose();
        }
    }
}
