using System.Runtime.CompilerServices;
using Transports.Abstractions;
using Transports.Metrics;
using Transports.Metrics.Histograms;
using Transports.Metrics.Results;
using Transports.Metrics.Sequencing;
using Transports.Metrics.Timing;
using Transports.Scenarios.Core;
using Transports.Scenarios.Messages;

namespace Transports.Scenarios.Datagrams;

/// <summary>
/// One datagrams run: the client's send loop and the server's receive loop. The receive loop alone writes the
/// histogram, the sequence tracker and the jitter estimator.
/// </summary>
internal sealed class DatagramRun
{
    /// <summary>End markers sent on transports that may lose or reorder them.</summary>
    private const int EndMarkerCopies = 5;

    private readonly ConnectedPair _pair;
    private readonly MessageSettings _settings;
    private readonly int _size;
    private readonly TransferProgress _progress;
    private readonly bool _reliableOrdered;
    private readonly LatencyHistogram _delayNs = new();
    private readonly SequenceTracker _tracker = new();
    private readonly MeasuredInterval _interval = new();
    private readonly byte[] _template;
    private InterarrivalJitter _jitter;
    private MessageSource? _source;
    private Cost? _cost;
    private IReadOnlyList<TimelinePoint> _timeline = [];
    private long _firstReceiveTicks;     // any message, warm-up included (time to first byte)
    private long _lastMeasuredTicks;     // last measured message received
    private long _lastActivityTicks;     // last message of any kind received (idle detection)
    private long _senderDoneTicks;
    private bool _endMarkerSeen;
    private bool _idleStop;

    public DatagramRun(ConnectedPair pair, MessageSettings settings, int size, TransferProgress progress)
    {
        _pair = pair;
        _settings = settings;
        _size = size;
        _progress = progress;
        var capabilities = pair.Client.Capabilities;
        _reliableOrdered = capabilities.IsReliable && capabilities.IsOrdered;
        _template = MessageLayout.NewMessage(size);
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SendReceive.RunWithReceiveLoopAsync(async (receive, ct) =>
            {
                await SendLoopAsync(ct).ConfigureAwait(false);
                await FinishAsync(receive, ct).ConfigureAwait(false);
            }, ct => ReceiveLoopAsync(ct).AsTask(), onFailure: null, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _interval.Dispose();
        }
        if (_lastMeasuredTicks == 0) _lastMeasuredTicks = MonotonicClock.NowTicks();
        (_cost, _timeline) = _interval.Stop(_lastMeasuredTicks);
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        using var source = new MessageSource(_settings, _size);
        _source = source;
        var client = _pair.Client;
        // Paced messages carry their intended send time (like an RTP timestamp: the sampling instant), so a sender held
        // back by backpressure shows up as delay; unpaced ones the actual send time.
        while (await source.NextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (source.IsFirstMeasured) _interval.Start(source.Schedule.MeasuredStartTicks);
            await client.SendAsync(source.Message, cancellationToken).ConfigureAwait(false);
        }
        var schedule = source.Schedule;
        var message = source.Message;

        // End of stream: the marker carries the number of measured messages sent in its timestamp field.
        MessageLayout.WriteHeader(message, MessageLayout.EndMarker, schedule.MeasuredSent);
        int copies = _reliableOrdered ? 1 : EndMarkerCopies;
        for (int i = 0; i < copies; i++)
        {
            if (i > 0) await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            await client.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
        if (client.Capabilities.HasOrderlyClose) await client.CompleteSendAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _senderDoneTicks, MonotonicClock.NowTicks());
    }

