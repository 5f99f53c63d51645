using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks.Sources;

namespace Transports.Quic.Quinn;

/// <summary>
/// One reusable asynchronous native operation: the bridge from the Rust runtime's completion callback to a
/// <see cref="ValueTask{TResult}"/>. A connection keeps one for sends and one for receives, so the hot path
/// allocates nothing: the state passed to native code is a <see cref="GCHandle"/> to this object, the payload
/// stays pinned until the callback has run, and continuations run on the thread pool (never on a runtime thread).
/// </summary>
internal sealed unsafe class NativeOperation : IValueTaskSource<long>
{
    private const int Idle = 0, InFlight = 1, DisposedInFlight = 2, Disposed = 3;

    private ManualResetValueTaskSourceCore<long> _core = new() { RunContinuationsAsynchronously = true };
    private readonly GCHandle _self;
    private MemoryHandle _pin;
    private int _state;

    public NativeOperation() => _self = GCHandle.Alloc(this);

    /// <summary>The callback every asynchronous native call takes.</summary>
    public static delegate* unmanaged<nint, int, long, byte*, nuint, void> Callback => &OnCompleted;

    /// <summary>The address of the memory pinned by <see cref="Begin"/> (null when none).</summary>
    public void* PinnedPointer => _pin.Pointer;

    /// <summary>The opaque state passed with <see cref="Callback"/>.</summary>
    public nint State => GCHandle.ToIntPtr(_self);

    /// <summary>Marks the operation in flight, keeping <paramref name="pin"/> until it completes.</summary>
    /// <exception cref="InvalidOperationException">Another operation of this kind is still in flight.</exception>
    /// <exception cref="ObjectDisposedException">The owner was disposed.</exception>
    public void Begin(MemoryHandle pin = default)
    {
        int previous = Interlocked.CompareExchange(ref _state, InFlight, Idle);
        if (previous != Idle)
        {
            pin.Dispose();
            if (previous == InFlight) throw new InvalidOperationException("quic: only one concurrent send and one concurrent receive are allowed");
            throw new ObjectDisposedException(nameof(NativeOperation), "quic: the connection was disposed");
        }
        _core.Reset();
        _pin = pin;
    }

    /// <summary>After <see cref="Begin"/>: the native call returned <paramref name="code"/>. On failure the callback will not run.</summary>
    /// <returns>The task to await (completed with the failure when the call failed synchronously).</returns>
    public ValueTask<long> Started(int code)
    {
        if (code != QuinnErrors.Ok) Complete(QuinnErrors.Failure(code), 0);
        return new ValueTask<long>(this, _core.Version);
    }

    /// <summary>After <see cref="Begin"/>: the native call could not be made (e.g. a disposed handle).</summary>
    /// <returns>The task to await, completed with <paramref name="error"/>.</returns>
    public ValueTask<long> Failed(Exception error)
    {
        Complete(error, 0);
        return new ValueTask<long>(this, _core.Version);
    }

    /// <summary>Frees the handle now, or when the in-flight operation completes.</summary>
    public void Dispose()
    {
        while (true)
        {
            int state = Volatile.Read(ref _state);
            if (state is Disposed or DisposedInFlight) return;
            int next = state == InFlight ? DisposedInFlight : Disposed;
            if (Interlocked.CompareExchange(ref _state, next, state) != state) continue;
            if (next == Disposed) _self.Free();
            return;
        }
    }

    [UnmanagedCallersOnly]
    private static void OnCompleted(nint state, int code, long value, byte* message, nuint messageLength)
    {
        try
        {
            if (GCHandle.FromIntPtr(state).Target is not NativeOperation op) return;
            op.Complete(code == QuinnErrors.Ok ? null : QuinnErrors.Create(code, message, messageLength), value);
        }
        catch
        {
            // Never let an exception unwind into the Rust runtime.
        }
    }

    private void Complete(Exception? error, long value)
    {
        _pin.Dispose();
        _pin = default;
        // Leave the in-flight state before publishing the result, so the continuation may start the next operation.
        if (Interlocked.CompareExchange(ref _state, Idle, InFlight) == DisposedInFlight)
        {
            _state = Disposed;
            _self.Free();
        }
        if (error is null) _core.SetResult(value);
        else _core.SetException(error);
    }

    long IValueTaskSource<long>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<long>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<long>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
        => _core.OnCompleted(continuation, state, token, flags);
}
