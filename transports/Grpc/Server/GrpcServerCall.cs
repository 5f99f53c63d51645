using System.Runtime.CompilerServices;
using Google.Protobuf;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Transports.Abstractions;
using Transports.Grpc.Protos;
using Transports.Grpc.Wire;

namespace Transports.Grpc.Server;

/// <summary>
/// The server side of one streaming call, as an <see cref="ITransportConnection"/>: received messages come from the
/// request body, sent messages go to the response body (Kestrel <c>BodyWriter</c>), and the call ends with
/// <c>grpc-status</c> trailers (<see cref="CompleteSendAsync"/>) or RST_STREAM CANCEL (<see cref="Abort"/>).
/// The Kestrel request delegate stays alive until <see cref="DisposeAsync"/> (Kestrel pools HttpContext objects).
/// </summary>
internal sealed class GrpcServerCall : IGrpcCall
{
    private readonly HttpContext _context;
    private readonly GrpcMessageReader _reader;
    private readonly int _maxMessageBytes;
    private readonly TaskCompletionSource _lifetime = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _finished;   // 1 once the final status was claimed (trailers or reset)
    private int _sending;    // 1 while SendAsync writes to the body
    private bool _receiveCompleted;
    private bool _sendCompleted;
    private bool _deadlineExceeded;
    private long _bytesReceived;
    private long _messagesReceived;

    public GrpcServerCall(HttpContext context, GrpcCallKind kind, GrpcMessageReader reader, int maxMessageBytes,
        TransportCapabilities capabilities, DownloadRequest? downloadRequest)
    {
        _context = context;
        _reader = reader;
        _maxMessageBytes = maxMessageBytes;
        Kind = kind;
        Capabilities = capabilities;
        DownloadRequest = downloadRequest;
        _receiveCompleted = kind == GrpcCallKind.Download; // its one request message was read before accept
    }

    public GrpcCallKind Kind { get; }
    public DownloadRequest? DownloadRequest { get; }
    public UploadSummary? UploadSummary => null;
    public TransportCapabilities Capabilities { get; }

