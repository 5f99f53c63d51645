using System.Runtime.CompilerServices;
using Transports.Abstractions;
using Transports.Measure;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;
using Transports.Scenarios.Messages;

namespace Transports.Scenarios.Datagrams;

/// <summary>
/// The datagrams server role: receives and verifies every message, counts the measured ones (<see cref="MessageTally"/>:
/// sequence tracker, one-way delay, RFC 3550 jitter, delivered bytes, progress), samples the delivered bytes over time,
/// and reports all of it (<see cref="DatagramsReport"/>).
/// </summary>
/// <remarks>
/// <para>One-way delay: a message's timestamp is the client's clock, so the delay is
/// <c>(now − ClockOffsetTicks) − sent</c> (offset 0 in one process).</para>
/// <para>The end. Reliable, ordered transports: the end marker (a stream that completes before it is an integrity
/// failure). Otherwise: the first end marker; or the client ending the session (the role's token is cancelled; the
/// client does so once nothing moved for <c>loss-timeout</c> after its sender finished), which on these transports returns
/// the report rather than failing, since every end marker may be lost (so does its connection closing or failing); or, should the client not end it, once a measured
/// message arrived, nothing of any kind for <c>loss-timeout</c> after both the last arrival and the latest time the
/// sender can still be sending (its last measured sequence number arrived, or the schedule's bound from the plan): this
/// role cannot see the client's "sender done", and a sender merely held up must not be cut short.</para>
/// </remarks>
internal sealed class DatagramReceiverRole
{
    private readonly ServerRoleContext _context;
    private readonly MessageSettings _settings;
    private readonly int _size;
    private readonly bool _reliableOrdered;
    private readonly Func<long> _now;
    private readonly MessageTally _tally;
    private readonly TimelineSampler _timeline;
    private long _firstReceiveTicks;   // server ticks: any message, warm-up included (time to first byte)
    private long _lastMeasuredTicks;   // server ticks: last measured message received
    private long _lastActivityTicks;   // server ticks: last message of any kind (idle detection)
    private long _presumedSenderEndTicks = long.MaxValue; // server ticks: the sender is done by then; MaxValue: not known
    private bool _measuring;
    private bool _endMarkerSeen;
    private bool _idleStop;

    public DatagramReceiverRole(ServerRoleContext context, MessageSettings settings, int size)
    {
        _context = context;
        _settings = settings;
        _size = size;
        _now = context.NowTicks;
        var capabilities = context.Connection.Capabilities;
        _reliableOrdered = capabilities.IsReliable && capabilities.IsOrdered;
        _tally = new MessageTally(size, context.Progress);
        _timeline = new TimelineSampler(() => _tally.DeliveredBytes, clock: _now);
    }

    public async Task<ServerReport> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var receive = Task.Run(() => ReceiveLoopAsync(stop.Token).AsTask(), CancellationToken.None);
            if (!_reliableOrdered) await WatchIdleAsync(receive, stop).ConfigureAwait(false);
            try
            {
                await receive.ConfigureAwait(false);
            }
            catch (Exception e) when (!_reliableOrdered && (e is OperationCanceledException && stop.IsCancellationRequested || e is TransportException))
            {
                // Stopped on idle, or the client ended the session (its token, or its connection closing first, as QUIC
                // tells): report what arrived. As for pingpong's echo, a failure mid-run then shows on the client side as
                // loss. The connection is now unusable.
            }
        }
        finally
        {
            _timeline.Dispose();
        }
        var timeline = _timeline.Stop(_lastMeasuredTicks == 0 ? _now() : _lastMeasuredTicks);
        var tracker = _tally.Tracker;
        return ServerReport.Of(new DatagramsReport(tracker.Received, tracker.Duplicates, tracker.Reordered, tracker.MaxReorderExtent,
            tracker.TotalReorderExtent, tracker.OutOfWindow, _tally.LatencyNs.ToSnapshot(), _tally.JitterMs,
            _firstReceiveTicks, _lastMeasuredTicks, _endMarkerSeen, _idleStop, _tally.DeliveredBytes, timeline));
    }

    /// <summary>Unreliable transports: stops the receiving once idle (see the remarks and <see cref="IdleEnd.ServerWatchAsync"/>).</summary>
    private async Task WatchIdleAsync(Task receive, CancellationTokenSource stop)
        => _idleStop = await IdleEnd.ServerWatchAsync(receive, stop, _settings.LossTimeoutMs, () => Volatile.Read(ref _measuring),
            () => Math.Max(Volatile.Read(ref _lastActivityTicks), Volatile.Read(ref _presumedSenderEndTicks)), _now).ConfigureAwait(false);

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var receiver = new MessageReceiver(_context.Connection, _size);
        var template = MessageLayout.NewMessage(_size);
        long offset = _context.ClockOffsetTicks;
        while (await receiver.ReceiveAsync(cancellationToken).ConfigureAwait(false))
        {
            long now = _now();
            var message = receiver.Current.Span;
            MessageLayout.Verify(message, template);
            long sequence = MessageLayout.ReadSequence(message);
            Volatile.Write(ref _lastActivityTicks, now);
            if (_firstReceiveTicks == 0) _firstReceiveTicks = now;
            if (sequence == MessageLayout.EndMarker)
            {
                _endMarkerSeen = true;
                return;
            }
            if (sequence < 0) continue; // warm-up
            long sent = MessageLayout.ReadTimestamp(message);
            if (!_measuring) StartMeasuring(sequence, sent, offset);
            if (_tally.Count(sequence, sent, now - offset))
            {
                _lastMeasuredTicks = now;
                if (sequence == _settings.MeasuredCount - 1) Volatile.Write(ref _presumedSenderEndTicks, Math.Min(_presumedSenderEndTicks, now));
            }
        }
        if (_reliableOrdered)
            throw new IntegrityException("datagrams: the stream completed before the end marker arrived");
    }

    /// <summary>
    /// The first measured message: starts the timeline at the measured interval's start (client ticks, from its timestamp:
    /// paced, message n is due at start + n · interval; unpaced, it was sent after the start) and bounds when the sender
    /// must be done: a duration-bounded schedule stops by start + 2 · duration + 1 s even when behind
    /// (<see cref="SendSchedule"/>). No bound otherwise (the last measured message, an end marker or the client ends it).
    /// </summary>
    private void StartMeasuring(long sequence, long sentTicks, long offset)
    {
        double intervalTicks = _settings.IsOpenLoop ? MonotonicClock.TicksPerSecond / _settings.RateMessagesPerSecond : 0;
        long start = sentTicks - (long)(sequence * intervalTicks);
        _timeline.Start(start + offset);
        if (_settings.DurationSeconds > 0)
            Volatile.Write(ref _presumedSenderEndTicks, start + offset + MonotonicClock.SecondsToTicks(2 * _settings.DurationSeconds + 1));
        Volatile.Write(ref _measuring, true);
    }
}
