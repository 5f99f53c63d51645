using System.Net;
using System.Text.Json;
using Transports.Abstractions;
using Transports.Measure;
using Transports.Measure.Timing;
using Transports.Remote.Control;
using Transports.Results;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Remote.Agent;

/// <summary>
/// The agent's server side of one run: a listener on the control connection's local address (port 0), the one
/// connection of the run it accepts, and the scenario's server role on it. When the role ends, exactly one outcome
/// (<see cref="RunReport"/> with the agent process's cost, or <see cref="RunFailed"/>) is written unasked, after the
/// role's progress (<see cref="RunProgress"/>, every 500 ms while it moves). The run is
/// bounded by the deadline the client sent; <see cref="StopAsync"/> (run_close, transport_close, the session's end, the
/// deadline) stops the role and always disposes the connection and the listener.
/// </summary>
internal sealed class HostedRun
{
    private static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProgressInterval = RunProgress.Interval;

    private readonly ITransportListener _listener;
    private readonly HostedTransport _transport;
    private readonly RunOpen _request;
    private readonly ScenarioVariant _variant;
    private readonly StreamDirection _direction;
    private readonly Func<ControlMessage, Task> _send;
    private readonly CostMeter _meter;
    private readonly CancellationTokenSource _stop = new();
    private readonly CancellationTokenSource _deadline;
    private readonly TransferProgress _progress = new();
    private readonly Task _outcome;
    private readonly Lazy<Task<RunClosed>> _stopped;
    private readonly Timer _ticker;
    private (long Units, long Heartbeats) _reported;
    private ITransportConnection? _connection;
    private int _outcomeSent;
    private volatile bool _deadlinePassed;

