using System.Net.Quic;
using System.Runtime.Versioning;
using Transports.Abstractions;

namespace Transports.Quic.MsQuic;

/// <summary>
/// One QUIC bidirectional stream over System.Net.Quic: FIN is <see cref="QuicStream.CompleteWrites"/>, abort is
/// RESET_STREAM + STOP_SENDING (or CONNECTION_CLOSE for a connection's first stream).
/// </summary>
[SupportedOSPlatform("linux"), SupportedOSPlatform("windows"), SupportedOSPlatform("macos")]
internal sealed class MsQuicStream(QuicStream stream, QuicConnection connection, bool abortClosesConnection, TransportCapabilities capabilities)
    : ITransportConnection
{
    private bool _receiveCompleted;

    public TransportCapabilities Capabilities => capabilities;

    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        try
        {
            await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
        }
        catch (QuicException e)
        {
            throw MsQuicErrors.Translate(e, "quic send");
        }
    }

    public async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty) throw new ArgumentException("receive buffer must not be empty", nameof(buffer));
        if (_receiveCompleted) return ReceiveResult.Completed;
        try
        {
            int count = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (count > 0) return new ReceiveResult(count, false);
            _receiveCompleted = true;
            return ReceiveResult.Completed;
        }
        catch (QuicException e)
        {
            throw MsQuicErrors.Translate(e, "quic receive");
        }
    }

    public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default)
    {
        stream.CompleteWrites();
        return ValueTask.CompletedTask;
    }

    public void Abort()
    {
        if (abortClosesConnection) _ = connection.CloseAsync(QuicErrorCodes.Aborted).AsTask();
        else stream.Abort(QuicAbortDirection.Both, QuicErrorCodes.Aborted);
    }

    /// <summary>Writes the stream preface (see <see cref="StreamPreface"/>).</summary>
    public ValueTask WritePrefaceAsync(CancellationToken ct) => SendAsync(StreamPreface.Bytes, ct);

    /// <summary>Reads and checks the peer's stream preface.</summary>
    /// <exception cref="TransportException">Missing or wrong preface.</exception>
    public async ValueTask ReadPrefaceAsync(CancellationToken ct)
    {
        var buffer = new byte[1];
        var r = await ReceiveAsync(buffer, ct).ConfigureAwait(false);
        StreamPreface.Check(r, buffer[0]);
    }

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}
