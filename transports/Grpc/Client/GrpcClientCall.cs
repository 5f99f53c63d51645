using System.Runtime.CompilerServices;
using System.IO.Pipelines;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Google.Protobuf;
using Transports.Abstractions;
using Transports.Grpc.Protos;
using Transports.Grpc.Wire;

namespace Transports.Grpc.Client;

/// <summary>
/// The client side of one streaming call on HttpClient/SocketsHttpHandler (HTTP/2 exactly): a POST to the method's
/// path with a streaming request body (<see cref="GrpcRequestContent"/>), the response body read as it arrives, and
/// the status taken from the trailers (or from the headers of a Trailers-Only response).
/// </summary>
internal sealed class GrpcClientCall : IGrpcCall
{
    private readonly Task<HttpResponseMessage> _responseTask;
    private readonly GrpcRequestContent _content;
    private readonly CancellationTokenSource _cancel;
    private readonly int _maxMessageBytes;
    private readonly string _context;
    private readonly byte[] _header = new byte[GrpcMessageFraming.MaxChunkHeaderBytes];
    private HttpResponseMessage? _response;
    private GrpcMessageReader? _reader;
    private Stream? _requestBody;
    private bool _sendCompleted;
    private bool _receiveCompleted;
    private bool _aborted;
    private long _bytesSent;
    private long _messagesSent;

    private GrpcClientCall(GrpcCallKind kind, Task<HttpResponseMessage> responseTask, GrpcRequestContent content, CancellationTokenSource cancel,
        int maxMessageBytes, TransportCapabilities capabilities, string context)
    {
        Kind = kind;
        _responseTask = responseTask;
        _content = content;
        _cancel = cancel;
        _maxMessageBytes = maxMessageBytes;
        _context = context;
        Capabilities = capabilities;
        _sendCompleted = kind == GrpcCallKind.Download; // its one request message is the whole body
    }

    public GrpcCallKind Kind { get; }
    public DownloadRequest? DownloadRequest => null;
    public UploadSummary? UploadSummary { get; private set; }
    public TransportCapabilities Capabilities { get; }

