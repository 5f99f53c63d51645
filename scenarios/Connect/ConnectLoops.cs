using System.Net;
using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Connect;

/// <summary>
/// The client's two ways of making connects. Closed loop: <see cref="ConnectSettings.Concurrency"/> workers, each
/// starting its next connect when the last ends, timed from the actual start. Open loop: connect n is due at
/// start + n / rate and timed from that intended start whether or not it could start on time (coordinated-omission
/// correction, as pingpong's open loop; Tene, "How NOT to Measure Latency", 2015); at most
/// <see cref="ConnectSettings.MaxOutstanding"/> are outstanding, a due connect waiting for a slot stays timed from its due
/// time. Both end at <see cref="ConnectSettings.MeasuredCount"/> connects or once <see cref="ConnectSettings.DurationSeconds"/>
/// passed (no connect starts after it; those running finish, bounded by their deadline).
/// </summary>
public sealed class ConnectLoops
{
    private readonly ITransport _transport;
    private readonly IPEndPoint _server;
    private readonly ConnectSettings _settings;
    private readonly TransferProgress _progress;

    /// <summary>Loops over <paramref name="transport"/> to the server role at <paramref name="server"/>.</summary>
    /// <param name="transport">The transport.</param>
    /// <param name="server">The server role's listener.</param>
    /// <param name="settings">Limits, rate, concurrency.</param>
    /// <param name="progress">Counts ended connects for the display and the stall detector.</param>
    public ConnectLoops(ITransport transport, IPEndPoint server, ConnectSettings settings, TransferProgress progress)
    {
        _transport = transport;
        _server = server;
        _settings = settings;
        _progress = progress;
    }

    /// <summary>The measured interval's start (the first measured connect's start, intended in open loop); 0 before.</summary>
    public long MeasuredStartTicks { get; private set; }

    /// <summary>Open loop: the largest delay of a connect's actual start behind its intended one, ms.</summary>
    public double StartLateMaxMs { get; private set; }

    /// <summary>Warm-up: <see cref="ConnectSettings.WarmupCount"/> connects, closed loop, not counted. Returns how many failed.</summary>
    /// <param name="cancellationToken">The run's cancellation.</param>
    public async Task<long> WarmUpAsync(CancellationToken cancellationToken)
    {
        long next = 0, failed = 0;
        var workers = Enumerable.Range(0, (int)Math.Min(_settings.Concurrency, Math.Max(1, _settings.WarmupCount))).Select(_ => Task.Run(async () =>
        {
            for (long i = Interlocked.Increment(ref next) - 1; i < _settings.WarmupCount; i = Interlocked.Increment(ref next) - 1)
            {
                var outcome = await ConnectAttempt.RunAsync(_transport, _server, -1 - i, MonotonicClock.NowTicks(), _settings, cancellationToken).ConfigureAwait(false);
                if (!outcome.Completed) Interlocked.Increment(ref failed);
                _progress.Heartbeat();
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return failed;
    }

    /// <summary>The measured connects, closed loop.</summary>
    /// <param name="tally">Where each ended connect is counted.</param>
    /// <param name="cancellationToken">The run's cancellation.</param>
    public async Task RunClosedLoopAsync(ConnectTally tally, CancellationToken cancellationToken)
    {
        long start = MonotonicClock.NowTicks();
        MeasuredStartTicks = start;
        long end = _settings.DurationSeconds > 0 ? start + MonotonicClock.SecondsToTicks(_settings.DurationSeconds) : long.MaxValue;
        long next = 0;
        var workers = Enumerable.Range(0, _settings.Concurrency).Select(_ => Task.Run(async () =>
        {
            while (true)
            {
                long i = Interlocked.Increment(ref next) - 1;
                long now = MonotonicClock.NowTicks();
                if ((_settings.MeasuredCount > 0 && i >= _settings.MeasuredCount) || now >= end) return;
                tally.Add(await ConnectAttempt.RunAsync(_transport, _server, i, now, _settings, cancellationToken).ConfigureAwait(false));
                _progress.Add(1);
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers).ConfigureAwait(false);
    }

    /// <summary>The measured connects, open loop at <see cref="ConnectSettings.RateConnectsPerSecond"/>.</summary>
    /// <param name="tally">Where each ended connect is counted.</param>
    /// <param name="cancellationToken">The run's cancellation.</param>
    /// <exception cref="Exception">The first unexpected failure of a connect task (a bug: connect failures are outcomes).</exception>
    public async Task RunOpenLoopAsync(ConnectTally tally, CancellationToken cancellationToken)
    {
        double intervalTicks = MonotonicClock.TicksPerSecond / _settings.RateConnectsPerSecond;
        long durationTicks = _settings.DurationSeconds > 0 ? MonotonicClock.SecondsToTicks(_settings.DurationSeconds) : long.MaxValue;
        using var slots = new SemaphoreSlim(_settings.MaxOutstanding, _settings.MaxOutstanding);
        using var pacer = new SendPacer();
        Exception? unexpected = null;
        long start = MonotonicClock.NowTicks();
        MeasuredStartTicks = start;
        long lateMax = 0;
        try
        {
            for (long i = 0; _settings.MeasuredCount == 0 || i < _settings.MeasuredCount; i++)
            {
                long due = start + (long)(i * intervalTicks);
                if (due - start >= durationTicks || Volatile.Read(ref unexpected) is not null) break;
                await pacer.WaitUntilAsync(due, cancellationToken).ConfigureAwait(false);
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
                lateMax = Math.Max(lateMax, MonotonicClock.NowTicks() - due);
                long index = i;
                _ = Task.Run(async () =>
                {
                    try
                    {
                        tally.Add(await ConnectAttempt.RunAsync(_transport, _server, index, due, _settings, cancellationToken).ConfigureAwait(false));
                        _progress.Add(1);
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        Interlocked.CompareExchange(ref unexpected, e, null);
                    }
                    finally
                    {
                        slots.Release();
                    }
                }, CancellationToken.None);
            }
        }
        finally
        {
            // Every slot back: each running connect ended (each is bounded by its deadline, and by the run's cancellation).
            for (int k = 0; k < _settings.MaxOutstanding; k++) await slots.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        }
        StartLateMaxMs = MonotonicClock.TicksToMilliseconds(lateMax);
        if (unexpected is not null) throw unexpected;
        cancellationToken.ThrowIfCancellationRequested();
    }
}
