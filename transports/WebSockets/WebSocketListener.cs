using Transports.Kestrel;
using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Abstractions.Tls;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using System.Security.Authentication;

namespace Transports.WebSockets;

/// <summary>
/// A Kestrel host that accepts WebSockets on <see cref="WebSocketTransport.Path"/> and hands each one to
/// <see cref="AcceptAsync"/>. The request stays open until the connection is disposed. An upgrade request without this
/// run's token in <see cref="WebSocketTransport.RunTokenHeader"/> is answered 403 before the upgrade and recorded in
/// <see cref="Refused"/>; the listener keeps waiting for the run's client.
/// </summary>
internal sealed class WebSocketListener : ITransportListener
{
    private readonly WebApplication _app;
    private readonly Channel<WebSocketConnection> _accepted = Channel.CreateUnbounded<WebSocketConnection>();

    private WebSocketListener(WebApplication app, IPEndPoint localEndPoint)
    {
        _app = app;
        LocalEndPoint = localEndPoint;
    }

    public IPEndPoint LocalEndPoint { get; private set; }

    private readonly RefusedPeerLog _refused = new();

    /// <inheritdoc />
    public IReadOnlyList<RefusedPeer> Refused => _refused.Snapshot();

    /// <inheritdoc />
    public long RefusedCount => _refused.TotalCount;

    /// <param name="endPoint">Where to listen.</param>
    /// <param name="capabilities">The transport's capabilities, for the connections.</param>
    /// <param name="membership">The run whose token upgrade requests must carry.</param>
    /// <param name="certificate">wss: the certificate an HTTPS (TLS 1.3 only) endpoint presents; null: cleartext ws.</param>
    /// <param name="name">The transport's name, for refusals and errors.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    public static async Task<WebSocketListener> StartAsync(IPEndPoint endPoint, TransportCapabilities capabilities, RunMembership membership,
        RunCertificate? certificate, string name, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        Transports.Kestrel.KestrelServerTuning.Apply(builder); // the same socket tuning as grpc (docs/TRANSPORTS.md)
        builder.WebHost.ConfigureKestrel(k =>
        {
            if (certificate is null) k.Listen(endPoint);
            else
                k.Listen(endPoint, l =>
                {
                    l.Protocols = HttpProtocols.Http1; // the WebSocket upgrade is HTTP/1.1 (RFC 6455 §4.1); ALPN http/1.1
                    l.UseHttps(https =>
                    {
                        https.ServerCertificate = certificate.Certificate;
                        https.SslProtocols = SslProtocols.Tls13;
                    });
                });
            k.AddServerHeader = false;
        });
        var app = builder.Build();
        var listener = new WebSocketListener(app, endPoint);
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        app.Map(WebSocketTransport.Path, async context =>
        {
            var verdict = membership.CheckHex(context.Request.Headers[WebSocketTransport.RunTokenHeader].ToString() is { Length: > 0 } h ? h : null);
            if (verdict != MembershipVerdict.Member)
            {
                var remote = context.Connection.RemoteIpAddress is { } ip ? new IPEndPoint(ip, context.Connection.RemotePort) : null;
                listener._refused.Add(new RefusedPeer(name, remote, verdict, DateTimeOffset.UtcNow));
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
                return;
            }
            var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var connection = KestrelTlsSession.Of(context.Features) is { } tls
                ? new SecureWebSocketConnection(socket, capabilities, () => closed.TrySetResult(), tls)
                : new WebSocketConnection(socket, capabilities, onDisposed: () => closed.TrySetResult());
            if (!listener._accepted.Writer.TryWrite(connection)) return;
            await closed.Task.ConfigureAwait(false); // keep the request (and the socket) alive until disposed
        });
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (KestrelListenErrors.Translate(e, $"{name} listen on {endPoint}") is { } listen)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw listen;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        listener.LocalEndPoint = new IPEndPoint(endPoint.Address, new Uri(address).Port);
        return listener;
    }

    public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken = default)
        => await _accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);

    public async ValueTask DisposeAsync()
    {
        _accepted.Writer.TryComplete();
        while (_accepted.Reader.TryRead(out var pending)) await pending.DisposeAsync().ConfigureAwait(false);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // connections still open after the grace period are cut
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
