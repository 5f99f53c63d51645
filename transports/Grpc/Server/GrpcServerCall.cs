using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Transports.Abstractions;
using Transports.Grpc.Calls;
using Transports.Grpc.Protos;

namespace Transports.Grpc.Server;

/// <summary>
/// The server side of one streaming call as an <see cref="ITransportConnection"/>, over the request reader and
/// response writer that Grpc.AspNetCore hands the service method. The method awaits <see cref="Completion"/>: it
/// returns (status OK, plus the <see cref="UploadSummary"/> of an Upload) at <see cref="CompleteSendAsync"/> or
/// dispose, throws the <see cref="RpcException"/> of a failed call, and returns after <see cref="Abort"/> has reset
/// the stream (RST_STREAM CANCEL). Until then Grpc.AspNetCore keeps the call's HttpContext alive.
/// </summary>
internal sealed class GrpcServerCall : IGrpcCall
{
    /// <summary>HTTP/2 error code CANCEL (RFC 9113 section 7), what gRPC sends to cancel a call.</summary>
    public const int Http2CancelErrorCode = 0x8;

    private readonly IAsyncStreamReader<Chunk>? _reader;
    private readonly IServerStreamWriter<Chunk>? _writer;
    private readonly ServerCallContext _context;
    private readonly int _maxMessageBytes;
    private readonly TaskCompletionSource<UploadSummary?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _receiveCompleted;
    private bool _sendCompleted;
    private long _bytesReceived;
    private long _messagesReceived;

    /// <summary>Creates the call.</summary>
    /// <param name="kind">Upload, Download or Exchange.</param>
    /// <param name="reader">The request stream (Upload, Exchange), else null.</param>
    /// <param name="writer">The response stream (Download, Exchange), else null.</param>
    /// <param name="context">The call's context (cancellation, deadline, HttpContext).</param>
    /// <param name="maxMessageBytes">Largest payload in bytes, both directions.</param>
    /// <param name="capabilities">The transport's capabilities.</param>
    /// <param name="downloadRequest">The request of a Download, else null.</param>
    public GrpcServerCall(GrpcCallKind kind, IAsyncStreamReader<Chunk>? reader, IServerStreamWriter<Chunk>? writer, ServerCallContext context,
        int maxMessageBytes, TransportCapabilities capabilities, DownloadRequest? downloadRequest)
    {
        Kind = kind;
        _reader = reader;
        _writer = writer;
        _context = context;
        Tls = Transports.Kestrel.KestrelTlsSession.Of(context.GetHttpContext().Features);
        _maxMessageBytes = maxMessageBytes;
        Capabilities = capabilities;
        DownloadRequest = downloadRequest;
        _receiveCompleted = reader is null; // a Download's one request message was read before the call was accepted
    }

    /// <inheritdoc />
    public GrpcCallKind Kind { get; }

    /// <inheritdoc />
    public DownloadRequest? DownloadRequest { get; }

    /// <inheritdoc />
    public UploadSummary? UploadSummary => null;

    /// <inheritdoc />
    public TransportCapabilities Capabilities { get; }

    /// <summary>What the service method returns: the Upload summary (null for other calls), or the failure status as an <see cref="RpcException"/>.</summary>
    public Task<UploadSummary?> Completion => _completion.Task;

    /// <summary>What the TLS handshake of the call's HTTP/2 connection negotiated; null over h2c.</summary>
    public Transports.Abstractions.Tls.TlsSessionInfo? Tls { get; }

    /// <inheritdoc />
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (_writer is null)
            throw new InvalidOperationException("grpc: the server of an Upload (client-streaming) call cannot send messages; it answers once at CompleteSendAsync");
        if (_sendCompleted) throw new InvalidOperationException("grpc: the send side was completed (the call's status was sent)");
        MessageTooLargeException.ThrowIfTooLarge(payload.Length, _maxMessageBytes);
        if (_completion.Task.IsCompleted) throw Ended("grpc send");
        try
        {
            await _writer.WriteAsync(new Chunk { Data = UnsafeByteOperations.UnsafeWrap(payload) }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            throw Ended("grpc send", e);
        }
    }

