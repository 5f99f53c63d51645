using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using Grpc.AspNetCore.Server.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Grpc.Calls;
using Transports.Kestrel;

namespace Transports.Grpc.Server;

/// <summary>
/// The server side of the <c>grpc</c> transport: a Grpc.AspNetCore service (<see cref="BenchService"/>) on a Kestrel
/// host bound to one endpoint, HTTP/2 only (h2c with prior knowledge, or TLS with ALPN h2). The profile decides the
/// rest (<see cref="GrpcProfile"/>). Streaming calls arrive through <see cref="AcceptAsync"/>.
/// </summary>
internal sealed class GrpcServerHost : ITransportListener
{
    private readonly WebApplication _app;
    private readonly Channel<GrpcServerCall> _accepted;
    private readonly BenchService _service;

    private GrpcServerHost(WebApplication app, Channel<GrpcServerCall> accepted, BenchService service, IPEndPoint localEndPoint)
    {
        _app = app;
        _accepted = accepted;
        _service = service;
        LocalEndPoint = localEndPoint;
    }

    /// <inheritdoc />
    public IPEndPoint LocalEndPoint { get; }

    /// <inheritdoc />
    public IReadOnlyList<RefusedPeer> Refused => _service.Refused.Snapshot();

    /// <inheritdoc />
    public long RefusedCount => _service.Refused.TotalCount;

    /// <summary>Starts the server.</summary>
    /// <param name="endPoint">Where to listen (port 0: any free port).</param>
    /// <param name="options">The transport's settings.</param>
    /// <param name="capabilities">The transport's capabilities, handed to every call.</param>
    /// <param name="certificate">The TLS certificate, or null for h2c.</param>
    /// <param name="membership">The run whose calls are served; others fail with PERMISSION_DENIED.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <exception cref="TransportException">The address is in use, or Kestrel failed to start.</exception>
    public static async Task<GrpcServerHost> StartAsync(IPEndPoint endPoint, GrpcTransportOptions options, TransportCapabilities capabilities,
        X509Certificate2? certificate, RunMembership membership, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = "Transports.Grpc" });
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(2));
        bool tuned = options.Profile == GrpcProfile.Tuned;
        if (tuned) KestrelServerTuning.Apply(builder); // the same socket tuning as ws (docs/GRPC.md)
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            if (tuned)
            {
                kestrel.Limits.MaxRequestBodySize = null;
                kestrel.Limits.MinRequestBodyDataRate = null;
                kestrel.Limits.MinResponseDataRate = null;
                kestrel.Limits.Http2.InitialStreamWindowSize = options.EffectiveStreamWindowBytes;
                kestrel.Limits.Http2.InitialConnectionWindowSize = options.EffectiveConnectionWindowBytes;
                kestrel.Limits.Http2.MaxFrameSize = options.MaxFrameBytes;
            }
            kestrel.Listen(endPoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (certificate is not null) listen.UseHttps(certificate); // ALPN h2 (Http2-only endpoint)
            });
        });
        builder.Services.AddGrpc(grpc =>
        {
            // The payload limit plus the Chunk's field header: RESOURCE_EXHAUSTED beyond it (Grpc.AspNetCore's check).
            grpc.MaxReceiveMessageSize = options.MaxMessageBytes + ChunkCodec.MaxHeaderBytes;
            grpc.MaxSendMessageSize = null; // the transport checks the payload before sending
        });
        var accepted = Channel.CreateUnbounded<GrpcServerCall>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
        var service = new BenchService(options.MaxMessageBytes, capabilities, accepted.Writer, membership);
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton<IServiceMethodProvider<BenchService>>(new BenchServiceMethodProvider(new BenchMethods(options.EffectiveMarshaller)));
        var app = builder.Build();
        app.MapGrpcService<BenchService>();
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
        return new GrpcServerHost(app, accepted, service, new IPEndPoint(endPoint.Address, url.Port));
    }

    /// <inheritdoc />
    public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var call = await _accepted.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            return call.Tls is { } tls ? new SecureGrpcCall(call, tls) : call;
        }
        catch (ChannelClosedException e)
        {
            throw new ObjectDisposedException("grpc listener was disposed", e);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _accepted.Writer.TryComplete();
        while (_accepted.Reader.TryRead(out var unaccepted)) unaccepted.Shutdown();
        _service.ShutdownAll();
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
