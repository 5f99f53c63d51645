using Transports.Measure.Timing;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.Messages;

/// <summary>
/// How a one-way message run over a transport that may lose every end marker ends without one: once nothing moved for
/// the loss timeout. Both sides keep a rule: the client ends the session when its progress has not moved for the loss
/// timeout after its sender finished (<see cref="ClientWaitAsync"/>); the server role stops its receive loop when no
/// message arrived for the loss timeout after the latest time the sender may still send (<see cref="ServerWatchAsync"/>,
/// a backstop for a client that never ends the session). Shared by datagrams and hol.
/// </summary>
internal static class IdleEnd
{
    /// <summary>
    /// Client side: waits for <paramref name="report"/>; ends the session (<see cref="ClientRun.DisposeAsync"/>: the server
    /// role's token is cancelled and it reports) once <paramref name="progress"/> has not moved for
    /// <paramref name="lossTimeoutMs"/> plus its <see cref="TransferProgress.RelayInterval"/> after the later of its last
    /// move and <paramref name="senderDoneTicks"/>. Without the relay interval, an agent's counts (sent every 500 ms)
    /// looked quiet 200 ms after the sender finished while messages still arrived, and a two-host or <c>-link</c> run
    /// ended early, counting what was still on its way (a queue in the sender, a link's queue) as lost.
    /// </summary>
    /// <param name="run">The run's session.</param>
    /// <param name="report">The server role's report.</param>
    /// <param name="progress">The client's progress (the receiving side's count, relayed by an agent).</param>
    /// <param name="senderDoneTicks">When the sender finished (Stopwatch ticks; 0 while it sends).</param>
    /// <param name="lossTimeoutMs">The quiet time, ms.</param>
    /// <param name="beforeEnding">Called just before the session is ended (e.g. to read the connection's statistics).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>True when the client ended the session; false when the report came first.</returns>
    public static async Task<bool> ClientWaitAsync(ClientRun run, Task<ServerReport> report, TransferProgress progress, Func<long> senderDoneTicks,
        int lossTimeoutMs, Action beforeEnding, CancellationToken cancellationToken)
    {
        long idleTicks = MonotonicClock.SecondsToTicks(lossTimeoutMs / 1000.0 + progress.RelayInterval.TotalSeconds);
        long seen = progress.CompletedUnits, movedTicks = 0;
        while (!report.IsCompleted)
        {
            long now = MonotonicClock.NowTicks();
            if (progress.CompletedUnits is var units && units != seen) (seen, movedTicks) = (units, now);
            if (now - Math.Max(movedTicks, senderDoneTicks()) >= idleTicks)
            {
                beforeEnding();
                await run.DisposeAsync().ConfigureAwait(false);
                return true;
            }
            await Task.WhenAny(report, Task.Delay(5, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
        return false;
    }

    /// <summary>
    /// Server side: cancels <paramref name="stop"/> once <paramref name="measuring"/> and nothing arrived for
    /// <paramref name="lossTimeoutMs"/> after <paramref name="quietSince"/> (the later of the last arrival and the latest
    /// time the sender may still send; <see cref="long.MaxValue"/> = not yet known); returns when <paramref name="loop"/>
    /// ended or it stopped it.
    /// </summary>
    /// <param name="loop">The receive loop(s).</param>
    /// <param name="stop">Stops the loop(s).</param>
    /// <param name="lossTimeoutMs">The quiet time, ms.</param>
    /// <param name="measuring">Whether the measured part has begun.</param>
    /// <param name="quietSince">Ticks since which the link counts as quiet.</param>
    /// <param name="now">The server role's clock (Stopwatch ticks).</param>
    /// <returns>True when it stopped the loop for idleness.</returns>
    public static async Task<bool> ServerWatchAsync(Task loop, CancellationTokenSource stop, int lossTimeoutMs, Func<bool> measuring, Func<long> quietSince, Func<long> now)
    {
        long idleTicks = MonotonicClock.SecondsToTicks(lossTimeoutMs / 1000.0);
        while (!loop.IsCompleted && !stop.IsCancellationRequested)
        {
            if (measuring() && quietSince() is var since && since != long.MaxValue && now() - since >= idleTicks)
            {
                await stop.CancelAsync().ConfigureAwait(false);
                return true;
            }
            await Task.WhenAny(loop, Task.Delay(5, stop.Token)).ConfigureAwait(false);
        }
        return false;
    }
}
