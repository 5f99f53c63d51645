using System.Runtime.CompilerServices;
using Transports.Abstractions;
using Transports.Measure.Histograms;
using Transports.Measure.Sequencing;
using Transports.Measure.Timing;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;
using Transports.Scenarios.Messages;

namespace Transports.Scenarios.HeadOfLine;

/// <summary>
/// The client role of one hol run: one paced schedule at flows × flow-rate messages/s whose messages go to the flows in
/// turns (message k to flow k mod N), each stamped with its flow, the flow's sequence number and its intended send time,
/// and sent on the flow's connection (<see cref="FlowMapping"/>: its own stream, or the one connection); then end
/// markers, the wait for the receiver's report (<see cref="HolReceiverRole"/>) and the measurement.
/// </summary>
/// <remarks>
/// One send loop serves every flow: an ordered stream takes one sender, and a paced loop per flow would spin N pacers.
/// A stream whose send blocks (flow control) would hold the others' sends back; the messages carry their intended time,
/// so that wait shows up as delay, and <c>send_late_max_ms</c> says how late the sender was at worst.
/// </remarks>
internal sealed class HolRun : MessageRun
{
    private const int EndMarkerCopies = 5;

    private readonly ClientRun _run;
    private readonly HolSettings _settings;
    private readonly FlowMapping _mapping;
    private readonly IReadOnlyList<ITransportConnection> _flowConnections;
    private readonly TransferProgress _progress;
    private readonly StrongBox<long> _deliveredBytes;
    private readonly bool _endsByMarker;
    private long _senderDoneTicks;
    private long _measuredEndTicks;
    private bool _clientEnded;
    private HolReport? _report;
    private IReadOnlyDictionary<string, double> _statistics = new Dictionary<string, double>();

    public HolRun(ClientRun run, HolSettings settings, FlowMapping mapping, IReadOnlyList<ITransportConnection> flowConnections, TransferProgress progress)
        : this(run, settings, mapping, flowConnections, progress, new StrongBox<long>())
    {
    }

    private HolRun(ClientRun run, HolSettings settings, FlowMapping mapping, IReadOnlyList<ITransportConnection> flowConnections,
        TransferProgress progress, StrongBox<long> deliveredBytes)
        : base(run.Client, run.ConnectStartTimestamp, settings.ToMessageSettings(), settings.MessageSizeBytes, () => Volatile.Read(ref deliveredBytes.Value))
    {
        _run = run;
        _settings = settings;
        _mapping = mapping;
        _flowConnections = flowConnections;
        _progress = progress;
        _deliveredBytes = deliveredBytes;
        var capabilities = run.Client.Capabilities;
        _endsByMarker = capabilities.IsReliable && capabilities.IsOrdered;
    }

    public Task RunAsync(CancellationToken cancellationToken) => RunLoopsAsync(cancellationToken);

    /// <summary>The client receives nothing in this scenario.</summary>
    protected override ValueTask ReceiveLoopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    /// <summary>Stamps the flow's header over the source's and sends on the flow's connection.</summary>
    protected override ValueTask SendMessageAsync(MessageSource source, CancellationToken cancellationToken)
    {
        var message = source.Message;
        var (flow, sequence) = HolLayout.FlowOf(source.Sequence, _settings.Flows);
        HolLayout.WriteHeader(message, flow, sequence, MessageLayout.ReadTimestamp(message));
        return ConnectionOf(flow).SendAsync(message, cancellationToken);
    }

    private ITransportConnection ConnectionOf(int flow) => _mapping == FlowMapping.StreamPerFlow ? _flowConnections[flow] : Client;

    protected override long EndOfMeasuredInterval()
        => _measuredEndTicks != 0 ? _measuredEndTicks
            : _measuredEndTicks = Report.LastMeasuredTicks == 0 ? MonotonicClock.NowTicks() : _run.Server.ToClientTicks(Report.LastMeasuredTicks);

    private HolReport Report => _report ?? throw new InvalidOperationException("the run has not finished");

