using Transports.Abstractions;

namespace Transports.Grpc;

/// <summary>Creates <see cref="GrpcTransport"/>s: a Grpc.AspNetCore service on Kestrel and a Grpc.Net.Client channel.</summary>
public sealed class GrpcTransportFactory : ITransportFactory
{
    /// <summary><c>--grpc-profile</c>: <c>tuned</c> for bulk transfer, or the libraries' <c>defaults</c> (see <see cref="GrpcProfile"/>).</summary>
    public static readonly OptionSpec Profile = new("grpc-profile",
        "tuned (Kestrel tuning shared with ws, 8M/16M HTTP/2 windows, pooled marshaller) or defaults (Grpc.AspNetCore/GrpcChannel/Kestrel out of the box)", "tuned");

    /// <summary><c>--grpc-marshaller</c>: how Chunk messages are parsed (see <see cref="GrpcMarshaller"/>).</summary>
    public static readonly OptionSpec Marshaller = new("grpc-marshaller",
        "Chunk marshaller: pooled (received data in ArrayPool arrays), protobuf (generated Google.Protobuf code), or auto (pooled when tuned, protobuf for defaults)", "auto");

    /// <summary><c>--grpc-tls</c>: HTTP/2 over TLS (ALPN h2, self-signed certificate made in-process, pinned by the client) instead of h2c.</summary>
    public static readonly OptionSpec Tls = new("grpc-tls", "HTTP/2 over TLS with ALPN h2 and an in-process self-signed certificate the client pins (true), or h2c prior knowledge (false)", "false");

    /// <summary><c>--grpc-max-message</c>: the maximum message size in bytes, both directions.</summary>
    public static readonly OptionSpec MaxMessage = new("grpc-max-message", "Maximum gRPC message size in bytes (K/M suffixes ok); larger messages fail with RESOURCE_EXHAUSTED", "4M", "bytes");

    /// <summary><c>--grpc-stream-window</c>: initial HTTP/2 stream flow-control window in bytes (tuned profile).</summary>
    public static readonly OptionSpec StreamWindow = new("grpc-stream-window",
        "Tuned profile: initial HTTP/2 stream flow-control window in bytes, server (Kestrel) and client (SocketsHttpHandler, capped at 16M); 0 = max(1M, 2 x (max message + 5))", "0", "bytes");

    /// <summary><c>--grpc-connection-window</c>: initial HTTP/2 connection flow-control window of the server in bytes (tuned profile).</summary>
    public static readonly OptionSpec ConnectionWindow = new("grpc-connection-window",
        "Tuned profile: initial HTTP/2 connection flow-control window of the server (Kestrel) in bytes; 0 = twice the stream window", "0", "bytes");

    /// <summary><c>--grpc-max-frame</c>: the largest HTTP/2 frame the server accepts (SETTINGS_MAX_FRAME_SIZE, tuned profile).</summary>
    public static readonly OptionSpec MaxFrame = new("grpc-max-frame",
        "Tuned profile: largest HTTP/2 frame payload the server accepts (Kestrel MaxFrameSize, SETTINGS_MAX_FRAME_SIZE) in bytes, 16K..16M-1", "1M", "bytes");

    /// <inheritdoc />
    public string Name => "grpc";

    /// <inheritdoc />
    public string Description => "gRPC streaming calls: Grpc.AspNetCore service on Kestrel, Grpc.Net.Client GrpcChannel (SocketsHttpHandler)";

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } = [Profile, Marshaller, Tls, MaxMessage, StreamWindow, ConnectionWindow, MaxFrame, Transports.Abstractions.Tls.TlsResumeOption.Spec];

    /// <inheritdoc />
    public ITransport Create(OptionValues settings) => Create(settings, RunIdentity.Own);

    /// <inheritdoc />
    /// <exception cref="OptionException">An option's value is malformed or out of range.</exception>
    public ITransport Create(OptionValues settings, RunIdentity identity)
    {
        var profile = settings.GetChoice(Profile, "tuned", "defaults") == "tuned" ? GrpcProfile.Tuned : GrpcProfile.Defaults;
        GrpcMarshaller? marshaller = settings.GetChoice(Marshaller, "auto", "pooled", "protobuf") switch
        {
            "pooled" => GrpcMarshaller.Pooled,
            "protobuf" => GrpcMarshaller.Protobuf,
            _ => null,
        };
        return new GrpcTransport(new GrpcTransportOptions(
            settings.GetBoolean(Tls),
            settings.GetInt32(MaxMessage, 1, 1 << 30),
            Window(settings, StreamWindow),
            Window(settings, ConnectionWindow),
            settings.GetInt32(MaxFrame, GrpcTransportOptions.MinMaxFrameBytes, GrpcTransportOptions.MaxMaxFrameBytes),
            profile,
            marshaller)
        {
            Certificate = identity.ServerCertificate,
            ServerCertificatePin = identity.ServerCertificatePin,
            TlsResume = Transports.Abstractions.Tls.TlsResumeOption.Parse(settings),
        }, identity.Membership);
    }

    private static int Window(OptionValues settings, OptionSpec option)
    {
        int value = settings.GetInt32(option, 0, GrpcTransportOptions.MaxWindowBytes);
        if (value is > 0 and < GrpcTransportOptions.MinWindowBytes)
            throw new OptionException($"--{option.Name}: {value} is below the HTTP/2 minimum initial window of {GrpcTransportOptions.MinWindowBytes} bytes (0 = automatic)");
        return value;
    }
}
