using System.Runtime.CompilerServices;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Messages;

/// <summary>
/// The sender's side of a message scenario: follows the <see cref="SendSchedule"/>, waits for each message's intended
/// send time when paced, and writes the header into the one reused <see cref="Message"/> buffer. The caller sends it.
/// One caller; allocation-free in steady state.
/// </summary>
public sealed class MessageSource : IDisposable
{
    private readonly SendPacer _pacer = new();

    /// <summary>Creates the source of <paramref name="sizeBytes"/>-byte messages for a run starting now.</summary>
    /// <param name="settings">Rate, limits and warm-up.</param>
    /// <param name="sizeBytes">Message size in bytes.</param>
    public MessageSource(MessageSettings settings, int sizeBytes)
    {
        Message = MessageLayout.NewMessage(sizeBytes);
        Schedule = new SendSchedule(settings, MonotonicClock.NowTicks());
    }

    /// <summary>The message to send next (header written by <see cref="NextAsync"/>); reused for every message.</summary>
    public byte[] Message { get; }

    /// <summary>The schedule followed.</summary>
    public SendSchedule Schedule { get; }

    /// <summary>Sequence number of the message in <see cref="Message"/>.</summary>
    public long Sequence { get; private set; }

    /// <summary>True when <see cref="Message"/> is the first measured message (warm-up just ended).</summary>
    public bool IsFirstMeasured => Sequence == 0;

    /// <summary>Largest delay between a measured message's intended and actual send time, Stopwatch ticks (paced runs).</summary>
    public long SendLateMaxTicks { get; private set; }

    /// <summary>
    /// Prepares the next message: waits until it is due (paced), then stamps it with its intended send time (paced: the
    /// coordinated-omission correction) or the current time (unpaced).
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>False when the run is over.</returns>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> NextAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!Schedule.TryNext(MonotonicClock.NowTicks(), out long sequence, out long dueTicks)) return false;
        if (Schedule.IsPaced)
        {
            await _pacer.WaitUntilAsync(dueTicks, cancellationToken).ConfigureAwait(false);
            long late = MonotonicClock.NowTicks() - dueTicks;
            if (late > SendLateMaxTicks && sequence >= 0) SendLateMaxTicks = late;
        }
        Sequence = sequence;
        MessageLayout.WriteHeader(Message, sequence, Schedule.IsPaced ? dueTicks : MonotonicClock.NowTicks());
        return true;
    }

    /// <summary>Stops the pacer's timer.</summary>
    public void Dispose() => _pacer.Dispose();
}
