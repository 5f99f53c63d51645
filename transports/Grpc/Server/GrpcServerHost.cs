using Transports.Kestrel;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Transports.Abstractions;

namespace Transports.Grpc.Server;

/// <summary>
/// The server side of the <c>grpc</c> transport: a Kestrel host bound to one endpoint, HTTP/2 only (h2c with prior
/// knowledge, or TLS with ALPN h2), no request body size limit and no minimum data rates (a long stream is never cut),
/// the configured HTTP/2 windows. Streaming calls arrive through <see cref="AcceptAsync"/>.
/// </summary>
internal sealed class GrpcServerHost : ITransportListener
{
    private readonly WebApplication _app;
    private readonly Channel<GrpcServerCall> _accepted;
    private readonly GrpcServerDispatcher _dispatcher;

    private GrpcServerHost(WebApplication app, Channel<GrpcServerCall> accepted, GrpcServerDispatcher dispatcher, IPEndPoint localEndPoint)
    {
        _app = app;
        _accepted = accepted;
        _dispatcher = dispatcher;
        LocalEndPoint = localEndPoint;
    }

    public IPEndPoint LocalEndPoint { get; }

    public static async Task<GrpcServerHost> StartAsync(IPEndPoint endPoint, GrpcTransportOptions options, TransportCapabilities capabilities,
        X509Certificate2? certificate, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = "Transports.Grpc" });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(2));
        Transports.Kestrel.KestrelServerTuning.Apply(builder); // the same socket tuning as ws (docs/GRPC.md)
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.MinRequestBodyDataRate = null;
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Limits.Http2.InitialStreamWindowSize = options.EffectiveStreamWindowBytes;
            kestrel.Limits.Http2.InitialConnectionWindowSize = options.EffectiveConnectionWindowBytes;
            kestrel.Limits.Http2.MaxFrameSize = options.MaxFrameBytes;
            kestrel.Listen(endPoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (certificate is not null) listen.UseHttps(certificate); // ALPN h2 (Http2-only endpoint)
            });
        });
        var app = builder.Build();
        var accepted = Channel.CreateUnbounded<GrpcServerCall>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
        var dispatcher = new GrpcServerDispatcher(options.MaxMessageBytes, capabilities, accepted.Writer);
        app.Run(dispatcher.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException e) when (KestrelListenErrors.Translate(e, $"grpc listen on {endPoint}") is { } listen)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw listen;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw new TransportException(TransportError.Unknown, $"grpc listen on {endPoint}: {e.Message}", e);
        }
        var url = new Uri(app.Urls.First());
        return new GrpcServerHost(app, accepted, dispatcher, new IPEndPoint(endPoint.Address, url.Port));
    }

    public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return await _accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e)
        {
            throw new ObjectDisposedException("grpc listener was disposed", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _accepted.Writer.TryComplete();
        while (_accepted.Reader.TryRead(out var unaccepted)) unaccepted.Shutdown();
        _dispatcher.ShutdownAll();
        using var stopTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(stopTimeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // connections still open after the timeout were aborted
        }
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
