using System.Net;
using System.Text.Json.Nodes;
using Transports.Abstractions;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Tests.Support;

/// <summary>
/// A server side that behaves like a two-host agent, in this process on loopback: it learns the run only from the
/// client's recorded parameters (<see cref="IScenario.ReadPlan"/> + <see cref="IScenario.PrepareServerAsync"/>), counts its
/// own <see cref="Progress"/>, and its clock reads <paramref name="clockOffsetTicks"/> ahead of the client's: every
/// <c>…ServerTicks</c> member of the report is shifted by it, and <see cref="ServerSession.Clock"/> says so, so a
/// server timestamp the client forgets to convert is off by the offset.
/// </summary>
public sealed class DetachedServerSide(long clockOffsetTicks) : IServerSide
{
    /// <summary>The server role's own progress (the agent's; the client cannot see it).</summary>
    public TransferProgress Progress { get; } = new();

    /// <summary>The plan the server side prepared for the last run.</summary>
    public ScenarioPlan? Plan { get; private set; }

    /// <inheritdoc />
    public string Description => "a detached server side (test)";

    /// <inheritdoc />
    public async Task<ServerSession> OpenAsync(IScenario scenario, ScenarioContext context, StreamDirection direction, CancellationToken cancellationToken)
    {
        var plan = await scenario.PrepareServerAsync(scenario.ReadPlan(context.Plan.Parameters), cancellationToken);
        Plan = plan;
        var variant = plan.Variants.Single(v => v.Label == context.Variant.Label);
        var listener = await context.Transport.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), cancellationToken);
        ServerRoleContext RoleFor(ITransportConnection connection) => new()
        {
            Connection = connection,
            Plan = plan,
            Variant = variant,
            Direction = direction,
            IsWarmup = context.IsWarmup,
            ClockOffsetTicks = clockOffsetTicks,
            Progress = Progress,
        };
        return new Session(listener, scenario, RoleFor, clockOffsetTicks);
    }

    private sealed class Session : ServerSession
    {
        private readonly ITransportListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private readonly long _offset;
        private ITransportConnection? _connection;

        public Session(ITransportListener listener, IScenario scenario, Func<ITransportConnection, ServerRoleContext> roleFor, long offset)
        {
            _listener = listener;
            _offset = offset;
            Report = Task.Run(() => ServeAsync(scenario, roleFor), CancellationToken.None);
        }

        public override IPEndPoint EndPoint => _listener.LocalEndPoint;

        public override Task<ServerReport> Report { get; }

        public override (long OffsetTicks, long UncertaintyTicks) Clock => (_offset, 0);

        private async Task<ServerReport> ServeAsync(IScenario scenario, Func<ITransportConnection, ServerRoleContext> roleFor)
        {
            var connection = await _listener.AcceptAsync(_stop.Token);
            Volatile.Write(ref _connection, connection);
            var report = await scenario.ServeAsync(roleFor(connection), _stop.Token);
            // As over the control channel: the report crosses as JSON text, read on the server's clock.
            var node = JsonNode.Parse(report.Data.ValueKind == System.Text.Json.JsonValueKind.Undefined ? "null" : report.Data.GetRawText());
            Shift(node, _offset);
            return new ServerReport(System.Text.Json.JsonSerializer.SerializeToElement(node), report.Cost);
        }

        /// <summary>Adds <paramref name="offset"/> to every nonzero number in a member named <c>…ServerTicks</c>.</summary>
        private static void Shift(JsonNode? node, long offset)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (name, value) in o.ToList())
                    {
                        if (name.EndsWith("ServerTicks", StringComparison.Ordinal) && value is JsonValue v && v.GetValue<long>() != 0)
                            o[name] = v.GetValue<long>() + offset;
                        else Shift(value, offset);
                    }
                    break;
                case JsonArray a:
                    foreach (var item in a) Shift(item, offset);
                    break;
            }
        }

        public override void Abort() => Volatile.Read(ref _connection)?.Abort();

        public override async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try
            {
                await Report;
            }
            catch (Exception)
            {
                // the run is over: a failure the client needed to see came through Report already
            }
            if (Volatile.Read(ref _connection) is { } connection) await ClientRun.SafeDisposeAsync(connection);
            await ClientRun.SafeDisposeAsync(_listener);
            _stop.Dispose();
        }
    }
}
