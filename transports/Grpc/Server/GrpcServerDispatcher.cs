using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Transports.Abstractions;
using Transports.Grpc.Protos;
using Transports.Grpc.Wire;

namespace Transports.Grpc.Server;

/// <summary>
/// The Kestrel request delegate: validates a request as a gRPC call (PROTOCOL-HTTP2.md "Requests"), routes it by
/// <c>:path</c>, serves the unary Echo itself and hands streaming calls (Upload, Download, Exchange) to the listener
/// as <see cref="GrpcServerCall"/>s. Every failure becomes a gRPC status; no exception escapes to Kestrel.
/// </summary>
internal sealed class GrpcServerDispatcher(int maxMessageBytes, TransportCapabilities capabilities, ChannelWriter<GrpcServerCall> accepted)
{
    /// <summary>Request metadata asking Echo to fail with this status (1..16), for interop tests of error statuses.</summary>
    public const string FailStatusHeader = "bench-fail-status";

    /// <summary>Request metadata asking Echo to wait this many milliseconds (at most 10,000) before answering, for deadline tests.</summary>
    public const string DelayHeader = "bench-delay-ms";

    /// <summary>The message of a deliberate failure (non-ASCII on purpose: it exercises grpc-message percent-encoding).</summary>
    public const string DeliberateFailureMessage = "deliberate failure requested by bench-fail-status — ✓";

    private readonly ConcurrentDictionary<GrpcServerCall, byte> _live = new();

    /// <summary>Cancels every call still in progress (listener shutdown).</summary>
    public void ShutdownAll()
    {
        foreach (var call in _live.Keys) call.Shutdown();
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var contentType = request.ContentType ?? "";
        try
        {
            if (!HttpMethods.IsPost(request.Method))
            {
                response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                return;
            }
            if (!GrpcProtocol.IsGrpcContentType(contentType, out bool isProto))
            {
                // "If Content-Type does not begin with application/grpc, gRPC servers SHOULD respond with HTTP status 415".
                response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
                response.Headers[GrpcProtocol.StatusHeader] = ((int)GrpcStatusCode.Internal).ToString(CultureInfo.InvariantCulture);
                response.Headers[GrpcProtocol.MessageHeader] = GrpcStatusMessage.Encode($"content-type '{contentType}' is not application/grpc");
                return;
            }
            if (!isProto) throw new GrpcStatusException(GrpcStatusCode.Unimplemented, $"content-type '{contentType}': only protobuf messages are supported");
            var kind = request.Path.Value switch
            {
                GrpcMethods.EchoPath => GrpcCallKind.Echo,
                GrpcMethods.UploadPath => GrpcCallKind.Upload,
                GrpcMethods.DownloadPath => GrpcCallKind.Download,
                GrpcMethods.ExchangePath => GrpcCallKind.Exchange,
                _ => throw new GrpcStatusException(GrpcStatusCode.Unimplemented, $"unknown method {request.Path.Value}"),
            };
            var reader = new GrpcMessageReader(request.BodyReader, maxMessageBytes + ChunkCodec.MaxHeaderBytes, request.Headers[GrpcProtocol.EncodingHeader]);
            TimeSpan? timeout = null;
            var timeoutText = request.Headers[GrpcProtocol.TimeoutHeader].ToString();
            if (timeoutText.Length > 0)
            {
                if (!GrpcTimeout.TryParse(timeoutText, out var t)) throw new GrpcStatusException(GrpcStatusCode.Internal, $"malformed grpc-timeout '{timeoutText}'");
                timeout = t;
            }
            using var deadline = new CancellationTokenSource(timeout ?? Timeout.InfiniteTimeSpan);
            if (kind == GrpcCallKind.Echo) await EchoAsync(context, reader, contentType, deadline.Token).ConfigureAwait(false);
            else await StreamAsync(context, kind, reader, contentType, deadline.Token).ConfigureAwait(false);
        }
        catch (GrpcStatusException e)
        {
            await TryFinishAsync(response, contentType, e.StatusCode, e.Detail).ConfigureAwait(false);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // the client cancelled (RST_STREAM): nobody is left to tell
        }
        catch (Exception e)
        {
            await TryFinishAsync(response, contentType, GrpcStatusCode.Internal, $"server error: {e.GetType().Name}").ConfigureAwait(false);
        }
    }

