namespace Transports.Grpc;

/// <summary>How the Grpc.AspNetCore server and the Grpc.Net.Client channel are configured (<c>-grpc-profile</c>).</summary>
public enum GrpcProfile
{
    /// <summary>
    /// For bulk transfer: Kestrel with the socket tuning shared with ws (<c>transports/Kestrel</c>), HTTP/2 windows of
    /// 8 MiB per stream and 16 MiB per connection (by default), a 1 MiB SETTINGS_MAX_FRAME_SIZE, and the pooled
    /// <see cref="GrpcMarshaller.Pooled"/> marshaller (no large-object-heap allocation per received message).
    /// </summary>
    Tuned = 0,

    /// <summary>
    /// What a service gets out of the box: Kestrel, Grpc.AspNetCore and GrpcChannel defaults (Kestrel's 768 KiB stream and
    /// 1 MiB connection windows, 4 KiB pool blocks, SocketsHttpHandler's 64 KiB initial window growing dynamically) and
    /// the protobuf marshaller that Grpc.Tools generates. Only the maximum message size and TLS are set, because the
    /// transport's semantics need them.
    /// </summary>
    Defaults = 1,
}
