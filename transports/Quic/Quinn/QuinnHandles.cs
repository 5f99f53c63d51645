using System.Runtime.InteropServices;

namespace Transports.Quic.Quinn;

/// <summary>A native quinn endpoint (UDP socket + quinn endpoint state); freed with <c>tq_endpoint_free</c>.</summary>
internal sealed class EndpointHandle() : SafeHandle(0, ownsHandle: true)
{
    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        QuinnNative.tq_endpoint_free(handle);
        return true;
    }
}

/// <summary>A native quinn connection; freed with <c>tq_conn_free</c> (quinn closes it once nothing refers to it).</summary>
internal sealed class ConnectionHandle : SafeHandle
{
    public ConnectionHandle() : base(0, ownsHandle: true) { }

    /// <summary>Takes ownership of a handle delivered by a completion callback.</summary>
    public ConnectionHandle(long value) : base(0, ownsHandle: true) => SetHandle((nint)value);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        QuinnNative.tq_conn_free(handle);
        return true;
    }
}

/// <summary>A native quinn bidirectional stream (send + receive halves); freed with <c>tq_stream_free</c>.</summary>
internal sealed class StreamHandle : SafeHandle
{
    public StreamHandle() : base(0, ownsHandle: true) { }

    /// <summary>Takes ownership of a handle delivered by a completion callback.</summary>
    public StreamHandle(long value) : base(0, ownsHandle: true) => SetHandle((nint)value);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle()
    {
        QuinnNative.tq_stream_free(handle);
        return true;
    }
}
