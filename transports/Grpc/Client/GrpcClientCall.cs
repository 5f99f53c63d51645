using Google.Protobuf;
using Grpc.Core;
using Transports.Abstractions;
using Transports.Grpc.Calls;
using Transports.Grpc.Protos;

namespace Transports.Grpc.Client;

/// <summary>
/// The client side of one streaming call on a Grpc.Net.Client <see cref="CallInvoker"/>: sends go to the request
/// stream, receives come from the response stream (or, for an Upload, the one response), and the call's status ends
/// it. <see cref="Abort"/> disposes the unfinished call, which Grpc.Net.Client sends as RST_STREAM CANCEL.
/// </summary>
internal sealed class GrpcClientCall : IGrpcCall
{
    private readonly IDisposable _call;
    private readonly IClientStreamWriter<Chunk>? _requests;
    private readonly IAsyncStreamReader<Chunk>? _responses;
    private readonly Task<UploadSummary>? _summary;
    private readonly int _maxMessageBytes;
    private readonly string _context;
    private bool _sendCompleted;
    private bool _receiveCompleted;
    private bool _aborted;
    private long _bytesSent;
    private long _messagesSent;

    private GrpcClientCall(GrpcCallKind kind, IDisposable call, IClientStreamWriter<Chunk>? requests, IAsyncStreamReader<Chunk>? responses,
        Task<UploadSummary>? summary, int maxMessageBytes, TransportCapabilities capabilities, string context)
    {
        Kind = kind;
        _call = call;
        _requests = requests;
        _responses = responses;
        _summary = summary;
        _maxMessageBytes = maxMessageBytes;
        _context = context;
        Capabilities = capabilities;
        _sendCompleted = requests is null; // a Download's one request message is the whole request stream
    }

    /// <inheritdoc />
    public GrpcCallKind Kind { get; }

    /// <inheritdoc />
    public DownloadRequest? DownloadRequest => null;

    /// <inheritdoc />
    public UploadSummary? UploadSummary { get; private set; }

    /// <inheritdoc />
    public TransportCapabilities Capabilities { get; }

    /// <summary>
    /// Starts the call and returns once its request HEADERS are sent (the server can then accept it), or throws when the
    /// connection is refused or the server answered at once with an error status.
    /// </summary>
    /// <param name="invoker">The channel's invoker.</param>
    /// <param name="methods">The method descriptors (with the profile's marshaller).</param>
    /// <param name="kind">Upload, Download or Exchange.</param>
    /// <param name="downloadRequest">The request of a Download; null sends an empty one.</param>
    /// <param name="maxMessageBytes">Largest payload in bytes, both directions.</param>
    /// <param name="capabilities">The transport's capabilities.</param>
    /// <param name="context">Names the call in error messages.</param>
    /// <param name="cancellationToken">Cancels the start (and then the call).</param>
    /// <exception cref="TransportException">Refused, reset, or the server answered with an error status.</exception>
    public static async Task<GrpcClientCall> StartAsync(CallInvoker invoker, BenchMethods methods, GrpcCallKind kind, DownloadRequest? downloadRequest,
        int maxMessageBytes, TransportCapabilities capabilities, string context, CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        GrpcClientCall call;
        Task<Metadata> headers;
        RequestStartHandler.Signal.Value = started;
        try
        {
            var options = new CallOptions();
            switch (kind)
            {
                case GrpcCallKind.Upload:
                    var upload = invoker.AsyncClientStreamingCall(methods.Upload, null, options);
                    call = new GrpcClientCall(kind, upload, upload.RequestStream, null, upload.ResponseAsync, maxMessageBytes, capabilities, context);
                    headers = upload.ResponseHeadersAsync;
                    break;
                case GrpcCallKind.Download:
                    var download = invoker.AsyncServerStreamingCall(methods.Download, null, options, downloadRequest ?? new DownloadRequest());
                    call = new GrpcClientCall(kind, download, null, download.ResponseStream, null, maxMessageBytes, capabilities, context);
                    headers = download.ResponseHeadersAsync;
                    break;
                case GrpcCallKind.Exchange:
                    var exchange = invoker.AsyncDuplexStreamingCall(methods.Exchange, null, options);
                    call = new GrpcClientCall(kind, exchange, exchange.RequestStream, exchange.ResponseStream, null, maxMessageBytes, capabilities, context);
                    headers = exchange.ResponseHeadersAsync;
                    break;
                default:
                    throw new ArgumentException("Echo is unary, not a streaming connection", nameof(kind));
            }
        }
        finally
        {
            RequestStartHandler.Signal.Value = null;
        }
        try
        {
            var first = await Task.WhenAny(started.Task, headers).WaitAsync(cancellationToken).ConfigureAwait(false);
            await first.ConfigureAwait(false); // refused, or answered at once with an error status: throws
            return call;
        }
        catch (Exception e)
        {
            call.Abort();
            if (e is OperationCanceledException && cancellationToken.IsCancellationRequested) throw;
            throw GrpcErrors.FromClientException(e, context);
        }
    }

