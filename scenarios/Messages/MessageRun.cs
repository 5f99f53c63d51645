using Transports.Abstractions;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Messages;

/// <summary>
/// The client role every message scenario's run shares: a send loop following the <see cref="MessageSource"/> (the
/// measured interval starts at the first measured message), then waiting for the end, with a receive loop beside it
/// (<see cref="SendReceive.RunWithReceiveLoopAsync"/>; pingpong receives the responses there, datagrams receives nothing);
/// the measurement built from the sender's schedule and what the receiving side counted (<see cref="MessageTally"/>, on
/// the client or in the server role's report). The subclass says what is sent per message, how the run ends, what the
/// receive loop reads and what the latency is.
/// </summary>
internal abstract class MessageRun
{
    private MessageSource? _source;

    /// <summary>Creates the run.</summary>
    /// <param name="client">The client connection.</param>
    /// <param name="connectStartTicks">When the client began connecting.</param>
    /// <param name="settings">The run's settings.</param>
    /// <param name="size">Bytes per message.</param>
    /// <param name="readDeliveredBytes">Reads the delivered payload bytes (thread-safe): the cost per byte and the
    /// timeline of the measured interval follow it.</param>
    protected MessageRun(ITransportConnection client, long connectStartTicks, MessageSettings settings, int size, Func<long> readDeliveredBytes)
    {
        Client = client;
        ConnectStartTimestamp = connectStartTicks;
        Settings = settings;
        Size = size;
        Template = MessageLayout.NewMessage(size);
        Interval = new MeasuredInterval(readDeliveredBytes);
    }

    /// <summary>The client connection (the send loop's).</summary>
    protected ITransportConnection Client { get; }

    /// <summary>When the client began connecting (Stopwatch ticks): time to first byte counts from here.</summary>
    protected long ConnectStartTimestamp { get; }
    protected MessageSettings Settings { get; }
    protected int Size { get; }

    /// <summary>What every received message must look like beyond its header.</summary>
    protected byte[] Template { get; }

    /// <summary>The send loop's source (schedule, message buffer); set once the send loop started.</summary>
    protected MessageSource Source => _source ?? throw new InvalidOperationException("the run has not started");

    private MeasuredInterval Interval { get; }
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

    /// <summary>The client's receive loop (pingpong's responses); it counts each measured message in its <see cref="MessageTally"/>.</summary>
    protected abstract ValueTask ReceiveLoopAsync(CancellationToken cancellationToken);

    /// <summary>End of the measured interval (client Stopwatch ticks): the last measured arrival, or now when none.</summary>
    protected abstract long EndOfMeasuredInterval();

    /// <summary>The measurement: throughput, <paramref name="delivery"/>, <paramref name="latency"/>, cost, timeline.</summary>
    /// <param name="latency">The latency section.</param>
    /// <param name="delivery">What was delivered of the measured messages sent (with RFC 3550 jitter in ms).</param>
    /// <param name="firstReceiveTicks">First arrival (time to first byte), client ticks; 0 when none.</param>
    /// <param name="measuredEndTicks">Last measured arrival, client ticks.</param>
    /// <param name="transportStatistics">The transport's own counters.</param>
    /// <param name="values">The run's own catalog metrics (<see cref="Measurement.Values"/>); the sender's lateness figures are added.</param>
    /// <param name="timeline">The delivered-bytes timeline sampled where the bytes were delivered; null: the one this
    /// run sampled over its delivered-bytes counter.</param>
    protected Measurement ToMeasurement(Latency latency, Delivery delivery, long firstReceiveTicks, long measuredEndTicks,
        IReadOnlyDictionary<string, double> transportStatistics, Dictionary<string, double> values, IReadOnlyList<TimelinePoint>? timeline = null)
    {
        var schedule = Source.Schedule;
        long sent = schedule.MeasuredSent;
        values[MetricCatalog.SendLateMax.Id] = MonotonicClock.TicksToMilliseconds(Source.SendLateMaxTicks);
        values[MetricCatalog.StoppedBehindSchedule.Id] = schedule.StoppedBehindSchedule ? 1 : 0;
        return new Measurement
        {
            Throughput = MessageThroughput.Create(Size, sent, delivery.Received, ConnectStartTimestamp, firstReceiveTicks,
                schedule.MeasuredStartTicks, measuredEndTicks, MonotonicClock.NowTicks(), Settings.RateMessagesPerSecond),
            Delivery = delivery,
            Latency = latency,
            Cost = _cost,
            Timeline = timeline ?? _timeline,
            TransportStatistics = transportStatistics,
            Values = values,
        };
    }
}