    /// <inheritdoc />
    public async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length < _maxMessageBytes)
            throw new ArgumentException($"receive buffer of {buffer.Length} B is smaller than the maximum message size of {_maxMessageBytes} B", nameof(buffer));
        if (_receiveCompleted) return ReceiveResult.Completed;
        if (_completion.Task.IsCompleted) throw Ended("grpc receive");
        bool more;
        try
        {
            more = await _reader!.MoveNext(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (!_context.CancellationToken.IsCancellationRequested && Malformed(e) is { } status)
        {
            // Oversize (RESOURCE_EXHAUSTED) or broken framing (INTERNAL): tell the client why, then the application.
            _completion.TrySetException(new RpcException(status));
            throw GrpcErrors.ToTransportException(status, "grpc receive", e);
        }
        catch (Exception e)
        {
            throw Ended("grpc receive", e);
        }
        if (!more)
        {
            // A reset request stream can look like its end: the call's token tells the two apart.
            if (_context.CancellationToken.IsCancellationRequested) throw Ended("grpc receive");
            _receiveCompleted = true;
            return ReceiveResult.Completed;
        }
        var chunk = _reader.Current;
        if (chunk.Data.Length > _maxMessageBytes)
        {
            ChunkMarshallers.Release(chunk);
            var status = new Status(StatusCode.ResourceExhausted, $"received a message of {chunk.Data.Length} B; the maximum is {_maxMessageBytes} B");
            _completion.TrySetException(new RpcException(status));
            throw GrpcErrors.ToTransportException(status, "grpc receive");
        }
        int count = ChunkMarshallers.CopyAndRelease(chunk, buffer.Span);
        _bytesReceived += count;
        _messagesReceived++;
        return new ReceiveResult(count, false);
    }

    /// <inheritdoc />
    public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default)
    {
        if (_completion.Task.IsCompleted) return ValueTask.CompletedTask;
        if (_context.CancellationToken.IsCancellationRequested) throw Ended("grpc complete");
        _sendCompleted = true;
        Finish();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public void Abort()
    {
        if (_completion.Task.IsCompleted) return;
        try
        {
            _context.GetHttpContext().Features.Get<IHttpResetFeature>()?.Reset(Http2CancelErrorCode);
        }
        catch (Exception)
        {
            // the stream is already reset or complete
        }
        _completion.TrySetResult(null);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Finish(); // closing without CompleteSendAsync ends the call like closing a socket: OK
        return ValueTask.CompletedTask;
    }

    /// <summary>The listener is shutting down: cancel the call and release the service method.</summary>
    public void Shutdown() => Abort();

    private void Finish() => _completion.TrySetResult(Kind == GrpcCallKind.Upload
        ? new UploadSummary { BytesReceived = _bytesReceived, MessagesReceived = _messagesReceived }
        : null);

    /// <summary>
    /// The status for a request stream Grpc.AspNetCore could not read: its own status (RESOURCE_EXHAUSTED for an
    /// oversize message, INTERNAL for broken framing), INTERNAL for a message that does not parse; null for anything else.
    /// </summary>
    private static Status? Malformed(Exception e) => e switch
    {
        RpcException rpc => rpc.Status,
        InvalidDataException or Google.Protobuf.InvalidProtocolBufferException => new Status(StatusCode.Internal, $"malformed request message: {e.Message}"),
        _ => null,
    };

    private TransportException Ended(string context, Exception? inner = null)
    {
        if (_context.Deadline != DateTime.MaxValue && _context.Deadline <= DateTime.UtcNow)
            return GrpcErrors.ToTransportException(new Status(StatusCode.DeadlineExceeded, "deadline exceeded (grpc-timeout)"), context, inner);
        if (_context.CancellationToken.IsCancellationRequested)
            return new TransportException(TransportError.ConnectionReset, $"{context}: the client cancelled the call (gRPC CANCELLED / RST_STREAM)", inner);
        if (inner is RpcException rpc) return GrpcErrors.ToTransportException(rpc.Status, context, inner);
        return new TransportException(TransportError.ConnectionReset, $"{context}: the call has already ended", inner);
    }
}
