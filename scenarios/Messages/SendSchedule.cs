using Transports.Measure.Timing;

namespace Transports.Scenarios.Messages;

/// <summary>
/// Decides, message by message, what the sender sends next: warm-up messages (sequence numbers −2, −3, …), then measured
/// ones (0, 1, 2, …) until the count or the duration is reached; and, in open loop, when each is due. Message n (warm-up
/// and measured together) is due at start + n / rate: the intended send time that coordinated-omission-corrected latency
/// is measured from. A sender that falls behind sends at once and keeps the intended times. One caller; no allocation.
/// </summary>
public sealed class SendSchedule
{
    private readonly long _startTicks;
    private readonly long _intervalTicks;       // 0 = unpaced
    private readonly double _intervalTicksExact;
    private readonly long _warmupTicks;
    private readonly long _warmupCount;
    private readonly long _durationTicks;       // 0 = unbounded
    private readonly long _measuredLimit;       // 0 = unbounded
    private long _scheduled;                    // messages handed out (warm-up + measured)
    private long _warmupSent;

    /// <summary>Creates the schedule of a run starting at <paramref name="startTicks"/>.</summary>
    /// <param name="settings">Rate, limits and warm-up.</param>
    /// <param name="startTicks">Start of the run (Stopwatch ticks).</param>
    public SendSchedule(MessageSettings settings, long startTicks)
    {
        _startTicks = startTicks;
        _intervalTicksExact = settings.IsOpenLoop ? MonotonicClock.TicksPerSecond / settings.RateMessagesPerSecond : 0;
        _intervalTicks = (long)_intervalTicksExact;
        if (settings.IsOpenLoop && _intervalTicks == 0) _intervalTicks = 1;
        _warmupTicks = MonotonicClock.SecondsToTicks(settings.WarmupSeconds);
        _warmupCount = settings.WarmupCount;
        _durationTicks = MonotonicClock.SecondsToTicks(settings.DurationSeconds);
        _measuredLimit = settings.MeasuredCount;
    }

    /// <summary>True when sends are paced (open loop).</summary>
    public bool IsPaced => _intervalTicks > 0;

    /// <summary>True once warm-up is over.</summary>
    public bool IsMeasuring { get; private set; }

    /// <summary>When the measured phase started (its first message's intended or actual send time), Stopwatch ticks; 0 before.</summary>
    public long MeasuredStartTicks { get; private set; }

    /// <summary>Measured messages handed out so far.</summary>
    public long MeasuredSent { get; private set; }

    /// <summary>True when the run ended because an open-loop sender stayed behind its schedule for more than twice the duration.</summary>
    public bool StoppedBehindSchedule { get; private set; }

    /// <summary>The next message, or false when the run is over.</summary>
    /// <param name="nowTicks">The current time (Stopwatch ticks).</param>
    /// <param name="sequence">Its sequence number (negative during warm-up).</param>
    /// <param name="dueTicks">Its intended send time when paced; <paramref name="nowTicks"/> otherwise.</param>
    public bool TryNext(long nowTicks, out long sequence, out long dueTicks)
    {
        dueTicks = IsPaced ? _startTicks + (long)(_scheduled * _intervalTicksExact) : nowTicks;
        if (!IsMeasuring)
        {
            bool warmupOver = _warmupCount > 0 ? _warmupSent >= _warmupCount : dueTicks - _startTicks >= _warmupTicks;
            if (warmupOver)
            {
                IsMeasuring = true;
                MeasuredStartTicks = dueTicks;
            }
        }
        if (IsMeasuring)
        {
            if (_measuredLimit > 0 && MeasuredSent >= _measuredLimit) { sequence = 0; return false; }
            if (_durationTicks > 0 && dueTicks - MeasuredStartTicks >= _durationTicks) { sequence = 0; return false; }
            if (_durationTicks > 0 && nowTicks - MeasuredStartTicks >= 2 * _durationTicks + MonotonicClock.TicksPerSecond)
            {
                StoppedBehindSchedule = true;
                sequence = 0;
                return false;
            }
            sequence = MeasuredSent++;
        }
        else
        {
            sequence = MessageLayout.FirstWarmup - _warmupSent++;
        }
        _scheduled++;
        return true;
    }
}