    /// <inheritdoc />
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (_requests is null) throw new InvalidOperationException("grpc: the client of a Download (server-streaming) call cannot send messages");
        if (_sendCompleted) throw new InvalidOperationException("grpc: the send side was completed (END_STREAM sent)");
        MessageTooLargeException.ThrowIfTooLarge(payload.Length, _maxMessageBytes);
        ThrowIfAborted("grpc send");
        try
        {
            await _requests.WriteAsync(new Chunk { Data = UnsafeByteOperations.UnsafeWrap(payload) }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            throw Failure("grpc send", e);
        }
        _bytesSent += payload.Length;
        _messagesSent++;
    }

    /// <inheritdoc />
    public async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length < _maxMessageBytes)
            throw new ArgumentException($"receive buffer of {buffer.Length} B is smaller than the maximum message size of {_maxMessageBytes} B", nameof(buffer));
        if (_receiveCompleted) return ReceiveResult.Completed;
        ThrowIfAborted("grpc receive");
        try
        {
            if (_summary is not null) return await ReceiveSummaryAsync(cancellationToken).ConfigureAwait(false);
            if (!await _responses!.MoveNext(cancellationToken).ConfigureAwait(false))
            {
                _receiveCompleted = true; // the status was OK (Grpc.Net.Client throws for any other)
                return ReceiveResult.Completed;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not TransportException)
        {
            throw Failure("grpc receive", e);
        }
        var chunk = _responses.Current;
        if (chunk.Data.Length > _maxMessageBytes)
        {
            ChunkMarshallers.Release(chunk);
            Abort();
            throw GrpcErrors.ToTransportException(new Status(StatusCode.ResourceExhausted,
                $"received a message of {chunk.Data.Length} B; the maximum is {_maxMessageBytes} B"), "grpc receive");
        }
        return new ReceiveResult(ChunkMarshallers.CopyAndRelease(chunk, buffer.Span), false);
    }

    /// <summary>An Upload's one response: the server's summary, checked against what was sent once the send side is complete.</summary>
    private async ValueTask<ReceiveResult> ReceiveSummaryAsync(CancellationToken cancellationToken)
    {
        var summary = await _summary!.WaitAsync(cancellationToken).ConfigureAwait(false);
        UploadSummary = summary;
        _receiveCompleted = true;
        if (_sendCompleted && (summary.BytesReceived != _bytesSent || summary.MessagesReceived != _messagesSent))
            throw new TransportException(TransportError.ProtocolError,
                $"grpc receive: the server received {summary.BytesReceived} B in {summary.MessagesReceived} messages, we sent {_bytesSent} B in {_messagesSent}");
        return ReceiveResult.Completed;
    }

    /// <inheritdoc />
    public async ValueTask CompleteSendAsync(CancellationToken cancellationToken = default)
    {
        if (_sendCompleted) return;
        ThrowIfAborted("grpc complete");
        _sendCompleted = true;
        try
        {
            await _requests!.CompleteAsync().ConfigureAwait(false); // END_STREAM: the gRPC half-close
        }
        catch (Exception e)
        {
            throw Failure("grpc complete", e);
        }
    }

    /// <inheritdoc />
    public void Abort()
    {
        if (_aborted) return;
        _aborted = true;
        _call.Dispose(); // an unfinished call is cancelled: RST_STREAM CANCEL
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _aborted = true;
        _call.Dispose(); // cancels the call if it has not ended, like grpc clients do on dispose
        return ValueTask.CompletedTask;
    }

    private void ThrowIfAborted(string context)
    {
        if (_aborted) throw new TransportException(TransportError.ConnectionReset, $"{context}: the call was aborted locally");
    }

    private TransportException Failure(string context, Exception e)
    {
        if (_aborted) return new TransportException(TransportError.ConnectionReset, $"{context}: the call was aborted locally", e);
        return GrpcErrors.FromClientException(e, $"{context} ({_context})");
    }
}