    /// <summary>
    /// Starts the call: returns once the request HEADERS are on the wire (the server can then accept the call), or
    /// earlier with an error when the server refused or answered at once with an error status. It does not wait for
    /// the response headers, because a gRPC server may send them only with its first response message.
    /// </summary>
    /// <exception cref="TransportException">Refused, reset, or the server answered with an error status.</exception>
    public static async Task<GrpcClientCall> StartAsync(HttpMessageInvoker client, Uri baseUri, GrpcCallKind kind, DownloadRequest? downloadRequest,
        int maxMessageBytes, TransportCapabilities capabilities, CancellationToken cancellationToken)
    {
        var content = new GrpcRequestContent(kind == GrpcCallKind.Download
            ? GrpcMessageFraming.Frame((downloadRequest ?? new DownloadRequest()).ToByteArray()) : null);
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, GrpcMethods.PathOf(kind)))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue(GrpcProtocol.TeTrailers));
        request.Headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.AcceptedEncodings);
        request.Headers.TryAddWithoutValidation("user-agent", "transports-grpc-dotnet/1.0");
        var cancel = new CancellationTokenSource();
        var call = new GrpcClientCall(kind, client.SendAsync(request, cancel.Token), content, cancel, maxMessageBytes, capabilities,
            $"grpc {kind} call to {baseUri.Authority}");
        try
        {
            using var link = cancellationToken.Register(static c => ((CancellationTokenSource)c!).Cancel(), cancel);
            var first = await Task.WhenAny(content.Stream, call._responseTask).WaitAsync(cancellationToken).ConfigureAwait(false);
            if (first == call._responseTask) await call.EnsureResponseAsync(cancellationToken).ConfigureAwait(false); // refused, or answered at once
            return call;
        }
        catch
        {
            call.Abort();
            call._cancel.Dispose();
            throw;
        }
    }

    /// <summary>Waits for the response headers once: checks :status and content-type, handles Trailers-Only, opens the body reader.</summary>
    private async ValueTask EnsureResponseAsync(CancellationToken cancellationToken)
    {
        if (_response is not null) return;
        HttpResponseMessage response;
        try
        {
            response = await _responseTask.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (HttpRequestException e)
        {
            if (e.InnerException is SocketException se) throw SocketErrors.ToTransportException(se, _context);
            throw new TransportException(e.HttpRequestError == HttpRequestError.ConnectionError ? TransportError.ConnectionRefused : TransportError.ConnectionReset,
                $"{_context}: {e.Message}", e);
        }
        catch (Exception e)
        {
            throw Reset(_context, e);
        }
        _response = response;
        try
        {
            if (response.StatusCode != HttpStatusCode.OK)
                throw new GrpcStatusException(GrpcStatusException.FromHttpStatus((int)response.StatusCode), $"HTTP status {(int)response.StatusCode}");
            if (!GrpcProtocol.IsGrpcContentType(response.Content.Headers.ContentType?.ToString(), out _))
                throw new GrpcStatusException(GrpcStatusCode.Unknown, $"response content-type '{response.Content.Headers.ContentType}' is not application/grpc");
            if (ReadStatus(response.Headers) is { } trailersOnly)
            {
                if (trailersOnly.Status != GrpcStatusCode.OK) throw new GrpcStatusException(trailersOnly.Status, trailersOnly.Message);
                _receiveCompleted = true; // Trailers-Only OK: an empty response stream
                return;
            }
            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            var pipe = PipeReader.Create(body, new StreamPipeReaderOptions(bufferSize: 64 << 10, minimumReadSize: 16 << 10));
            _reader = new GrpcMessageReader(pipe, _maxMessageBytes + ChunkCodec.MaxHeaderBytes, Header(response.Headers, GrpcProtocol.EncodingHeader));
        }
        catch (GrpcStatusException e)
        {
            Abort();
            throw e.ToTransportException(_context);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // no state-machine box per message
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (Kind == GrpcCallKind.Download)
            throw new InvalidOperationException("grpc: the client of a Download (server-streaming) call cannot send messages");
        if (_sendCompleted) throw new InvalidOperationException("grpc: the send side was completed (END_STREAM sent)");
        MessageTooLargeException.ThrowIfTooLarge(payload.Length, _maxMessageBytes);
        ThrowIfAborted("grpc send");
        try
        {
            var body = _requestBody ??= await _content.Stream.WaitAsync(cancellationToken).ConfigureAwait(false);
            await GrpcMessageFraming.WriteChunkAsync(body, _header, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not TransportException)
        {
            throw Reset("grpc send", e);
        }
        _bytesSent += payload.Length;
        _messagesSent++;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // no state-machine box per message
    public async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length < _maxMessageBytes)
            throw new ArgumentException($"receive buffer of {buffer.Length} B is smaller than the maximum message size of {_maxMessageBytes} B", nameof(buffer));
        if (_receiveCompleted) return ReceiveResult.Completed;
        ThrowIfAborted("grpc receive");
        if (_response is null)
        {
            await EnsureResponseAsync(cancellationToken).ConfigureAwait(false);
            if (_receiveCompleted) return ReceiveResult.Completed;
        }
        while (true)
        {
            int count;
            try
            {
                count = Kind == GrpcCallKind.Upload
                    ? await _reader!.ReadMessageAsync(buffer, cancellationToken).ConfigureAwait(false)
                    : await _reader!.ReadChunkAsync(buffer, _maxMessageBytes, cancellationToken).ConfigureAwait(false);
            }
            catch (GrpcStatusException e)
            {
                Abort(); // the server broke the framing: cancel the call
                throw e.ToTransportException("grpc receive");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e) when (e is not ArgumentException)
            {
                throw Reset("grpc receive", e);
            }
            if (count < 0)
            {
                EndOfCall();
                return ReceiveResult.Completed;
            }
            if (Kind != GrpcCallKind.Upload) return new ReceiveResult(count, false);
            if (UploadSummary is not null)
                throw new TransportException(TransportError.ProtocolError, "grpc receive: the server sent more than one response to an Upload call");
            try
            {
                UploadSummary = UploadSummary.Parser.ParseFrom(buffer.Span[..count]);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new TransportException(TransportError.ProtocolError, $"grpc receive: malformed UploadSummary: {e.Message}", e);
            }
        }
    }

    /// <summary>The response body ended: the trailers carry the status (PROTOCOL-HTTP2.md "Trailers → Status [Status-Message] *Custom-Metadata").</summary>
    private void EndOfCall()
    {
        var status = ReadStatus(_response!.TrailingHeaders)
            ?? throw new TransportException(TransportError.ProtocolError, "grpc receive: the response ended without grpc-status trailers");
        if (status.Status != GrpcStatusCode.OK)
            throw GrpcStatusException.ToTransportException(status.Status, status.Message, "grpc receive");
        if (Kind == GrpcCallKind.Upload)
        {
            if (UploadSummary is null)
                throw new TransportException(TransportError.ProtocolError, "grpc receive: the Upload call ended with OK but without a response message");
            if (_sendCompleted && (UploadSummary.BytesReceived != _bytesSent || UploadSummary.MessagesReceived != _messagesSent))
                throw new TransportException(TransportError.ProtocolError,
                    $"grpc receive: the server received {UploadSummary.BytesReceived} B in {UploadSummary.MessagesReceived} messages, we sent {_bytesSent} B in {_messagesSent}");
        }
        _receiveCompleted = true;
    }

    public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default)
    {
        if (_sendCompleted) return ValueTask.CompletedTask;
        ThrowIfAborted("grpc complete");
        _sendCompleted = true;
        _content.Complete(); // SocketsHttpHandler ends the request body with END_STREAM
        return ValueTask.CompletedTask;
    }

    public void Abort()
    {
        if (_aborted) return;
        _aborted = true;
        _content.Fail();   // request body fails: RST_STREAM CANCEL
        _cancel.Cancel();
        _response?.Dispose();
        _responseTask.ContinueWith(static t => t.Result.Dispose(), CancellationToken.None,
            TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    public ValueTask DisposeAsync()
    {
        if (!_receiveCompleted) Abort(); // the call has not ended: cancel it, like grpc clients do on dispose
        _content.Complete();
        _response?.Dispose();
        _cancel.Dispose();
        return ValueTask.CompletedTask;
    }

    private void ThrowIfAborted(string context)
    {
        if (_aborted) throw new TransportException(TransportError.ConnectionReset, $"{context}: the call was aborted locally");
    }

    private TransportException Reset(string context, Exception e)
    {
        if (_aborted) return new TransportException(TransportError.ConnectionReset, $"{context}: the call was aborted locally", e);
        var root = e;
        while (root.InnerException is not null && root is not HttpProtocolException) root = root.InnerException;
        var why = root is HttpProtocolException hpe
            ? (hpe.ErrorCode == GrpcProtocol.Http2CancelErrorCode ? "the server cancelled the call (RST_STREAM CANCEL)" : $"HTTP/2 stream reset, error code 0x{hpe.ErrorCode:x}")
            : $"the call was reset ({e.Message})";
        return new TransportException(TransportError.ConnectionReset, $"{context}: {why}", e);
    }

    private static (GrpcStatusCode Status, string Message)? ReadStatus(HttpHeaders headers)
    {
        var text = Header(headers, GrpcProtocol.StatusHeader);
        if (text is null) return null;
        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int code))
            return (GrpcStatusCode.Unknown, $"malformed grpc-status '{text}'");
        return ((GrpcStatusCode)code, GrpcStatusMessage.Decode(Header(headers, GrpcProtocol.MessageHeader)));
    }

    private static string? Header(HttpHeaders headers, string name)
        => headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