    /// <summary>Completes when the application is done with the call (dispose, abort) or the listener shuts down.</summary>
    public Task Lifetime => _lifetime.Task;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // no state-machine box per message
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (Kind == GrpcCallKind.Upload)
            throw new InvalidOperationException("grpc: the server of an Upload (client-streaming) call cannot send messages; it answers once at CompleteSendAsync");
        if (_sendCompleted) throw new InvalidOperationException("grpc: the send side was completed (the call's status was sent)");
        MessageTooLargeException.ThrowIfTooLarge(payload.Length, _maxMessageBytes);
        Interlocked.Exchange(ref _sending, 1);
        try
        {
            if (Volatile.Read(ref _finished) != 0) throw Ended("grpc send");
            bool written = await GrpcMessageFraming.WriteChunkAsync(_context.Response.BodyWriter, payload, cancellationToken).ConfigureAwait(false);
            if (!written) throw Ended("grpc send");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw Ended("grpc send");
        }
        catch (Exception e) when (e is not TransportException and not OperationCanceledException and not InvalidOperationException)
        {
            throw new TransportException(TransportError.ConnectionReset, $"grpc send: the call was reset ({e.Message})", e);
        }
        finally
        {
            Volatile.Write(ref _sending, 0);
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] // no state-machine box per message
    public async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length < _maxMessageBytes)
            throw new ArgumentException($"receive buffer of {buffer.Length} B is smaller than the maximum message size of {_maxMessageBytes} B", nameof(buffer));
        if (_receiveCompleted) return ReceiveResult.Completed;
        int count;
        try
        {
            count = await _reader.ReadChunkAsync(buffer, _maxMessageBytes, cancellationToken).ConfigureAwait(false);
        }
        catch (GrpcStatusException e)
        {
            await FinishAsync(e.StatusCode, e.Detail).ConfigureAwait(false); // tell the client why, then the app
            throw e.ToTransportException("grpc receive");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is not ArgumentException)
        {
            throw Ended("grpc receive", e);
        }
        if (count < 0)
        {
            // Kestrel may end the request body without an error when the client resets the stream: the abort token tells.
            if (_context.RequestAborted.IsCancellationRequested) throw Ended("grpc receive");
            _receiveCompleted = true;
            return ReceiveResult.Completed;
        }
        _bytesReceived += count;
        _messagesReceived++;
        return new ReceiveResult(count, false);
    }

    public async ValueTask CompleteSendAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _finished) != 0) return;
        if (_context.RequestAborted.IsCancellationRequested) throw Ended("grpc complete");
        _sendCompleted = true;
        if (Kind == GrpcCallKind.Upload)
        {
            var summary = new UploadSummary { BytesReceived = _bytesReceived, MessagesReceived = _messagesReceived };
            await GrpcMessageFraming.WriteMessageAsync(_context.Response.BodyWriter, summary.ToByteArray(), cancellationToken).ConfigureAwait(false);
        }
        await FinishAsync(GrpcStatusCode.OK, "").ConfigureAwait(false);
    }

    public void Abort()
    {
        if (Interlocked.Exchange(ref _finished, 1) == 0)
        {
            _context.Response.BodyWriter.CancelPendingFlush();
            Reset();
        }
        _lifetime.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        // Closing without CompleteSendAsync ends the call like closing a socket: OK when nothing went wrong.
        if (!_lifetime.Task.IsCompleted) await FinishAsync(GrpcStatusCode.OK, "").ConfigureAwait(false);
        _lifetime.TrySetResult();
    }

    /// <summary>The <c>grpc-timeout</c> expired: ends the call with DEADLINE_EXCEEDED and wakes pending operations.</summary>
    public void OnDeadline()
    {
        _deadlineExceeded = true;
        _ = FinishAsync(GrpcStatusCode.DeadlineExceeded, "deadline exceeded (grpc-timeout)");
    }

    /// <summary>The listener is shutting down: cancel the call and release the request delegate.</summary>
    public void Shutdown() => Abort();

    /// <summary>
    /// Ends the call with <paramref name="status"/>: grpc-status/grpc-message as trailers (or as headers of a
    /// Trailers-Only response when nothing was sent yet), then END_STREAM. Once only; waits for an in-flight send
    /// (cancelling its flush) so the body and the trailers never race.
    /// </summary>
    private async Task FinishAsync(GrpcStatusCode status, string message)
    {
        if (Interlocked.Exchange(ref _finished, 1) != 0) return;
        try
        {
            var response = _context.Response;
            if (Volatile.Read(ref _sending) != 0)
            {
                response.BodyWriter.CancelPendingFlush();
                for (int i = 0; i < 1000 && Volatile.Read(ref _sending) != 0; i++) await Task.Delay(1).ConfigureAwait(false);
            }
            if (status != GrpcStatusCode.OK) _context.Request.BodyReader.CancelPendingRead();
            GrpcServerResponses.WriteStatus(response, status, message);
            await response.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception) when (!_lifetime.Task.IsCompleted)
        {
            Reset(); // the stream is already gone or broken: make sure the client sees the end
        }
    }

    private void Reset()
    {
        try
        {
            _context.Features.Get<IHttpResetFeature>()?.Reset(GrpcProtocol.Http2CancelErrorCode);
        }
        catch (Exception)
        {
            // already reset or completed
        }
    }

    private TransportException Ended(string context, Exception? inner = null)
    {
        if (_deadlineExceeded)
            return GrpcStatusException.ToTransportException(GrpcStatusCode.DeadlineExceeded, "deadline exceeded (grpc-timeout)", context, inner);
        if (_context.RequestAborted.IsCancellationRequested || inner is not null)
            return new TransportException(TransportError.ConnectionReset, $"{context}: the client cancelled the call (gRPC CANCELLED / RST_STREAM)", inner);
        return new TransportException(TransportError.ConnectionReset, $"{context}: the call has already ended", inner);
    }
}
