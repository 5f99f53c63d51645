using System.Runtime.InteropServices;

namespace Transports.Quic.Quinn;

/// <summary>A handle made by libtransports_quinn (a boxed Rust object), freed exactly once by <see cref="Free"/>.</summary>
internal abstract class QuinnHandle : SafeHandle
{
    protected QuinnHandle() : base(0, ownsHandle: true) { }

    /// <summary>Takes ownership of a handle delivered by a completion callback.</summary>
    protected QuinnHandle(long value) : this() => SetHandle((nint)value);

    public override bool IsInvalid => handle == 0;

    /// <summary>The native free function of this kind of handle.</summary>
    protected abstract void Free(nint value);

    protected override bool ReleaseHandle()
    {
        Free(handle);
        return true;
    }
}

/// <summary>A native quinn endpoint (UDP socket + quinn endpoint state); freed with <c>tq_endpoint_free</c>.</summary>
internal sealed class EndpointHandle : QuinnHandle
{
    protected override void Free(nint value) => QuinnNative.tq_endpoint_free(value);
}

/// <summary>A native quinn connection; freed with <c>tq_conn_free</c> (quinn closes it once nothing refers to it).</summary>
internal sealed class ConnectionHandle : QuinnHandle
{
    public ConnectionHandle() { }

    /// <summary>Takes ownership of a handle delivered by a completion callback.</summary>
    public ConnectionHandle(long value) : base(value) { }

    protected override void Free(nint value) => QuinnNative.tq_conn_free(value);
}

/// <summary>A native quinn bidirectional stream (send + receive halves); freed with <c>tq_stream_free</c>.</summary>
internal sealed class StreamHandle : QuinnHandle
{
    public StreamHandle() { }

    /// <summary>Takes ownership of a handle delivered by a completion callback.</summary>
    public StreamHandle(long value) : base(value) { }

    protected override void Free(nint value) => QuinnNative.tq_stream_free(value);
}
