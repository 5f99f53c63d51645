using Transports.Abstractions;
using Transports.Measure;
using Transports.Measure.Histograms;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;
using Transports.Scenarios.Messages;

namespace Transports.Scenarios.HeadOfLine;

/// <summary>
/// The hol server role: receives every flow (stream per flow: the connection's first stream plus the N−1 streams it
/// accepts, read concurrently; otherwise the one connection), verifies every message's bytes, counts each flow
/// (<see cref="FlowTally"/>), and reports the per-flow and head-of-line figures (<see cref="HolAnalysis"/>,
/// <see cref="HolReport"/>).
/// </summary>
/// <remarks>
/// One-way delay = <c>(now − ClockOffsetTicks) − sent</c>. The end, as the datagrams receiver: on reliable, ordered
/// transports every stream ends at its end marker (a stream that completes before it is an integrity failure); otherwise
/// at the first end marker, when the client ends the session (it does once nothing moved for <c>loss-timeout</c> after
/// its sender finished), or when nothing arrived for <c>loss-timeout</c> after the latest time the sender can be sending
/// (2 × duration + 1 s after the measured start).
/// </remarks>
internal sealed class HolReceiverRole
{
    /// <summary>Arrivals at most this far apart are "at about the same time" for a shared stall, ms.</summary>
    public const double CrossFlowWindowMs = 1;

    private readonly ServerRoleContext _context;
    private readonly HolSettings _settings;
    private readonly FlowMapping _mapping;
    private readonly bool _endsByMarker;
    private readonly Func<long> _now;
    private readonly FlowTally[] _flows;
    private readonly int[] _flowOwner; // stream per flow: 1 once a stream carries the flow
    private readonly long _maxSequence;
    private readonly TimelineSampler _timeline;
    private readonly Lock _startLock = new();
    private readonly List<ITransportConnection> _streams = [];
    private long _deliveredBytes;
    private long _firstReceiveTicks;
    private long _lastMeasuredTicks;
    private long _lastActivityTicks;
    private long _presumedSenderEndTicks = long.MaxValue;
    private bool _measuring;
    private int _endMarkers;
    private bool _idleStop;
    private Exception? _firstFailure;

    public HolReceiverRole(ServerRoleContext context, HolSettings settings)
    {
        _context = context;
        _settings = settings;
        var capabilities = context.Connection.Capabilities;
        _mapping = FlowMappings.For(capabilities) ?? throw new InvalidOperationException($"hol cannot run over {capabilities}");
        _endsByMarker = capabilities.IsReliable && capabilities.IsOrdered;
        _now = context.NowTicks;
        _flows = Enumerable.Range(0, settings.Flows).Select(f => new FlowTally(f)).ToArray();
        _flowOwner = new int[settings.Flows];
        _maxSequence = (long)Math.Ceiling(settings.FlowRateMessagesPerSecond * settings.DurationSeconds) + 1;
        _timeline = new TimelineSampler(() => Volatile.Read(ref _deliveredBytes), clock: _now);
    }

