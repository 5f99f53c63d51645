using Grpc.Core;
using Transports.Grpc.Protos;

namespace Transports.Grpc.Calls;

/// <summary>
/// The method descriptors of service <c>transports.bench.v1.Bench</c> (Protos/bench.proto) with a chosen Chunk
/// marshaller: the same names and wire bytes Grpc.Tools generates (<c>:path /transports.bench.v1.Bench/{Method}</c>,
/// gRPC PROTOCOL-HTTP2), used by both the server binding and the client calls.
/// </summary>
internal sealed class BenchMethods
{
    /// <summary>Fully qualified service name: proto package + service.</summary>
    public const string Service = "transports.bench.v1.Bench";

    /// <summary>Creates the descriptors.</summary>
    /// <param name="marshaller">How Chunk messages are parsed (see <see cref="GrpcMarshaller"/>).</param>
    public BenchMethods(GrpcMarshaller marshaller)
    {
        var chunk = ChunkMarshallers.Of(marshaller);
        Echo = new(MethodType.Unary, Service, "Echo", chunk, chunk);
        Upload = new(MethodType.ClientStreaming, Service, "Upload", chunk, ProtobufMarshaller.For(UploadSummary.Parser));
        Download = new(MethodType.ServerStreaming, Service, "Download", ProtobufMarshaller.For(DownloadRequest.Parser), chunk);
        Exchange = new(MethodType.DuplexStreaming, Service, "Exchange", chunk, chunk);
    }

    /// <summary>Unary Echo.</summary>
    public Method<Chunk, Chunk> Echo { get; }

    /// <summary>Client-streaming Upload.</summary>
    public Method<Chunk, UploadSummary> Upload { get; }

    /// <summary>Server-streaming Download.</summary>
    public Method<DownloadRequest, Chunk> Download { get; }

    /// <summary>Bidirectional-streaming Exchange.</summary>
    public Method<Chunk, Chunk> Exchange { get; }
}