    private static async Task TryFinishAsync(HttpResponse response, string contentType, GrpcStatusCode status, string message)
    {
        try
        {
            await GrpcServerResponses.WriteTrailersOnlyAsync(response, contentType, status, message).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // the stream is gone; Kestrel resets it when the delegate returns
        }
    }

    /// <summary>Unary Echo: exactly one request message, answered unchanged (or a deliberate failure).</summary>
    private async Task EchoAsync(HttpContext context, GrpcMessageReader reader, string contentType, CancellationToken deadline)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(maxMessageBytes + ChunkCodec.MaxHeaderBytes);
        try
        {
            int length;
            try
            {
                length = await reader.ReadChunkAsync(buffer, maxMessageBytes, deadline).ConfigureAwait(false);
                if (length < 0) throw new GrpcStatusException(GrpcStatusCode.Internal, "unary call ended without a request message");
                if (await reader.ReadMessageAsync(buffer.AsMemory(length), deadline).ConfigureAwait(false) >= 0)
                    throw new GrpcStatusException(GrpcStatusCode.Internal, "unary call with more than one request message");
                var headers = context.Request.Headers;
                if (int.TryParse(headers[DelayHeader], NumberStyles.None, CultureInfo.InvariantCulture, out int delayMs))
                    await Task.Delay(Math.Min(delayMs, 10_000), deadline).ConfigureAwait(false);
                if (int.TryParse(headers[FailStatusHeader], NumberStyles.None, CultureInfo.InvariantCulture, out int fail) && fail is >= 1 and <= 16)
                    throw new GrpcStatusException((GrpcStatusCode)fail, DeliberateFailureMessage);
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                throw new GrpcStatusException(GrpcStatusCode.DeadlineExceeded, "deadline exceeded (grpc-timeout)");
            }
            var response = context.Response;
            GrpcServerResponses.WriteHeaders(response, contentType);
            await GrpcMessageFraming.WriteChunkAsync(response.BodyWriter, buffer.AsMemory(0, length), context.RequestAborted).ConfigureAwait(false);
            GrpcServerResponses.WriteStatus(response, GrpcStatusCode.OK, "");
            await response.CompleteAsync().ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A streaming call: send the response headers (the client's connect completes), hand it to AcceptAsync, wait until the application is done with it.</summary>
    private async Task StreamAsync(HttpContext context, GrpcCallKind kind, GrpcMessageReader reader, string contentType, CancellationToken deadline)
    {
        DownloadRequest? downloadRequest = null;
        if (kind == GrpcCallKind.Download)
        {
            var buffer = ArrayPool<byte>.Shared.Rent(maxMessageBytes + ChunkCodec.MaxHeaderBytes);
            try
            {
                int length = await reader.ReadMessageAsync(buffer, deadline).ConfigureAwait(false);
                if (length < 0) throw new GrpcStatusException(GrpcStatusCode.Internal, "server-streaming call ended without a request message");
                try { downloadRequest = DownloadRequest.Parser.ParseFrom(buffer, 0, length); }
                catch (InvalidProtocolBufferException e) { throw new GrpcStatusException(GrpcStatusCode.Internal, $"malformed request message: {e.Message}"); }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
        var response = context.Response;
        GrpcServerResponses.WriteHeaders(response, contentType);
        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        await response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);

        var call = new GrpcServerCall(context, kind, reader, maxMessageBytes, capabilities, downloadRequest);
        _live.TryAdd(call, 0);
        try
        {
            if (!accepted.TryWrite(call))
            {
                GrpcServerResponses.WriteStatus(response, GrpcStatusCode.Unavailable, "the server is shutting down");
                return;
            }
            using var onDeadline = deadline.Register(static c => ((GrpcServerCall)c!).OnDeadline(), call);
            await call.Lifetime.ConfigureAwait(false);
        }
        finally
        {
            _live.TryRemove(call, out _);
        }
    }
}
