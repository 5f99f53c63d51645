using System.Threading.Tasks.Sources;
using Transports.Measure.Timing;

namespace Transports.Scenarios.PingPong;

/// <summary>
/// Hands "response n arrived" from the receive loop to the closed-loop sender, with an optional timeout after which the
/// request counts as lost (unreliable transports). Reusable, allocation-free and lock-free per message: a
/// <see cref="ManualResetValueTaskSourceCore{TResult}"/> completed by one compare-and-swap on the awaited sequence
/// number. The waiter continues inline on the completing thread (like a sequential send/receive loop), so the hand-off
/// adds no thread hop. Timeouts are checked by one periodic timer created up front, not re-armed per message.
/// </summary>
internal sealed class ResponseSignal : IValueTaskSource<bool>, IDisposable
{
    private const long NotArmed = long.MinValue;

    private ManualResetValueTaskSourceCore<bool> _core; // RunContinuationsAsynchronously = false: inline continuation
    private readonly Timer? _timer;
    private readonly long _timeoutTicks;
    private long _armed = NotArmed; // the sequence number awaited, or NotArmed
    private long _deadlineTicks;
    private Exception? _fault;

    /// <summary>Creates the signal.</summary>
    /// <param name="timeoutMs">Response timeout in ms; 0 waits forever (reliable transports).</param>
    public ResponseSignal(int timeoutMs)
    {
        if (timeoutMs > 0)
        {
            _timeoutTicks = MonotonicClock.SecondsToTicks(timeoutMs / 1000.0);
            int periodMs = Math.Max(1, timeoutMs / 8);
            _timer = new Timer(static s => ((ResponseSignal)s!).CheckTimeout(), this, periodMs, periodMs);
        }
    }

    /// <summary>Requests that timed out.</summary>
    public long TimedOut { get; private set; }

    /// <summary>Arms the signal for <paramref name="sequence"/>; call before sending the request.</summary>
    public void Arm(long sequence)
    {
        _core.Reset();
        _deadlineTicks = _timeoutTicks > 0 ? MonotonicClock.NowTicks() + _timeoutTicks : long.MaxValue;
        Volatile.Write(ref _armed, sequence);
        if (Volatile.Read(ref _fault) is { } fault && Interlocked.CompareExchange(ref _armed, NotArmed, sequence) == sequence)
            _core.SetException(fault);
    }

    /// <summary>Waits for the armed response: true when it arrived, false on timeout.</summary>
    public ValueTask<bool> WaitAsync() => new(this, _core.Version);

    /// <summary>The receive loop saw response <paramref name="sequence"/>.</summary>
    public void OnResponse(long sequence)
    {
        // The sequence number is the peer's bytes: long.MinValue (NotArmed) would "match" an unarmed signal and complete
        // it a second time (InvalidOperationException out of the receive loop).
        if (sequence == NotArmed) return;
        if (Interlocked.CompareExchange(ref _armed, NotArmed, sequence) == sequence) _core.SetResult(true);
    }

    /// <summary>Fails the current and every later wait (receive loop failed, run cancelled).</summary>
    public void Fail(Exception exception)
    {
        Interlocked.CompareExchange(ref _fault, exception, null);
        long armed = Volatile.Read(ref _armed);
        if (armed != NotArmed && Interlocked.CompareExchange(ref _armed, NotArmed, armed) == armed) _core.SetException(_fault!);
    }

    private void CheckTimeout()
    {
        long armed = Volatile.Read(ref _armed);
        if (armed == NotArmed || MonotonicClock.NowTicks() < Volatile.Read(ref _deadlineTicks)) return;
        if (Interlocked.CompareExchange(ref _armed, NotArmed, armed) == armed)
        {
            TimedOut++;
            _core.SetResult(false);
        }
    }

    /// <summary>Stops the timeout timer.</summary>
    public void Dispose() => _timer?.Dispose();

    bool IValueTaskSource<bool>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<bool>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<bool>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}
