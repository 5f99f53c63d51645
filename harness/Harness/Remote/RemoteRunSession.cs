using System.Net;
using System.Text.Json;
using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Remote.Agent;
using Transports.Remote.Clock;
using Transports.Remote.Control;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Harness.Remote;

/// <summary>
/// One run's server side on the agent, as the client role sees it: the agent's data endpoint, the server role's report
/// (run_report; run_failed becomes the failure the agent named, prefixed "on the agent"), and the clock offset of the
/// session. Disposing closes the run on the agent (run_close → run_closed: its listener and connection are gone).
/// </summary>
internal sealed class RemoteRunSession : ServerSession
{
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(20);

    private readonly RemoteServerSide _side;
    private readonly AgentClient _client;
    private readonly (long, long) _clock;
    private int _closed;

    public RemoteRunSession(RemoteServerSide side, AgentClient client, IPEndPoint endPoint, Task<ControlMessage> outcome, ClockOffset clock)
    {
        _side = side;
        _client = client;
        EndPoint = endPoint;
        _clock = (NsToTicks(clock.OffsetNs), NsToTicks(clock.UncertaintyNs));
        Report = ReportAsync(outcome);
    }

    public override IPEndPoint EndPoint { get; }

    public override Task<ServerReport> Report { get; }

    public override (long OffsetTicks, long UncertaintyTicks) Clock => _clock;

    private static long NsToTicks(double ns) => (long)Math.Round(ns * (MonotonicClock.TicksPerSecond / 1e9));

    private async Task<ServerReport> ReportAsync(Task<ControlMessage> outcome)
    {
        ControlMessage message;
        try
        {
            message = await outcome.ConfigureAwait(false);
        }
        catch (ControlProtocolException e)
        {
            throw new TransportException(TransportError.ConnectionReset, $"the session with the agent ended: {e.Message}");
        }
        switch (message)
        {
            case RunReport report:
                _side.Record(report.Cost);
                return new ServerReport(report.Data.ValueKind == JsonValueKind.Null ? default : report.Data, report.Cost);
            case RunFailed failed:
                string text = $"on the agent: {failed.Error}";
                throw failed.Kind switch
                {
                    "integrity" => new IntegrityException(text),
                    "setup" => new ScenarioSetupException(text),
                    "transport" => new TransportException(Enum.TryParse<TransportError>(failed.TransportError, out var error) ? error : TransportError.ProtocolError, text),
                    _ => new TransportException(TransportError.ProtocolError, text),
                };
            default:
                throw new TransportException(TransportError.ProtocolError, $"the agent ended the run with {message.GetType().Name}");
        }
    }

    public override void Abort()
    {
        if (Volatile.Read(ref _closed) != 0) return;
        _ = _client.SendAsync(new RunAbort(), CancellationToken.None).ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        try
        {
            var (answer, _) = await _client.RequestAsync(new RunClose(), CloseTimeout, CancellationToken.None).ConfigureAwait(false);
            if (answer is RunClosed closed) _side.Record(closed);
        }
        catch (ControlProtocolException)
        {
            // the session is gone: the agent tears the run down with it
        }
        try
        {
            await Report.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false); // the outcome comes before run_closed; observe it
        }
        catch (Exception e) when (e is TransportException or IntegrityException or ScenarioSetupException or TimeoutException)
        {
            // a failure the client needed came through Report already
        }
    }
}
