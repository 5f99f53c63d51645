using Transports.Abstractions;

namespace Transports.WebSockets;

/// <summary>Creates <see cref="WebSocketTransport"/>s: RFC 6455 binary messages, Kestrel server, ClientWebSocket client.</summary>
public sealed class WebSocketTransportFactory : ITransportFactory
{
    /// <summary><c>--ws-max-message</c>: the largest message accepted, in bytes.</summary>
    public static readonly OptionSpec MaxMessage = new("ws-max-message",
        "Largest WebSocket message in bytes (K/M suffixes ok); larger ones are refused with close code 1009", "1M", "bytes");

    /// <summary><c>--ws-buffer</c>: ClientWebSocket receive/send buffer in bytes.</summary>
    public static readonly OptionSpec Buffer = new("ws-buffer",
        "ClientWebSocket receive and send buffer in bytes (K suffix ok)", "64K", "bytes");

    /// <inheritdoc />
    public string Name => "ws";

    /// <inheritdoc />
    public string Description => "WebSocket binary messages (Kestrel server, ClientWebSocket client)";

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } = [MaxMessage, Buffer];

    /// <inheritdoc />
    public ITransport Create(OptionValues settings) => Create(settings, RunIdentity.Own);

    /// <inheritdoc />
    public ITransport Create(OptionValues settings, RunIdentity identity)
        => new WebSocketTransport(ParseOptions(settings, MaxMessage, Buffer), identity.Membership);

    /// <summary>The options a WebSocket transport's two settings give (ws and wss declare their own names, same meaning).</summary>
    /// <param name="settings">Option values.</param>
    /// <param name="maxMessage">The largest-message option.</param>
    /// <param name="buffer">The client buffer option.</param>
    /// <exception cref="OptionException">An invalid value.</exception>
    internal static WebSocketTransportOptions ParseOptions(OptionValues settings, OptionSpec maxMessage, OptionSpec buffer)
        => new(settings.GetInt32(maxMessage, 1, 1 << 30), settings.GetInt32(buffer, 256, 16 << 20));
}

/// <summary>Settings of a <see cref="WebSocketTransport"/>.</summary>
/// <param name="MaxMessageBytes">Largest message accepted on either side, in bytes.</param>
/// <param name="ClientBufferBytes">ClientWebSocket receive and send buffer, in bytes.</param>
public sealed record WebSocketTransportOptions(int MaxMessageBytes = 1 << 20, int ClientBufferBytes = 64 << 10);
