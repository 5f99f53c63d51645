using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Results;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// One bigfile transfer as the client role runs it: the run (server side + client connection), the input (and its open
/// reader when the client sends, or compares datagram payloads), the client's sink when it receives, the sink handed to
/// a server role in this process, and the running measured interval.
/// </summary>
internal sealed record Transfer(ClientRun Run, BigFileInput Input, InputReader? Source, BigFileSettings Settings, ReceiveSink? Sink,
    LocalHandover? Handover, MeasuredInterval Interval, long IntervalStartTicks, ScenarioContext Context, bool ServerIsRemote)
{
    /// <summary>True when the client sends (upload), false when the server does (download).</summary>
    public bool Upload => Settings.Direction == TransferDirection.Upload;

    /// <summary>The client connection.</summary>
    public ITransportConnection Client => Run.Client;

    /// <summary>Counts sent bytes into the client's progress when the server receives out of its sight (another process).</summary>
    public TransferProgress? SentProgress => ServerIsRemote ? Context.Progress : null;

    /// <summary>
    /// Runs the client's part; on its failure aborts the client connection (so the server role ends at once) after
    /// <see cref="ClientRun.RunAsync{T}"/> had its say on whose failure it was.
    /// </summary>
    public async Task<T> ClientPartAsync<T>(Func<Task<T>> part)
    {
        try
        {
            return await Run.RunAsync(part).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not IntegrityException && Run.Server.Report is { IsFaulted: true, Exception: { } server })
        {
            // The server role failed first and its abort of the client connection caused this (on tcp a shutdown of the
            // aborted socket is an ObjectDisposedException, which ClientRun.RunAsync does not map): report the cause.
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(server.InnerExceptions[0]);
            throw;
        }
        catch
        {
            Client.Abort();
            throw;
        }
    }

    /// <summary>
    /// Waits until the receiving server role has everything: in one process its handover signal (before it hashes, so the
    /// measured interval ends where it always did); else its report.
    /// </summary>
    public async Task WaitForServerReceiverAsync(CancellationToken cancellationToken)
    {
        var report = Run.Server.Report;
        Task ended = Handover is null ? report : Task.WhenAny(Handover.ReceiveEnded.Task, report);
        await Task.WhenAny(ended).WaitAsync(cancellationToken).ConfigureAwait(false); // its failure is the report's to tell
    }

    /// <summary>The server role's report.</summary>
    /// <exception cref="Exception">The server role's failure.</exception>
    /// <exception cref="IntegrityException">The report is missing or malformed.</exception>
    public async Task<BigFileServerReport> ReportAsync() => (await Run.ReportAsync().ConfigureAwait(false)).Read<BigFileServerReport>();

    /// <summary>A server clock reading on the client's clock; 0 (none) stays 0.</summary>
    public long ClientTicks(long serverTicks) => serverTicks == 0 ? 0 : Run.Server.ToClientTicks(serverTicks);

    /// <summary>
    /// Stops the measured interval. Its timeline samples the client's progress: delivered bytes in one process or when the
    /// client receives; when a server elsewhere receives, the client counted sent bytes, so the server's own timeline
    /// (from <paramref name="report"/>, moved to the interval's start) is the goodput timeline.
    /// </summary>
    public (Cost Cost, IReadOnlyList<TimelinePoint> Timeline) StopInterval(BigFileServerReport? report)
    {
        var (cost, points) = Interval.Stop(MonotonicClock.NowTicks());
        if (!(ServerIsRemote && Upload && report is not null)) return (cost, points);
        double shiftMs = MonotonicClock.TicksToMilliseconds(ClientTicks(report.TimelineStartServerTicks) - IntervalStartTicks);
        return (cost, report.Timeline.Select(p => p with { ElapsedMs = p.ElapsedMs + shiftMs }).ToList());
    }
}