    /// <summary>
    /// Reliable, ordered transports: the receiver ends at the end marker. Otherwise it also ends once nothing arrived for
    /// the loss timeout after the sender finished (every end marker may be lost).
    /// </summary>
    private async Task FinishAsync(Task receive, CancellationToken cancellationToken)
    {
        if (_reliableOrdered)
        {
            await receive.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        long idleTicks = MonotonicClock.SecondsToTicks(_settings.LossTimeoutMs / 1000.0);
        while (!receive.IsCompleted)
        {
            long quietSince = Math.Max(Volatile.Read(ref _lastActivityTicks), Volatile.Read(ref _senderDoneTicks));
            if (MonotonicClock.NowTicks() - quietSince >= idleTicks)
            {
                _idleStop = true;
                break;
            }
            await Task.Delay(5, cancellationToken).ConfigureAwait(false);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var receiver = new MessageReceiver(_pair.Server, _size);
        while (await receiver.ReceiveAsync(cancellationToken).ConfigureAwait(false))
        {
            long now = MonotonicClock.NowTicks();
            var message = receiver.Current.Span;
            MessageLayout.Verify(message, _template);
            long sequence = MessageLayout.ReadSequence(message);
            Volatile.Write(ref _lastActivityTicks, now);
            if (_firstReceiveTicks == 0) _firstReceiveTicks = now;
            if (sequence == MessageLayout.EndMarker)
            {
                _endMarkerSeen = true;
                return;
            }
            if (sequence < 0) continue; // warm-up
            long sentTicks = MessageLayout.ReadTimestamp(message);
            var arrival = _tracker.Add(sequence);
            if (arrival is not (Arrival.InOrder or Arrival.Reordered)) continue;
            _lastMeasuredTicks = now;
            _delayNs.Record(MonotonicClock.TicksToNanoseconds(now - sentTicks));
            _jitter.Add(sentTicks, now);
            _interval.AddDelivered(_size);
            _progress.Add(1);
        }
        if (_reliableOrdered)
            throw new IntegrityException("datagrams: the stream completed before the end marker arrived");
    }

    public Measurement ToMeasurement(IReadOnlyDictionary<string, double> transportStatistics)
    {
        var schedule = _source!.Schedule;
        long sent = schedule.MeasuredSent;
        long delivered = _tracker.Received;
        if (_reliableOrdered && delivered != sent)
            throw new IntegrityException($"datagrams: {sent} messages sent but {delivered} delivered on a reliable, ordered transport");
        var latency = _delayNs.ToLatency("one_way_delay", coordinatedOmissionCorrected: schedule.IsPaced);
        var statistics = new Dictionary<string, double>(transportStatistics)
        {
            // Delay above the run's minimum one-way delay (the base delay of RFC 6817 §2): queueing, retransmission and
            // head-of-line blocking added under load.
            ["scenario_owd_base_ms"] = latency.MinMs,
            ["scenario_owd_above_base_p50_ms"] = latency.P50Ms - latency.MinMs,
            ["scenario_owd_above_base_p99_ms"] = latency.P99Ms - latency.MinMs,
            ["scenario_owd_above_base_max_ms"] = latency.MaxMs - latency.MinMs,
            ["scenario_mean_reorder_extent"] = _tracker.Reordered == 0 ? 0 : (double)_tracker.TotalReorderExtent / _tracker.Reordered,
            ["scenario_out_of_window"] = _tracker.OutOfWindow,
            ["scenario_end_marker_seen"] = _endMarkerSeen ? 1 : 0,
            ["scenario_idle_stop"] = _idleStop ? 1 : 0,
            ["scenario_send_late_max_ms"] = MonotonicClock.TicksToMilliseconds(_source.SendLateMaxTicks),
            ["scenario_stopped_behind_schedule"] = schedule.StoppedBehindSchedule ? 1 : 0,
        };
        return new Measurement
        {
            Throughput = MessageThroughput.Create(_size, sent, delivered, _pair.ConnectStartTimestamp, _firstReceiveTicks,
                schedule.MeasuredStartTicks, _lastMeasuredTicks, MonotonicClock.NowTicks(), _settings.RateMessagesPerSecond),
            Delivery = _tracker.ToDelivery(sent, _jitter.Count > 1 ? _jitter.Jitter * 1000.0 / MonotonicClock.TicksPerSecond : null),
            Latency = latency,
            Cost = _cost,
            Timeline = _timeline,
            TransportStatistics = statistics,
        };
    }
}
