using System.Runtime.CompilerServices;
using Transports.Measure.Histograms;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;
using Transports.Scenarios.Messages;

namespace Transports.Scenarios.Datagrams;

/// <summary>
/// One datagrams run: the client's send loop and the server's receive loop. The receive loop alone writes the
/// histogram, the sequence tracker and the jitter estimator. Paced messages carry their intended send time (like an RTP
/// timestamp: the sampling instant), so a sender held back by backpressure shows up as delay; unpaced ones the actual
/// send time.
/// </summary>
internal sealed class DatagramRun : MessageRun
{
    /// <summary>End markers sent on transports that may lose or reorder them.</summary>
    private const int EndMarkerCopies = 5;

    private readonly bool _reliableOrdered;
    private readonly Transports.Abstractions.ITransportConnection _server;
    private long _firstReceiveTicks;     // any message, warm-up included (time to first byte)
    private long _lastMeasuredTicks;     // last measured message received
    private long _lastActivityTicks;     // last message of any kind received (idle detection)
    private long _senderDoneTicks;
    private bool _endMarkerSeen;
    private bool _idleStop;

    public DatagramRun(ConnectedPair pair, MessageSettings settings, int size, TransferProgress progress)
        : base(pair.Client, pair.ConnectStartTimestamp, settings, size, progress)
    {
        _server = pair.Server;
        var capabilities = pair.Client.Capabilities;
        _reliableOrdered = capabilities.IsReliable && capabilities.IsOrdered;
    }

    public Task RunAsync(CancellationToken cancellationToken) => RunLoopsAsync(cancellationToken);

    protected override long EndOfMeasuredInterval() => _lastMeasuredTicks == 0 ? _lastMeasuredTicks = MonotonicClock.NowTicks() : _lastMeasuredTicks;

    /// <summary>End of stream: the marker carries the number of measured messages sent in its timestamp field.</summary>
    protected override async Task AfterLastMessageAsync(MessageSource source, CancellationToken cancellationToken)
    {
        var client = Client;
        var message = source.Message;
        MessageLayout.WriteHeader(message, MessageLayout.EndMarker, source.Schedule.MeasuredSent);
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
    protected override async Task FinishAsync(Task receive, CancellationToken cancellationToken)
    {
        if (_reliableOrdered)
        {
            await receive.WaitAsync(cancellationToken).ConfigureAwait(false);
            return;
        }
        long idleTicks = MonotonicClock.SecondsToTicks(Settings.LossTimeoutMs / 1000.0);
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
    protected override async ValueTask ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var receiver = new MessageReceiver(_server, Size);
        while (await receiver.ReceiveAsync(cancellationToken).ConfigureAwait(false))
        {
            long now = MonotonicClock.NowTicks();
            var message = receiver.Current.Span;
            MessageLayout.Verify(message, Template);
            long sequence = MessageLayout.ReadSequence(message);
            Volatile.Write(ref _lastActivityTicks, now);
            if (_firstReceiveTicks == 0) _firstReceiveTicks = now;
            if (sequence == MessageLayout.EndMarker)
            {
                _endMarkerSeen = true;
                return;
            }
            if (sequence < 0) continue; // warm-up
            if (CountMeasured(sequence, MessageLayout.ReadTimestamp(message), now)) _lastMeasuredTicks = now;
        }
        if (_reliableOrdered)
            throw new IntegrityException("datagrams: the stream completed before the end marker arrived");
    }

    public Measurement ToMeasurement(IReadOnlyDictionary<string, double> transportStatistics)
    {
        long sent = Source.Schedule.MeasuredSent;
        long delivered = Tracker.Received;
        if (_reliableOrdered && delivered != sent)
            throw new IntegrityException($"datagrams: {sent} messages sent but {delivered} delivered on a reliable, ordered transport");
        var latency = LatencyNs.ToLatency("one_way_delay", coordinatedOmissionCorrected: Source.Schedule.IsPaced);
        // The delay above the base delay (owd_above_base_*) is derived from the latency section by the catalog.
        return ToMeasurement(latency, _firstReceiveTicks, _lastMeasuredTicks, transportStatistics, new Dictionary<string, double>
        {
            [MetricCatalog.MeanReorderExtent.Id] = Tracker.Reordered == 0 ? 0 : (double)Tracker.TotalReorderExtent / Tracker.Reordered,
            [MetricCatalog.OutOfWindow.Id] = Tracker.OutOfWindow,
            [MetricCatalog.EndMarkerSeen.Id] = _endMarkerSeen ? 1 : 0,
            [MetricCatalog.IdleStop.Id] = _idleStop ? 1 : 0,
        });
    }
}
