using System.Runtime.CompilerServices;
using Transports.Measure.Histograms;
using Transports.Measure.Sequencing;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;
using Transports.Scenarios.Messages;

namespace Transports.Scenarios.Datagrams;

/// <summary>
/// The client role of one datagrams run: the send loop (paced messages carry their intended send time, like an RTP
/// timestamp: the sampling instant, so a sender held back by backpressure shows up as delay; unpaced ones the actual
/// send time), the end markers, then waiting for the receiver's report (<see cref="DatagramReceiverRole"/>), from which
/// it builds the measurement.
/// </summary>
/// <remarks>
/// On transports that may lose every end marker the client also ends the session itself once nothing moved for
/// <c>loss-timeout</c> after its sender finished: "moved" is its progress counter, which in one process is the
/// receiver's (so the rule is the receiver's idle rule of old); with a server on another host it may not move, and then
/// the session ends <c>loss-timeout</c> after the sender finished (a message later than that counts as lost).
/// </remarks>
internal sealed class DatagramRun : MessageRun
{
    /// <summary>End markers sent on transports that may lose or reorder them.</summary>
    private const int EndMarkerCopies = 5;

    private readonly ClientRun _run;
    private readonly TransferProgress _progress;
    private readonly StrongBox<long> _deliveredBytes;
    private readonly bool _reliableOrdered;
    private long _senderDoneTicks;
    private long _measuredEndTicks;
    private bool _clientEnded;
    private DatagramsReport? _report;
    private IReadOnlyDictionary<string, double> _statistics = new Dictionary<string, double>();

    public DatagramRun(ClientRun run, MessageSettings settings, int size, TransferProgress progress)
        : this(run, settings, size, progress, new StrongBox<long>())
    {
    }

    private DatagramRun(ClientRun run, MessageSettings settings, int size, TransferProgress progress, StrongBox<long> deliveredBytes)
        : base(run.Client, run.ConnectStartTimestamp, settings, size, () => Volatile.Read(ref deliveredBytes.Value))
    {
        _run = run;
        _progress = progress;
        _deliveredBytes = deliveredBytes;
        var capabilities = run.Client.Capabilities;
        _reliableOrdered = capabilities.IsReliable && capabilities.IsOrdered;
    }

    public Task RunAsync(CancellationToken cancellationToken) => RunLoopsAsync(cancellationToken);

    /// <summary>The client receives nothing in this scenario.</summary>
    protected override ValueTask ReceiveLoopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>The last measured arrival on the client's clock, or (none) the time this is first asked.</summary>
    protected override long EndOfMeasuredInterval()
        => _measuredEndTicks != 0 ? _measuredEndTicks
            : _measuredEndTicks = Report.LastMeasuredTicks == 0 ? MonotonicClock.NowTicks() : _run.Server.ToClientTicks(Report.LastMeasuredTicks);

    private DatagramsReport Report => _report ?? throw new InvalidOperationException("the run has not finished");

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
    /// Waits for the receiver's report. Reliable, ordered transports: it ends at the end marker. Otherwise the client
    /// also ends the session once nothing moved for the loss timeout after the sender finished (see the remarks).
    /// </summary>
    protected override async Task FinishAsync(Task receive, CancellationToken cancellationToken)
    {
        var report = _run.ReportAsync();
        if (!_reliableOrdered)
            _clientEnded = await IdleEnd.ClientWaitAsync(_run, report, _progress, () => Volatile.Read(ref _senderDoneTicks), Settings.LossTimeoutMs,
                () => _statistics = Client.GetStatistics(), cancellationToken).ConfigureAwait(false);
        ServerReport served;
        try
        {
            served = await report.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_clientEnded && !cancellationToken.IsCancellationRequested)
        {
            // The session ended before the server side accepted the connection: nothing arrived.
            served = ServerReport.Of(DatagramsReport.Nothing);
        }
        if (!_clientEnded) _statistics = Client.GetStatistics();
        _report = served.Read<DatagramsReport>().Validated(Size);
        Volatile.Write(ref _deliveredBytes.Value, _report.DeliveredBytes);
    }

    public Measurement ToMeasurement()
    {
        var report = Report;
        long sent = Source.Schedule.MeasuredSent;
        if (_reliableOrdered && report.Received != sent)
            throw new IntegrityException($"datagrams: {sent} messages sent but {report.Received} delivered on a reliable, ordered transport");
        LatencyHistogram oneWayDelay;
        try
        {
            oneWayDelay = LatencyHistogram.FromSnapshot(report.OneWayDelay);
        }
        catch (FormatException e)
        {
            throw new IntegrityException($"datagrams: the server's one-way delay histogram is unreadable: {e.Message}");
        }
        if (oneWayDelay.Count != report.Received)
            throw new IntegrityException($"datagrams: the server's report counts {report.Received} messages but {oneWayDelay.Count} delays");
        var latency = oneWayDelay.ToLatency("one_way_delay", coordinatedOmissionCorrected: Source.Schedule.IsPaced);
        var delivery = SequenceTracker.ToDelivery(sent, report.Received, report.Duplicates, report.Reordered, report.MaxReorderExtent, report.JitterMs);
        long firstReceive = report.FirstReceiveTicks == 0 ? 0 : _run.Server.ToClientTicks(report.FirstReceiveTicks);
        // The delay above the base delay (owd_above_base_*) is derived from the latency section by the catalog.
        return ToMeasurement(latency, delivery, firstReceive, EndOfMeasuredInterval(), _statistics, new Dictionary<string, double>
        {
            [MetricCatalog.MeanReorderExtent.Id] = report.Reordered == 0 ? 0 : (double)report.TotalReorderExtent / report.Reordered,
            [MetricCatalog.OutOfWindow.Id] = report.OutOfWindow,
            [MetricCatalog.EndMarkerSeen.Id] = report.EndMarkerSeen ? 1 : 0,
            [MetricCatalog.IdleStop.Id] = report.IdleStop || _clientEnded ? 1 : 0,
        }, report.Timeline.Count > 0 ? report.Timeline : null);
    }
}
