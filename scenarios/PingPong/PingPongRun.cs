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

    public PingPongRun(ClientRun run, MessageSettings settings, int size, TransferProgress progress)
        : this(run, settings, size, new MessageTally(size, progress))
    {
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
                if (sequence >= 0 && _tally.Count(sequence, MessageLayout.ReadTimestamp(response), now))
                {
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

    public Measurement ToMeasurement(IReadOnlyDictionary<string, double> transportStatistics)
        => ToMeasurement(_tally.LatencyNs.ToLatency("rtt", coordinatedOmissionCorrected: Source.Schedule.IsPaced),
            _tally.ToDelivery(Source.Schedule.MeasuredSent), _firstResponseTicks, _endTicks, transportStatistics, new Dictionary<string, double>
            {
                [MetricCatalog.TimedOutRequests.Id] = _signal?.TimedOut ?? 0,
                [MetricCatalog.OutOfWindow.Id] = _tally.Tracker.OutOfWindow,
            });
}
