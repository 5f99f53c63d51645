using Transports.Abstractions;
using Transports.Grpc.Protos;

namespace Transports.Grpc;

/// <summary>
/// A <c>grpc</c> transport connection: one gRPC call of service <c>transports.bench.v1.Bench</c>. Tests and interop
/// tools use it to see which call a server accepted and what the call's one-off messages carried.
/// </summary>
public interface IGrpcCall : ITransportConnection
{
    /// <summary>Which call this is (Upload, Download or Exchange).</summary>
    GrpcCallKind Kind { get; }

    /// <summary>Server side of a Download: the client's request; null otherwise.</summary>
    DownloadRequest? DownloadRequest { get; }

    /// <summary>Client side of an Upload: the server's summary once the call ended with OK; null otherwise.</summary>
    UploadSummary? UploadSummary { get; }
}
