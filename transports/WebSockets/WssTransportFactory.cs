using Transports.Abstractions;
using Transports.Abstractions.Tls;

namespace Transports.WebSockets;

/// <summary>
/// Creates <c>wss</c> transports: the ws transport (<see cref="WebSocketTransport"/>) over TLS 1.3, Kestrel's HTTPS
/// endpoint with the run's certificate and ClientWebSocket accepting only that certificate (its SHA-256 pin).
/// </summary>
public sealed class WssTransportFactory : ITransportFactory
{
    /// <summary><c>--wss-max-message</c>: the largest message accepted, in bytes (as <c>--ws-max-message</c>).</summary>
    public static readonly OptionSpec MaxMessage = new("wss-max-message",
        "Largest WebSocket message over TLS in bytes (K/M suffixes ok); larger ones are refused with close code 1009", "1M", "bytes");

    /// <summary><c>--wss-buffer</c>: ClientWebSocket receive/send buffer in bytes (as <c>--ws-buffer</c>).</summary>
    public static readonly OptionSpec Buffer = new("wss-buffer",
        "ClientWebSocket receive and send buffer over TLS in bytes (K suffix ok)", "64K", "bytes");

    /// <inheritdoc />
    public string Name => "wss";

    /// <inheritdoc />
    public string Description => "WebSocket binary messages over TLS 1.3 (Kestrel HTTPS server, ClientWebSocket client; pinned run certificate)";

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } = [MaxMessage, Buffer, TlsResumeOption.Spec];

    /// <inheritdoc />
    public ITransport Create(OptionValues settings) => Create(settings, RunIdentity.Own);

    /// <inheritdoc />
    public ITransport Create(OptionValues settings, RunIdentity identity)
        => new WebSocketTransport(WebSocketTransportFactory.ParseOptions(settings, MaxMessage, Buffer), identity.Membership, new WebSocketTls(identity, TlsResumeOption.Parse(settings)));
}
