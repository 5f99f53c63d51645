using System.Net;
using System.Net.Http.Headers;
using Transports.Grpc.Wire;

namespace Transports.Grpc.Client;

/// <summary>
/// The streaming request body of a client call. SocketsHttpHandler calls <see cref="SerializeToStreamAsync(Stream, TransportContext?, CancellationToken)"/>
/// once and sends the body for as long as that task runs (full duplex on HTTP/2): the call writes its messages to the
/// captured stream and ends the body (END_STREAM) by completing the task, or resets the stream by failing it.
/// </summary>
internal sealed class GrpcRequestContent : HttpContent
{
    private readonly TaskCompletionSource<Stream> _stream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _end = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly byte[]? _onlyMessage;

    /// <summary>Creates the body.</summary>
    /// <param name="onlyMessage">A framed message to send as the whole body (the request of a server-streaming call), or null for a stream the call writes.</param>
    public GrpcRequestContent(byte[]? onlyMessage)
    {
        _onlyMessage = onlyMessage;
        Headers.ContentType = new MediaTypeHeaderValue(GrpcProtocol.ContentType);
    }

    /// <summary>The request body stream, once SocketsHttpHandler started sending the body.</summary>
    public Task<Stream> Stream => _stream.Task;

    /// <summary>Ends the body with END_STREAM.</summary>
    public void Complete() => _end.TrySetResult();

    /// <summary>Fails the body: SocketsHttpHandler resets the HTTP/2 stream (RST_STREAM CANCEL).</summary>
    public void Fail() => _end.TrySetException(new OperationCanceledException("grpc call aborted"));

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        if (_onlyMessage is not null)
        {
            await stream.WriteAsync(_onlyMessage, cancellationToken).ConfigureAwait(false);
            _stream.TrySetResult(stream);
            return;
        }
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false); // send the HEADERS now: the server answers before the first message
        _stream.TrySetResult(stream);
        await _end.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) Fail();
        base.Dispose(disposing);
    }
}