    public async Task<ServerReport> RunAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            var readers = new List<Task> { Task.Run(() => GuardAsync(() => ReadAsync(_context.Connection, stop.Token), stop), CancellationToken.None) };
            if (_mapping == FlowMapping.StreamPerFlow)
                readers.Add(Task.Run(() => GuardAsync(() => AcceptStreamsAsync(stop), stop), CancellationToken.None));
            var all = Task.WhenAll(readers);
            if (!_endsByMarker) await WatchIdleAsync(all, stop).ConfigureAwait(false);
            try
            {
                await all.ConfigureAwait(false);
            }
            catch (Exception e) when (!_endsByMarker && (e is OperationCanceledException && stop.IsCancellationRequested || e is TransportException))
            {
                // Stopped on idle, or the client ended the session: report what arrived.
            }
            catch when (Volatile.Read(ref _firstFailure) is { } first && !cancellationToken.IsCancellationRequested)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(first); // the root cause, not the cancellation it caused
            }
        }
        finally
        {
            _timeline.Dispose();
            foreach (var stream in _streams) await ClientRun.SafeDisposeAsync(stream).ConfigureAwait(false);
        }
        return ServerReport.Of(ToReport());
    }

    /// <summary>Runs one reader; its failure stops the others (which would otherwise wait forever) and is kept as the cause.</summary>
    private async Task GuardAsync(Func<Task> reader, CancellationTokenSource stop)
    {
        try
        {
            await reader().ConfigureAwait(false);
        }
        catch (Exception e) when (!(e is OperationCanceledException && stop.IsCancellationRequested))
        {
            Interlocked.CompareExchange(ref _firstFailure, e, null);
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Stream per flow: accepts the other N−1 streams and reads each beside the others.</summary>
    private async Task AcceptStreamsAsync(CancellationTokenSource stop)
    {
        var connection = _context.Connection as IMultiplexedTransportConnection
            ?? throw new TransportException(TransportError.NotSupported, "hol: the transport declares multiplexed streams but its connection cannot accept them");
        var readers = new List<Task>();
        for (int i = 1; i < _settings.Flows; i++)
        {
            var stream = await connection.AcceptStreamAsync(stop.Token).ConfigureAwait(false);
            lock (_streams) _streams.Add(stream);
            readers.Add(Task.Run(() => GuardAsync(() => ReadAsync(stream, stop.Token), stop), CancellationToken.None));
        }
        await Task.WhenAll(readers).ConfigureAwait(false);
    }

    private async Task ReadAsync(ITransportConnection connection, CancellationToken cancellationToken)
    {
        var receiver = new MessageReceiver(connection, _settings.MessageSizeBytes);
        var template = HolLayout.NewMessage(_settings.MessageSizeBytes);
        long offset = _context.ClockOffsetTicks;
        int boundFlow = -1;
        while (await receiver.ReceiveAsync(cancellationToken).ConfigureAwait(false))
        {
            long now = _now();
            var message = receiver.Current.Span;
            HolLayout.Verify(message, template);
            int flow = HolLayout.ReadFlow(message);
            if (flow < 0 || flow >= _flows.Length)
                throw new IntegrityException($"hol: a message of flow {flow}, but the run has flows 0-{_flows.Length - 1}");
            if (_mapping == FlowMapping.StreamPerFlow && flow != boundFlow)
            {
                if (boundFlow >= 0) throw new IntegrityException($"hol: flow {flow} arrived on the stream of flow {boundFlow}");
                if (Interlocked.Exchange(ref _flowOwner[flow], 1) != 0) throw new IntegrityException($"hol: flow {flow} arrived on two streams");
                boundFlow = flow;
            }
            long sequence = MessageLayout.ReadSequence(message);
            Volatile.Write(ref _lastActivityTicks, now);
            Interlocked.CompareExchange(ref _firstReceiveTicks, now, 0);
            if (sequence == MessageLayout.EndMarker)
            {
                Interlocked.Increment(ref _endMarkers);
                // A reliable stream then closes: wait for it, so the stream is not disposed (QUIC: STOP_SENDING) while
                // the sender still finishes it.
                if (_endsByMarker && connection.Capabilities.HasOrderlyClose && await receiver.ReceiveAsync(cancellationToken).ConfigureAwait(false))
                    throw new IntegrityException($"hol: flow {flow}: a message after the end marker");
                return;
            }
            if (sequence < 0) continue; // warm-up
            if (sequence > _maxSequence)
                throw new IntegrityException($"hol: flow {flow} message {sequence} is beyond the plan ({_maxSequence + 1} per flow at most)");
            long sent = MessageLayout.ReadTimestamp(message);
            if (!Volatile.Read(ref _measuring)) StartMeasuring(flow, sequence, sent, offset);
            if (_flows[flow].Count(sequence, sent, now - offset, now))
            {
                Interlocked.Add(ref _deliveredBytes, _settings.MessageSizeBytes);
                _context.Progress.Add(1);
                long last;
                while ((last = Volatile.Read(ref _lastMeasuredTicks)) < now && Interlocked.CompareExchange(ref _lastMeasuredTicks, now, last) != last) { }
            }
        }
        if (_endsByMarker)
            throw new IntegrityException("hol: a stream completed before its end marker arrived");
    }

    /// <summary>
    /// The first measured message (of any flow): the measured interval started when the sender's message 0 was due, i.e.
    /// this message's intended time minus its place in the interleaved schedule (k = sequence × flows + flow).
    /// </summary>
    private void StartMeasuring(int flow, long sequence, long sentTicks, long offset)
    {
        lock (_startLock)
        {
            if (_measuring) return;
            double intervalTicks = MonotonicClock.TicksPerSecond / _settings.TotalRateMessagesPerSecond;
            long start = sentTicks - (long)((sequence * _settings.Flows + flow) * intervalTicks);
            _timeline.Start(start + offset);
            Volatile.Write(ref _presumedSenderEndTicks, start + offset + MonotonicClock.SecondsToTicks(2 * _settings.DurationSeconds + 1));
            Volatile.Write(ref _measuring, true);
        }
    }

    /// <summary>Unreliable transports: stops the receiving once idle (see the remarks and <see cref="IdleEnd.ServerWatchAsync"/>).</summary>
    private async Task WatchIdleAsync(Task readers, CancellationTokenSource stop)
        => _idleStop = await IdleEnd.ServerWatchAsync(readers, stop, _settings.LossTimeoutMs, () => Volatile.Read(ref _measuring),
            () => Math.Max(Volatile.Read(ref _lastActivityTicks), Volatile.Read(ref _presumedSenderEndTicks)), _now).ConfigureAwait(false);

    private HolReport ToReport()
    {
        long last = Volatile.Read(ref _lastMeasuredTicks);
        var timeline = _timeline.Stop(last == 0 ? _now() : last);
        var figures = HolAnalysis.Analyze(_flows.Select(f => f.ToSamples()).ToList(),
            (long)Math.Round(_settings.ExcessThresholdMs * 1e6), MonotonicClock.SecondsToTicks(CrossFlowWindowMs / 1000));
        var all = new LatencyHistogram();
        foreach (var f in _flows)
            foreach (long d in f.ToSamples().DelayNs) all.Record(d);
        var flows = _flows.Select((f, i) => new HolFlowReport(f.Flow, f.Tracker.Received, f.Tracker.Duplicates, f.Tracker.Reordered,
            figures.Flows[i].P50Ns, figures.Flows[i].P99Ns, figures.Flows[i].MaxNs, figures.Flows[i].Delayed)).ToList();
        return new HolReport(flows, figures.BaseNs, figures.Delayed, figures.CrossFlowDelayed, all.ToSnapshot(),
            _flows.Sum(f => f.Tracker.OutOfWindow), Volatile.Read(ref _firstReceiveTicks), last, Volatile.Read(ref _endMarkers),
            _idleStop, Volatile.Read(ref _deliveredBytes), timeline);
    }
}
