using Transports.Abstractions;
using Transports.Abstractions.Tls;
using Transports.Grpc.Protos;

namespace Transports.Grpc;

/// <summary>
/// A call of grpc over TLS, either side: the call itself, and what the TLS handshake of the HTTP/2 connection carrying
/// it negotiated (every call of a channel shares that connection).
/// </summary>
/// <param name="call">The call; every member forwards to it.</param>
/// <param name="tls">The connection's TLS session.</param>
internal sealed class SecureGrpcCall(IGrpcCall call, TlsSessionInfo tls) : IGrpcCall, ISecureConnection
{
    public TlsSessionInfo Tls => tls;

    public GrpcCallKind Kind => call.Kind;

    public DownloadRequest? DownloadRequest => call.DownloadRequest;

    public UploadSummary? UploadSummary => call.UploadSummary;

    public TransportCapabilities Capabilities => call.Capabilities;

    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => call.SendAsync(payload, cancellationToken);

    public ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => call.ReceiveAsync(buffer, cancellationToken);

    public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default) => call.CompleteSendAsync(cancellationToken);

    public void Abort() => call.Abort();

    public IReadOnlyDictionary<string, double> GetStatistics() => call.GetStatistics();

    public ValueTask DisposeAsync() => call.DisposeAsync();
}