    private HostedRun(ITransportListener listener, HostedTransport transport, RunOpen request, ScenarioVariant variant, StreamDirection direction,
        Func<ControlMessage, Task> send, CostMeter meter)
    {
        _listener = listener;
        _transport = transport;
        _request = request;
        _variant = variant;
        _direction = direction;
        _send = send;
        _meter = meter;
        _stopped = new Lazy<Task<RunClosed>>(StopOnceAsync);
        _ticker = new Timer(_ => ReportProgress(), null, ProgressInterval, ProgressInterval);
        _outcome = Task.Run(RoleAndReportAsync, CancellationToken.None);
        _deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(request.DeadlineMs));
        _deadline.Token.Register(() =>
        {
            _deadlinePassed = true;
            _ = StopAsync();
        });
    }

    /// <summary>The data port.</summary>
    public int Port => _listener.LocalEndPoint.Port;

    /// <summary>Starts listening for the run.</summary>
    /// <param name="transport">The open transport.</param>
    /// <param name="request">The client's run_open.</param>
    /// <param name="address">The control connection's local address: where the client reached this host.</param>
    /// <param name="send">Writes a message on the control connection (serialized).</param>
    /// <param name="cancellationToken">Cancels the listen.</param>
    /// <exception cref="AgentRequestException">A bad variant, direction or deadline, or the listen failed.</exception>
    public static async Task<HostedRun> StartAsync(HostedTransport transport, RunOpen request, IPAddress address, Func<ControlMessage, Task> send, CancellationToken cancellationToken)
    {
        if (request.VariantIndex < 0 || request.VariantIndex >= transport.Plan.Variants.Count)
            throw new AgentRequestException("protocol", $"variant_index {request.VariantIndex} is not one of the plan's {transport.Plan.Variants.Count} variants");
        if (!Enum.TryParse<StreamDirection>(request.Direction, ignoreCase: false, out var direction) || !Enum.IsDefined(direction))
            throw new AgentRequestException("protocol", $"direction '{request.Direction}' is not one of {string.Join(", ", Enum.GetNames<StreamDirection>())}");
        if (request.DeadlineMs is < 1 or > 7L * 24 * 3600 * 1000)
            throw new AgentRequestException("protocol", $"deadline_ms {request.DeadlineMs} is not 1 ms .. 7 days");
        var meter = CostMeter.Start();
        ITransportListener listener;
        try
        {
            listener = await transport.Transport.ListenAsync(new IPEndPoint(address, 0), cancellationToken).ConfigureAwait(false);
        }
        catch (TransportException e)
        {
            throw new AgentRequestException("transport", $"the agent cannot listen on {address}: {OneLine.Of(e)}");
        }
        return new HostedRun(listener, transport, request, transport.Plan.Variants[request.VariantIndex], direction, send, meter);
    }

    private async Task RoleAndReportAsync()
    {
        ControlMessage outcome;
        try
        {
            var connection = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            Volatile.Write(ref _connection, connection);
            if (_stop.IsCancellationRequested) connection.Abort(); // stopped while accepting
            var report = await _transport.Scenario.ServeAsync(new ServerRoleContext
            {
                Connection = connection,
                Listener = _listener,
                Plan = _transport.Plan,
                Variant = _variant,
                Direction = _direction,
                IsWarmup = _request.Warmup,
                ClockOffsetTicks = (long)Math.Round(_request.ClockOffsetNs * (MonotonicClock.TicksPerSecond / 1e9)),
                Progress = _progress,
            }, _stop.Token).ConfigureAwait(false);
            var cost = _meter.Stop(_progress.Unit == "B" ? _progress.CompletedUnits : 0);
            outcome = new RunReport(report.Data.ValueKind == JsonValueKind.Undefined ? JsonDocument.Parse("null").RootElement : report.Data, cost);
        }
        catch (Exception e)
        {
            outcome = _deadlinePassed
                ? new RunFailed("other", $"the run passed its deadline of {_request.DeadlineMs / 1000.0:0.#} s on the agent")
                : Failure(e);
        }
        await SendOutcomeAsync(outcome).ConfigureAwait(false);
    }

    private void ReportProgress()
    {
        var now = (_progress.CompletedUnits, _progress.Heartbeats);
        if (now == _reported || Volatile.Read(ref _outcomeSent) != 0) return;
        _reported = now;
        _ = _send(new RunProgress(now.CompletedUnits, now.Heartbeats)).ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }

    private async Task SendOutcomeAsync(ControlMessage outcome)
    {
        if (Interlocked.Exchange(ref _outcomeSent, 1) != 0) return;
        await _ticker.DisposeAsync().ConfigureAwait(false);
        try
        {
            try
            {
                await _send(outcome).ConfigureAwait(false);
            }
            catch (ControlProtocolException e) // too large for a frame: nothing was written
            {
                await _send(new RunFailed("other", $"the server's report cannot be sent: {e.Message}")).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or ControlProtocolException)
        {
            // the client is gone: the session's end stops this run
        }
    }

    private static RunFailed Failure(Exception e) => e switch
    {
        TransportException t => new RunFailed("transport", OneLine.Of(t), t.Error.ToString()),
        IntegrityException => new RunFailed("integrity", OneLine.Of(e)),
        ScenarioSetupException => new RunFailed("setup", OneLine.Of(e)),
        OperationCanceledException => new RunFailed("other", "the run was stopped before the server role ended"),
        _ => new RunFailed("other", $"{e.GetType().Name}: {OneLine.Of(e)}"),
    };

    /// <summary>Resets the run's connection (run_abort).</summary>
    public void Abort() => Volatile.Read(ref _connection)?.Abort();

    /// <summary>Stops the role, waits (bounded) for its outcome to be written, closes connection and listener. Idempotent.</summary>
    /// <returns>The listener's refusals, for run_closed.</returns>
    public Task<RunClosed> StopAsync() => _stopped.Value;

    private async Task<RunClosed> StopOnceAsync()
    {
        await Task.Yield(); // never run the teardown inline on a timer or on the caller's lock
        _stop.Cancel();
        if (await Task.WhenAny(_outcome, Task.Delay(StopGrace)).ConfigureAwait(false) != _outcome)
        {
            Abort(); // a role that ignores cancellation: its connection goes
            if (await Task.WhenAny(_outcome, Task.Delay(StopGrace)).ConfigureAwait(false) != _outcome)
                await SendOutcomeAsync(new RunFailed("other", $"the server role did not stop within {2 * StopGrace.TotalSeconds:0} s")).ConfigureAwait(false);
        }
        if (Volatile.Read(ref _connection) is { } connection) await ClientRun.SafeDisposeAsync(connection).ConfigureAwait(false);
        await ClientRun.SafeDisposeAsync(_listener).ConfigureAwait(false);
        _deadline.Dispose();
        await _ticker.DisposeAsync().ConfigureAwait(false);
        var refused = _listener.Refused.OrderBy(p => p.AtUtc).Select(p => new RefusedPeerRecord
        {
            Transport = p.Transport,
            Remote = p.Remote?.ToString(),
            Verdict = JsonNamingPolicy.CamelCase.ConvertName(p.Verdict.ToString()),
            AtUtc = p.AtUtc,
        }).ToList();
        return new RunClosed(refused, _listener.RefusedCount);
    }
}
