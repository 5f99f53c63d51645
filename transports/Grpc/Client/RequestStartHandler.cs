using System.Net;

namespace Transports.Grpc.Client;

/// <summary>
/// Tells a starting call when its request is on its way: Grpc.Net.Client starts a streaming call in the background and
/// reports a refused connection only at the call's first operation, but <c>ConnectAsync</c> must fail at once when
/// refused and return once the server can accept the call. A call sets <see cref="Signal"/> (an async-local, so it
/// flows into the library's send) before starting; this handler completes it when SocketsHttpHandler starts sending
/// the request body (the HEADERS frame is sent and flushed by then), or fails it with the send's exception.
/// </summary>
internal sealed class RequestStartHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <summary>The signal of the call being started on this async flow, or null.</summary>
    public static readonly AsyncLocal<TaskCompletionSource?> Signal = new();

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var signal = Signal.Value;
        if (signal is null || request.Content is null) return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        request.Content = new SignallingContent(request.Content, signal);
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            signal.TrySetResult(); // answered before the body started (e.g. a Trailers-Only error): the caller reads the response
            return response;
        }
        catch (Exception e)
        {
            signal.TrySetException(e);
            throw;
        }
    }

    /// <summary>The library's request body, unchanged, with a signal when SocketsHttpHandler starts sending it.</summary>
    private sealed class SignallingContent : HttpContent
    {
        private readonly HttpContent _inner;
        private readonly TaskCompletionSource _signal;

        public SignallingContent(HttpContent inner, TaskCompletionSource signal)
        {
            _inner = inner;
            _signal = signal;
            foreach (var header in inner.Headers) Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false); // the HEADERS frame goes out now
            _signal.TrySetResult();
            await _inner.CopyToAsync(stream, context, cancellationToken).ConfigureAwait(false);
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
            if (disposing) _inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
