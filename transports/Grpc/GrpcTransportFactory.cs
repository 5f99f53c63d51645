using Transports.Abstractions;
using Transports.Grpc.Wire;

namespace Transports.Grpc;

/// <summary>Creates <see cref="GrpcTransport"/>s: gRPC over HTTP/2 on Kestrel (server) and SocketsHttpHandler (client).</summary>
public sealed class GrpcTransportFactory : ITransportFactory
{
    /// <summary><c>--grpc-tls</c>: HTTP/2 over TLS (ALPN h2, self-signed certificate made in-process) instead of h2c.</summary>
    public static readonly OptionSpec Tls = new("grpc-tls", "HTTP/2 over TLS with ALPN h2 and an in-process self-signed certificate (true), or h2c prior knowledge (false)", "false");

    /// <summary><c>--grpc-max-message</c>: the maximum message size in bytes, both directions.</summary>
    public static readonly OptionSpec MaxMessage = new("grpc-max-message", "Maximum gRPC message size in bytes (K/M suffixes ok); larger messages fail with RESOURCE_EXHAUSTED", "4M", "bytes");

    /// <summary><c>--grpc-stream-window</c>: initial HTTP/2 stream flow-control window in bytes.</summary>
    public static readonly OptionSpec StreamWindow = new("grpc-stream-window",
        "Initial HTTP/2 stream flow-control window in bytes, server (Kestrel) and client (SocketsHttpHandler, capped at 16M); 0 = max(1M, 2 x (max message + 5))", "0", "bytes");

    /// <summary><c>--grpc-connection-window</c>: initial HTTP/2 connection flow-control window of the server in bytes.</summary>
    public static readonly OptionSpec ConnectionWindow = new("grpc-connection-window",
        "Initial HTTP/2 connection flow-control window of the server (Kestrel) in bytes; 0 = twice the stream window", "0", "bytes");

    /// <summary><c>--grpc-max-frame</c>: the largest HTTP/2 frame the server accepts (SETTINGS_MAX_FRAME_SIZE).</summary>
    public static readonly OptionSpec MaxFrame = new("grpc-max-frame",
        "Largest HTTP/2 frame payload the server accepts (Kestrel MaxFrameSize, SETTINGS_MAX_FRAME_SIZE) in bytes, 16K..16M-1", "1M", "bytes");

    /// <inheritdoc />
    public string Name => "grpc";

    /// <inheritdoc />
    public string Description => "gRPC streaming calls over HTTP/2 (Kestrel server, SocketsHttpHandler client, own PROTOCOL-HTTP2 wire code)";

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } = [Tls, MaxMessage, StreamWindow, ConnectionWindow, MaxFrame];

    /// <inheritdoc />
    public ITransport Create(OptionValues settings)
    {
        return new GrpcTransport(new GrpcTransportOptions(
            settings.GetBoolean(Tls),
            settings.GetInt32(MaxMessage, 1, 1 << 30),
            Window(settings, StreamWindow),
            Window(settings, ConnectionWindow),
            settings.GetInt32(MaxFrame, GrpcTransportOptions.MinMaxFrameBytes, GrpcTransportOptions.MaxMaxFrameBytes)));
    }

    private static int Window(OptionValues settings, OptionSpec option)
    {
        int value = settings.GetInt32(option, 0, GrpcTransportOptions.MaxWindowBytes);
        if (value is > 0 and < GrpcTransportOptions.MinWindowBytes)
            throw new OptionException($"--{option.Name}: {value} is below the HTTP/2 minimum initial window of {GrpcTransportOptions.MinWindowBytes} bytes (0 = automatic)");
        return value;
    }
}
