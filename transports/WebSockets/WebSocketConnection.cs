using System.Runtime.CompilerServices;
using System.Net.WebSockets;
using Transports.Abstractions;
using Transports.Abstractions.Tls;

namespace Transports.WebSockets;

/// <summary>
/// One WebSocket, either side. A send is one binary message (one frame, FIN set); a receive reassembles frames
/// into one message, refusing messages over the maximum with close code 1009 (RFC 6455 §7.4.1).
/// Uses the <see cref="ValueTask"/> overloads of <see cref="WebSocket"/>, which do not allocate per call.
/// </summary>
internal class WebSocketConnection(WebSocket socket, TransportCapabilities capabilities, Action? onDisposed) : ITransportConnection
{
    private readonly int _maxBytes = capabilities.MaxMessageSizeBytes!.Value;
    private bool _receivedClose;
    private int _disposed;

    public TransportCapabilities Capabilities => capabilities;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        MessageTooLargeException.ThrowIfTooLarge(payload.Length, _maxBytes);
        if (socket.State is WebSocketState.CloseSent or WebSocketState.Closed)
            throw new InvalidOperationException("ws send after the send side was completed");
        try
        {
            await socket.SendAsync(payload, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (TransportErrors.TryTranslate(e, "ws send", out var t)) { throw t; }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length < _maxBytes)
            throw new ArgumentException($"receive buffer of {buffer.Length} B is smaller than the max message size of {_maxBytes} B", nameof(buffer));
        if (_receivedClose) return ReceiveResult.Completed;
        int filled = 0;
        try
        {
            while (true)
            {
                // One byte of slack past the maximum so an oversize message is detected, not silently split.
                var space = filled < _maxBytes ? buffer[filled.._maxBytes] : Memory<byte>.Empty;
                ValueWebSocketReceiveResult r = space.IsEmpty
                    ? await socket.ReceiveAsync(_overflowProbe, cancellationToken).ConfigureAwait(false)
                    : await socket.ReceiveAsync(space, cancellationToken).ConfigureAwait(false);
                if (r.MessageType == WebSocketMessageType.Close)
                {
                    _receivedClose = true;
                    return ReceiveResult.Completed;
                }
                if (space.IsEmpty && r.Count > 0)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig, "message too big", CancellationToken.None).ConfigureAwait(false);
                    throw new MessageTooLargeException(filled + r.Count, _maxBytes);
                }
                filled += r.Count;
                if (r.EndOfMessage) return new ReceiveResult(filled, false);
            }
        }
        catch (Exception e) when (TransportErrors.TryTranslate(e, "ws receive", out var t)) { throw t; }
    }

    private readonly Memory<byte> _overflowProbe = new byte[1];

    public async ValueTask CompleteSendAsync(CancellationToken cancellationToken = default)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken).ConfigureAwait(false);
            }
            catch (WebSocketException e)
            {
                throw WebSocketErrors.ToTransportException(e, "ws close");
            }
        }
    }

    public void Abort() => socket.Abort();

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, grace.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
            {
                // the peer is gone or slow: nothing more to close
            }
        }
        socket.Dispose();
        onDisposed?.Invoke();
    }
}

/// <summary>A WebSocket over TLS (wss): the same connection, and what its TLS handshake negotiated.</summary>
internal sealed class SecureWebSocketConnection(WebSocket socket, TransportCapabilities capabilities, Action? onDisposed, TlsSessionInfo tls)
    : WebSocketConnection(socket, capabilities, onDisposed), ISecureConnection
{
    /// <inheritdoc />
    public TlsSessionInfo Tls => tls;
}
