using System.Runtime.CompilerServices;
using Transports.Abstractions;
using Transports.Measure.Histograms;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Measure.Sequencing;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Messages;

/// <summary>
/// The shape every message scenario's run shares: a send loop following the <see cref="MessageSource"/> (the measured
/// interval starts at the first measured message), then waiting for the end, with a receive loop beside it
/// (<see cref="SendReceive.RunWithReceiveLoopAsync"/>); the receive loop counts each measured message once (sequence
/// tracker, latency histogram, RFC 3550 jitter, delivered bytes, progress); the measurement built from all of that.
/// The subclass says what is sent per message, how the run ends, what the receive loop reads and what the latency is.
/// </summary>
internal abstract class MessageRun
{
    private MessageSource? _source;

    protected MessageRun(ITransportConnection client, long connectStartTicks, MessageSettings settings, int size, TransferProgress progress)
    {
        Client = client;
        ConnectStartTimestamp = connectStartTicks;
        Settings = settings;
        Size = size;
        Progress = progress;
        Template = MessageLayout.NewMessage(size);
    }

    /// <summary>The client connection (the send loop's).</summary>
    protected ITransportConnection Client { get; }

    /// <summary>When the client began connecting (Stopwatch ticks): time to first byte counts from here.</summary>
    protected long ConnectStartTimestamp { get; }
    protected MessageSettings Settings { get; }
    protected int Size { get; }
    protected TransferProgress Progress { get; }

    /// <summary>What every received message must look like beyond its header.</summary>
    protected byte[] Template { get; }

    /// <summary>Distinct measured messages, duplicates, RFC 4737 reordering; written by the receive loop alone.</summary>
    protected SequenceTracker Tracker { get; } = new();

    /// <summary>The latency of each measured message (RTT or one-way delay), ns; written by the receive loop alone.</summary>
    protected LatencyHistogram LatencyNs { get; } = new();

    /// <summary>The send loop's source (schedule, message buffer); set once the send loop started.</summary>
    protected MessageSource Source => _source ?? throw new InvalidOperationException("the run has not started");

    private MeasuredInterval Interval { get; } = new();
    private InterarrivalJitter _jitter;
    private Cost? _cost;
    private IReadOnlyList<TimelinePoint> _timeline = [];

    /// <summary>Runs the send loop and <see cref="FinishAsync"/> beside <see cref="ReceiveLoopAsync"/>, then closes the measured interval.</summary>
    protected async Task RunLoopsAsync(CancellationToken cancellationToken)
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
            Interval.Dispose();
        }
        (_cost, _timeline) = Interval.Stop(EndOfMeasuredInterval());
    }

    private async Task SendLoopAsync(CancellationToken cancellationToken)
    {
        using var source = new MessageSource(Settings, Size);
        _source = source;
        while (await source.NextAsync(cancellationToken).ConfigureAwait(false))
        {
            if (source.IsFirstMeasured) Interval.Start(source.Schedule.MeasuredStartTicks);
            await SendMessageAsync(source, cancellationToken).ConfigureAwait(false);
        }
        await AfterLastMessageAsync(source, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends the message the source prepared (default: on the client). Allocation-free in steady state.</summary>
    protected virtual ValueTask SendMessageAsync(MessageSource source, CancellationToken cancellationToken)
        => Client.SendAsync(source.Message, cancellationToken);

    /// <summary>After the last message of the schedule (end markers, orderly close); nothing by default.</summary>
    protected virtual Task AfterLastMessageAsync(MessageSource source, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>After the send loop: waits until the run is over (<paramref name="receive"/> is the receive loop's task).</summary>
    protected abstract Task FinishAsync(Task receive, CancellationToken cancellationToken);

    /// <summary>The receive loop; it calls <see cref="CountMeasured"/> for every measured message.</summary>
    protected abstract ValueTask ReceiveLoopAsync(CancellationToken cancellationToken);

    /// <summary>End of the measured interval (Stopwatch ticks): the last measured arrival, or now when none.</summary>
    protected abstract long EndOfMeasuredInterval();

    /// <summary>
    /// Counts a measured message (receive loop): true when it is the first copy, which is then recorded in the latency
    /// histogram, the jitter estimate, the delivered bytes and the progress.
    /// </summary>
    /// <param name="sequence">Its sequence number (≥ 0).</param>
    /// <param name="sentTicks">Its timestamp: intended (paced) or actual send time.</param>
    /// <param name="nowTicks">When it arrived.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected bool CountMeasured(long sequence, long sentTicks, long nowTicks)
    {
        var arrival = Tracker.Add(sequence);
        if (arrival is not (Arrival.InOrder or Arrival.Reordered)) return false;
        LatencyNs.Record(MonotonicClock.TicksToNanoseconds(nowTicks - sentTicks));
        _jitter.Add(sentTicks, nowTicks);
        Interval.AddDelivered(Size);
        Progress.Add(1);
        return true;
    }

    /// <summary>The measurement: throughput, delivery (with RFC 3550 jitter in ms), <paramref name="latency"/>, cost, timeline.</summary>
    /// <param name="latency">The latency section.</param>
    /// <param name="firstReceiveTicks">First arrival (time to first byte), 0 when none.</param>
    /// <param name="measuredEndTicks">Last measured arrival.</param>
    /// <param name="transportStatistics">The transport's own counters.</param>
    /// <param name="values">The run's own catalog metrics (<see cref="Measurement.Values"/>); the sender's lateness figures are added.</param>
    protected Measurement ToMeasurement(Latency latency, long firstReceiveTicks, long measuredEndTicks,
        IReadOnlyDictionary<string, double> transportStatistics, Dictionary<string, double> values)
    {
        var schedule = Source.Schedule;
        long sent = schedule.MeasuredSent;
        values[MetricCatalog.SendLateMax.Id] = MonotonicClock.TicksToMilliseconds(Source.SendLateMaxTicks);
        values[MetricCatalog.StoppedBehindSchedule.Id] = schedule.StoppedBehindSchedule ? 1 : 0;
        return new Measurement
        {
            Throughput = MessageThroughput.Create(Size, sent, Tracker.Received, ConnectStartTimestamp, firstReceiveTicks,
                schedule.MeasuredStartTicks, measuredEndTicks, MonotonicClock.NowTicks(), Settings.RateMessagesPerSecond),
            Delivery = Tracker.ToDelivery(sent, _jitter.Count > 1 ? _jitter.Jitter * 1000.0 / MonotonicClock.TicksPerSecond : null),
            Latency = latency,
            Cost = _cost,
            Timeline = _timeline,
            TransportStatistics = transportStatistics,
            Values = values,
        };
    }
}
