using System.Net;
using System.Net.WebSockets;
using Transports.Abstractions;
using Transports.Abstractions.Membership;

namespace Transports.WebSockets;

/// <summary>
/// WebSocket (RFC 6455) over cleartext HTTP/1.1 upgrade: reliable, ordered binary messages. The server side is a
/// Kestrel host bound to the listen endpoint; the client is <see cref="ClientWebSocket"/>. Keep-alive pings are
/// off on both sides so they do not disturb measurements. Orderly close is the close handshake (1000), abortive
/// close drops the TCP connection without it.
/// </summary>
public sealed class WebSocketTransport : ITransport
{
    /// <summary>The request path the server accepts WebSockets on.</summary>
    public const string Path = "/ws";

    /// <summary>The upgrade request header carrying this run's token as hex (<see cref="RunMembership.TokenHex"/>).</summary>
    public const string RunTokenHeader = "Transports-Run-Token";

    private readonly WebSocketTransportOptions _options;

    /// <summary>Creates the transport.</summary>
    /// <param name="options">Message and buffer sizes.</param>
    /// <param name="membership">The run this transport belongs to; null makes a new one (a fresh random token).</param>
    public WebSocketTransport(WebSocketTransportOptions options, RunMembership? membership = null)
    {
        _options = options;
        Membership = membership ?? RunMembership.Create();
        Capabilities = new TransportCapabilities(
            TransportFeatures.Reliable | TransportFeatures.Ordered | TransportFeatures.MessageBoundaries | TransportFeatures.OrderlyClose,
            options.MaxMessageBytes);
        var settings = new Dictionary<string, string>
        {
            ["max_message_bytes"] = options.MaxMessageBytes.ToString(),
            ["client_buffer_bytes"] = options.ClientBufferBytes.ToString(),
            ["server"] = "kestrel",
            ["client"] = "System.Net.WebSockets.ClientWebSocket",
            ["keep_alive"] = "off",
            ["compression"] = "off",
        };
        foreach (var (key, value) in Transports.Kestrel.KestrelServerTuning.Settings) settings[key] = value;
        Settings = settings;
    }

    /// <inheritdoc />
    public string Name => "ws";

    /// <inheritdoc />
    public TransportCapabilities Capabilities { get; }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <inheritdoc />
    public RunMembership Membership { get; }

    /// <inheritdoc />
    public async ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken cancellationToken = default)
        => await WebSocketListener.StartAsync(localEndPoint, Capabilities, Membership, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remoteEndPoint, ConnectOptions options, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        socket.Options.SetBuffer(_options.ClientBufferBytes, _options.ClientBufferBytes);
        socket.Options.SetRequestHeader(RunTokenHeader, Membership.TokenHex);
        var host = remoteEndPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{remoteEndPoint.Address}]" : remoteEndPoint.Address.ToString();
        try
        {
            await socket.ConnectAsync(new Uri($"ws://{host}:{remoteEndPoint.Port}{Path}"), cancellationToken).ConfigureAwait(false);
        }
        catch (WebSocketException e)
        {
            socket.Dispose();
            var refused = e.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError };
            throw new TransportException(refused ? TransportError.ConnectionRefused : TransportError.ProtocolError,
                $"ws connect to {remoteEndPoint}: {e.InnerException?.Message ?? e.Message}", e);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new WebSocketConnection(socket, Capabilities, onDisposed: null);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
