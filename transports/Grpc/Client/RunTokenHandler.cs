using Transports.Abstractions.Membership;
using Transports.Grpc.Calls;

namespace Transports.Grpc.Client;

/// <summary>
/// Adds this run's token (<see cref="RunMembership.TokenHex"/>) as the <see cref="RunTokenMetadata.Key"/> header to
/// every request the client sends, so every gRPC call carries it in its metadata (gRPC metadata are HTTP/2 headers,
/// grpc/doc/PROTOCOL-HTTP2.md).
/// </summary>
internal sealed class RunTokenHandler(HttpMessageHandler inner, string tokenHex) : DelegatingHandler(inner)
{
    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.TryAddWithoutValidation(RunTokenMetadata.Key, tokenHex);
        return base.SendAsync(request, cancellationToken);
    }
}
