using System.Runtime.CompilerServices;
using Transports.Abstractions;
using Transports.Measure.Histograms;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;
using Transports.Scenarios.Messages;

namespace Transports.Scenarios.PingPong;

/// <summary>
/// The client side of one pingpong run: a send loop and a receive loop on the client connection (one sender, one
/// receiver, as the transport contract allows). The receive loop alone writes the histogram and the sequence tracker.
/// </summary>
internal sealed class PingPongRun : MessageRun
{
    private readonly bool _reliable;
    private long _firstResponseTicks;
    private long _lastResponseTicks;
    private long _endTicks;
    private long _receivedCount; // distinct measured responses, published by the receive loop for FinishAsync
    private ResponseSignal? _signal;
    private readonly MessageTally _tally;
    private LoadPhases? _phases;

    public PingPongRun(ClientRun run, MessageSettings settings, int size, TransferProgress progress)
        : this(run, settings, size, new MessageTally(size, progress))
    {
    }

    /// <summary><c>-under-load</c>: splits the measured round trips into idle and loaded ones (set before the run).</summary>
    public LoadPhases? Phases
    {
        get => _phases;
        init => _phases = value;
    }

    private PingPongRun(ClientRun run, MessageSettings settings, int size, MessageTally tally)
        : base(run.Client, run.ConnectStartTimestamp, settings, size, () => tally.DeliveredBytes)
    {
        _tally = tally;
        _reliable = run.Client.Capabilities.IsReliable;
    }

    public async Task RunClientAsync(CancellationToken cancellationToken)
    {
        _signal = Settings.IsOpenLoop ? null : new ResponseSignal(_reliable ? 0 : Settings.LossTimeoutMs);
        using var signal = _signal;
        using var registration = cancellationToken.Register(static s => ((ResponseSignal?)s)?.Fail(new OperationCanceledException("pingpong cancelled")), _signal);
        await RunLoopsAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closed loop: stamped with the actual send time, one request outstanding; open loop: the intended one
    /// (coordinated-omission correction).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    protected override async ValueTask SendMessageAsync(MessageSource source, CancellationToken cancellationToken)
    {
        if (source.IsFirstMeasured) _phases?.Start(source.Schedule.MeasuredStartTicks);
        _signal?.Arm(source.Sequence);
        await Client.SendAsync(source.Message, cancellationToken).ConfigureAwait(false);
        if (_signal is not null) await _signal.WaitAsync().ConfigureAwait(false); // false = timed out: lost
    }

    /// <summary>After the last request: wait for the outstanding responses (unreliable: at most the loss timeout).</summary>
    protected override async Task FinishAsync(Task receive, CancellationToken cancellationToken)
    {
        var client = Client;
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
        long sent = Source.Schedule.MeasuredSent;
        long deadline = MonotonicClock.NowTicks() + MonotonicClock.SecondsToTicks(Settings.LossTimeoutMs / 1000.0);
        while (!receive.IsCompleted && Volatile.Read(ref _receivedCount) < sent
               && (_reliable || MonotonicClock.NowTicks() < deadline))
            await Task.Delay(1, cancellationToken).ConfigureAwait(false);
    }

    protected override long EndOfMeasuredInterval() => _endTicks = _lastResponseTicks > 0 ? _lastResponseTicks : MonotonicClock.NowTicks();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    protected override async ValueTask ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var receiver = new MessageReceiver(Client, Size);
        try
        {
            while (await receiver.ReceiveAsync(cancellationToken).ConfigureAwait(false))
            {
                long now = MonotonicClock.NowTicks();
                var response = receiver.Current.Span;
                MessageLayout.Verify(response, Template);
                long sequence = MessageLayout.ReadSequence(response);
                long sentTicks = MessageLayout.ReadTimestamp(response);
                if (sequence >= 0 && _tally.Count(sequence, sentTicks, now))
                {
                    _phases?.Record(sentTicks, now);
                    if (_firstResponseTicks == 0) _firstResponseTicks = now;
                    _lastResponseTicks = now;
                    Volatile.Write(ref _receivedCount, _tally.Tracker.Received);
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

    /// <summary>
    /// The measurement. With <see cref="Phases"/> the latency is the loaded phase's RTT (latency under load), and
    /// <paramref name="load"/> adds the idle RTT, the inflation ratios and the bulk goodput carried meanwhile.
    /// </summary>
    public Measurement ToMeasurement(IReadOnlyDictionary<string, double> transportStatistics, IReadOnlyDictionary<string, double>? load = null)
    {
        bool paced = Source.Schedule.IsPaced;
        var values = new Dictionary<string, double>
        {
            [MetricCatalog.TimedOutRequests.Id] = _signal?.TimedOut ?? 0,
            [MetricCatalog.OutOfWindow.Id] = _tally.Tracker.OutOfWindow,
        };
        var latency = _tally.LatencyNs.ToLatency("rtt", coordinatedOmissionCorrected: paced);
        if (_phases is { } phases)
        {
            if (phases.IdleNs.Count == 0 || phases.LoadedNs.Count == 0)
                throw new ScenarioSetupException($"-under-load: {phases.IdleNs.Count} idle and {phases.LoadedNs.Count} loaded round trips: the run was too short for both phases (use a longer -duration)");
            var idle = phases.IdleNs.ToLatency("rtt", paced);
            latency = phases.LoadedNs.ToLatency("rtt", paced);
            values[MetricCatalog.RttIdleP50.Id] = idle.P50Ms;
            values[MetricCatalog.RttIdleP99.Id] = idle.P99Ms;
            if (idle.P50Ms > 0) values[MetricCatalog.RttInflationP50.Id] = latency.P50Ms / idle.P50Ms;
            if (idle.P99Ms > 0) values[MetricCatalog.RttInflationP99.Id] = latency.P99Ms / idle.P99Ms;
            foreach (var (k, v) in load ?? new Dictionary<string, double>()) values[k] = v;
        }
        return ToMeasurement(latency, _tally.ToDelivery(Source.Schedule.MeasuredSent), _firstResponseTicks, _endTicks, transportStatistics, values);
    }
}
