using System.Runtime.CompilerServices;
using Transports.Abstractions;
using Transports.Metrics;
using Transports.Metrics.Histograms;
using Transports.Metrics.Results;
using Transports.Metrics.Sequencing;
using Transports.Metrics.Timing;
using Transports.Scenarios.Core;
using Transports.Scenarios.Messages;

namespace Transports.Scenarios.PingPong;

/// <summary>
/// The client side of one pingpong run: a send loop and a receive loop on the client connection (one sender, one
/// receiver, as the transport contract allows). The receive loop alone writes the histogram and the sequence tracker.
/// </summary>
internal sealed class PingPongRun
{
    private readonly ConnectedPair _pair;
    private readonly MessageSettings _settings;
    private readonly int _size;
    private readonly TransferProgress _progress;
    private readonly bool _reliable;
    private readonly LatencyHistogram _rttNs = new();
    private readonly SequenceTracker _tracker = new();
    private readonly MeasuredInterval _interval = new();
    private readonly byte[] _template;
    private InterarrivalJitter _jitter;
    private MessageSource? _source;
    private Cost? _cost;
    private IReadOnlyList<TimelinePoint> _timeline = [];
    private long _firstResponseTicks;
    private long _lastResponseTicks;
    private long _endTicks;
    private long _receivedCount; // distinct measured responses, published by the receive loop for FinishAsync
    private ResponseSignal? _signal;

    public PingPongRun(ConnectedPair pair, MessageSettings settings, int size, TransferProgress progress)
    {
        _pair = pair;
        _settings = settings;
        _size = size;
        _progress = progress;
        _reliable = pair.Client.Capabilities.IsReliable;
        _template = MessageLayout.NewMessage(size);
    }

    public async Task RunClientAsync(CancellationToken cancellationToken)
    {
        _signal = _settings.IsOpenLoop ? null : new ResponseSignal(_reliable ? 0 : _settings.LossTimeoutMs);
        using var signal = _signal;
        using var registration = cancellationToken.Register(static s => ((ResponseSignal?)s)?.Fail(new OperationCanceledException("pingpong cancelled")), _signal);
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
        _endTicks = _lastResponseTicks > 0 ? _lastResponseTicks : MonotonicClock.NowTicks();
        (_cost, _timeline) = _interval.Stop(_endTicks);
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        using var source = new MessageSource(_settings, _size);
        _source = source;
        var client = _pair.Client;
        // Closed loop: stamped with the actual send time; open loop: the intended one (coordinated-omission correction).
        while (await source.NextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (source.IsFirstMeasured) _interval.Start(source.Schedule.MeasuredStartTicks);
            _signal?.Arm(source.Sequence);
            await client.SendAsync(source.Message, cancellationToken).ConfigureAwait(false);
            if (_signal is not null) await _signal.WaitAsync().ConfigureAwait(false); // false = timed out: lost
        }
    }

    /// <summary>After the last request: wait for the outstanding responses (unreliable: at most the loss timeout).</summary>
    private async Task FinishAsync(Task receive, CancellationToken cancellationToken)
    {
        var client = _pair.Client;
        if (client.Capabilities.HasOrderlyClose)
        {
            // The server echoes everything, then completes: the receive loop ends when the last response is in.
            await client.CompleteSendAsync(cancellationToken).ConfigureAwait(false);
            if (_reliable)
            {
                await receive.WaitAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
        }
        long sent = _source!.Schedule.MeasuredSent;
        long deadline = MonotonicClock.NowTicks() + MonotonicClock.SecondsToTicks(_settings.LossTimeoutMs / 1000.0);
        while (!receive.IsCompleted && Volatile.Read(ref _receivedCount) < sent
               && (_reliable || MonotonicClock.NowTicks() < deadline))
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var receiver = new MessageReceiver(_pair.Client, _size);
        try
        {
            while (await receiver.ReceiveAsync(cancellationToken).ConfigureAwait(false))
            {
                long now = MonotonicClock.NowTicks();
                var response = receiver.Current.Span;
                MessageLayout.Verify(response, _template);
                long sequence = MessageLayout.ReadSequence(response);
                if (sequence >= 0)
                {
                    long sentTicks = MessageLayout.ReadTimestamp(response);
                    var arrival = _tracker.Add(sequence);
                    if (arrival is Arrival.InOrder or Arrival.Reordered)
                    {
                        if (_firstResponseTicks == 0) _firstResponseTicks = now;
                        _lastResponseTicks = now;
                        _rttNs.Record(MonotonicClock.TicksToNanoseconds(now - sentTicks));
                        _jitter.Add(sentTicks, now);
                        _interval.AddDelivered(_size);
                        Volatile.Write(ref _receivedCount, _tracker.Received);
                        _progress.Add(1);
                    }
                }
                _signal?.OnResponse(sequence);
            }
            // The server completed: nothing more will come. A sender still waiting would otherwise hang.
            _signal?.Fail(new TransportException(TransportError.ConnectionReset, "pingpong: the server closed the connection before answering every request"));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _signal?.Fail(e);
            throw;
        }
    }

    public Measurement ToMeasurement(IReadOnlyDictionary<string, double> transportStatistics)
    {
        var schedule = _source!.Schedule;
        long sent = schedule.MeasuredSent;
        long delivered = _tracker.Received;
        long startTicks = schedule.MeasuredStartTicks;
        double transferMs = MonotonicClock.TicksToMilliseconds(Math.Max(0, _endTicks - startTicks));
        var statistics = new Dictionary<string, double>(transportStatistics)
        {
            ["scenario_timed_out_requests"] = _signal?.TimedOut ?? 0,
            ["scenario_out_of_window_responses"] = _tracker.OutOfWindow,
            ["scenario_send_late_max_ms"] = MonotonicClock.TicksToMilliseconds(_source.SendLateMaxTicks),
            ["scenario_stopped_behind_schedule"] = schedule.StoppedBehindSchedule ? 1 : 0,
        };
        return new Measurement
        {
            Throughput = MessageThroughput.Create(_size, sent, delivered, _pair.ConnectStartTimestamp, _firstResponseTicks, startTicks, _endTicks,
                MonotonicClock.NowTicks(), _settings.RateMessagesPerSecond),
            Delivery = _tracker.ToDelivery(sent, _jitter.Count > 1 ? _jitter.Jitter * 1000.0 / MonotonicClock.TicksPerSecond : null),
            Latency = _rttNs.ToLatency("rtt", coordinatedOmissionCorrected: schedule.IsPaced),
            Cost = _cost,
            Timeline = _timeline,
            TransportStatistics = statistics,
        };
    }
}
