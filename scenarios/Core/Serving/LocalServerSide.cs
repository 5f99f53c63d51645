using System.Net;
using Transports.Abstractions;

namespace Transports.Scenarios.Core.Serving;

/// <summary>
/// The server side in this process: listens on <see cref="ScenarioContext.ListenEndPoint"/> with the run's own
/// transport, accepts the run's connection and runs the scenario's server role on it, beside the client role. Progress is
/// shared with the client's context, so the receiving side counts it whichever role receives.
/// </summary>
public sealed class LocalServerSide : IServerSide
{
    /// <summary>The one instance (stateless).</summary>
    public static LocalServerSide Instance { get; } = new();

    /// <inheritdoc />
    public string Description => "this process";

    /// <inheritdoc />
    public async Task<ServerSession> OpenAsync(IScenario scenario, ScenarioContext context, StreamDirection direction, CancellationToken cancellationToken)
    {
        var listener = await context.Transport.ListenAsync(context.ListenEndPoint, cancellationToken).ConfigureAwait(false);
        return new Session(listener, scenario, context, direction);
    }

    private sealed class Session : ServerSession
    {
        private readonly ITransportListener _listener;
        private readonly CancellationTokenSource _stop = new();
        private ITransportConnection? _connection;

        public Session(ITransportListener listener, IScenario scenario, ScenarioContext context, StreamDirection direction)
        {
            _listener = listener;
            Report = Task.Run(() => ServeAsync(scenario, context, direction), CancellationToken.None);
        }

        public override IPEndPoint EndPoint => _listener.LocalEndPoint;

        public override Task<ServerReport> Report { get; }

        private async Task<ServerReport> ServeAsync(IScenario scenario, ScenarioContext context, StreamDirection direction)
        {
            var connection = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            Volatile.Write(ref _connection, connection);
            if (_stop.IsCancellationRequested) connection.Abort(); // disposed while accepting
            return await scenario.ServeAsync(new ServerRoleContext
            {
                Connection = connection,
                Listener = _listener,
                Plan = context.Plan,
                Variant = context.Variant,
                Direction = direction,
                IsWarmup = context.IsWarmup,
                Progress = context.Progress,
            }, _stop.Token).ConfigureAwait(false);
        }

        public override void Abort() => Volatile.Read(ref _connection)?.Abort();

        public override async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            try
            {
                await Report.ConfigureAwait(false);
            }
            catch (Exception e) when (e is TransportException or OperationCanceledException or IntegrityException or IOException or ObjectDisposedException or InvalidOperationException)
            {
                // the run is over: a failure the client needed to see came through Report already
            }
            if (Volatile.Read(ref _connection) is { } connection) await ClientRun.SafeDisposeAsync(connection).ConfigureAwait(false);
            await ClientRun.SafeDisposeAsync(_listener).ConfigureAwait(false);
            _stop.Dispose();
        }
    }
}