    /// <summary>End markers (the timestamp field carries the measured messages sent, every flow): one per stream on reliable
    /// transports, then the orderly close of each; five copies, 1 ms apart, on the others.</summary>
    protected override async Task AfterLastMessageAsync(MessageSource source, CancellationToken cancellationToken)
    {
        var message = source.Message;
        var connections = _mapping == FlowMapping.StreamPerFlow ? _flowConnections : [Client];
        int copies = _endsByMarker ? 1 : EndMarkerCopies;
        for (int i = 0; i < copies; i++)
        {
            if (i > 0) await Task.Delay(1, cancellationToken).ConfigureAwait(false);
            for (int c = 0; c < connections.Count; c++)
            {
                HolLayout.WriteHeader(message, c, MessageLayout.EndMarker, source.Schedule.MeasuredSent);
                await connections[c].SendAsync(message, cancellationToken).ConfigureAwait(false);
            }
        }
        if (Client.Capabilities.HasOrderlyClose)
            foreach (var connection in connections) await connection.CompleteSendAsync(cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _senderDoneTicks, MonotonicClock.NowTicks());
    }

    /// <summary>Waits for the receiver's report; on transports that may lose every end marker, also ends the session once
    /// nothing moved for the loss timeout after the sender finished (as datagrams does).</summary>
    protected override async Task FinishAsync(Task receive, CancellationToken cancellationToken)
    {
        var report = _run.ReportAsync();
        if (!_endsByMarker)
            _clientEnded = await IdleEnd.ClientWaitAsync(_run, report, _progress, () => Volatile.Read(ref _senderDoneTicks), Settings.LossTimeoutMs,
                () => _statistics = Client.GetStatistics(), cancellationToken).ConfigureAwait(false);
        ServerReport served;
        try
        {
            served = await report.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_clientEnded && !cancellationToken.IsCancellationRequested)
        {
            throw new IntegrityException("hol: the session ended before the server accepted the connection: nothing arrived");
        }
        if (!_clientEnded) _statistics = Client.GetStatistics();
        _report = served.Read<HolReport>().Validated(_settings.Flows, Size);
        Volatile.Write(ref _deliveredBytes.Value, _report.DeliveredBytes);
    }

    public Measurement ToMeasurement()
    {
        var report = Report;
        long sent = Source.Schedule.MeasuredSent;
        int n = _settings.Flows;
        var flows = report.Flows.Select(f =>
        {
            long flowSent = HolLayout.SentOn(sent, f.Flow, n);
            return new FlowResult(f.Flow, flowSent, f.Received, flowSent - f.Received, f.Duplicates, f.Reordered,
                Ms(f.P50Ns), Ms(f.P99Ns), Ms(f.MaxNs), f.Delayed);
        }).ToList();
        if (flows.FirstOrDefault(f => f.Lost < 0 || (Client.Capabilities.IsReliable && f.Lost != 0)) is { } bad)
            throw new IntegrityException($"hol: flow {bad.Flow}: {bad.Sent} messages sent but {bad.Received} delivered{(Client.Capabilities.IsReliable ? " on a reliable transport" : "")}");
        LatencyHistogram oneWayDelay;
        try
        {
            oneWayDelay = LatencyHistogram.FromSnapshot(report.OneWayDelay);
        }
        catch (FormatException e)
        {
            throw new IntegrityException($"hol: the server's one-way delay histogram is unreadable: {e.Message}");
        }
        long received = flows.Sum(f => f.Received);
        if (oneWayDelay.Count != received)
            throw new IntegrityException($"hol: the server's report counts {received} messages but {oneWayDelay.Count} delays");
        var latency = oneWayDelay.ToLatency("one_way_delay", coordinatedOmissionCorrected: true);
        var delivery = SequenceTracker.ToDelivery(sent, received, flows.Sum(f => f.Duplicates), flows.Sum(f => f.Reordered), 0, null);
        long firstReceive = report.FirstReceiveTicks == 0 ? 0 : _run.Server.ToClientTicks(report.FirstReceiveTicks);
        var measurement = ToMeasurement(latency, delivery, firstReceive, EndOfMeasuredInterval(), _statistics, new Dictionary<string, double>
        {
            [MetricCatalog.OutOfWindow.Id] = report.OutOfWindow,
            [MetricCatalog.IdleStop.Id] = report.IdleStop || _clientEnded ? 1 : 0,
        }, report.Timeline.Count > 0 ? report.Timeline : null);
        return measurement with
        {
            Flows = new FlowSet
            {
                Mapping = _mapping.Id(),
                ExcessThresholdMs = _settings.ExcessThresholdMs,
                CrossFlowWindowMs = HolReceiverRole.CrossFlowWindowMs,
                BaseDelayMs = Ms(report.BaseNs),
                Delivered = received,
                Delayed = report.Delayed,
                CrossFlowDelayed = report.CrossFlowDelayed,
                Flows = flows,
            },
        };
    }

    private static double Ms(long ns) => ns / 1e6;
}
