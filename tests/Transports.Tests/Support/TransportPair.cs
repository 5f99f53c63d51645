using System.Net;
using Transports.Abstractions;
using Transports.Harness.Catalog;
using Xunit;

namespace Transports.Tests.Support;

/// <summary>A real client and server of one transport on loopback, connected to each other.</summary>
public sealed class TransportPair : IAsyncDisposable
{
    private TransportPair(ITransport transport, ITransportListener listener, ITransportConnection client, ITransportConnection server)
    {
        Transport = transport;
        Listener = listener;
        Client = client;
        Server = server;
    }

    public ITransport Transport { get; }
    public ITransportListener Listener { get; }
    public ITransportConnection Client { get; }
    public ITransportConnection Server { get; }
    public TransportCapabilities Capabilities => Transport.Capabilities;

    /// <summary>The factory of <paramref name="name"/>; skips the test (with the reason) when it cannot run here.</summary>
    public static ITransportFactory RequireFactory(string name)
    {
        var factory = TransportCatalog.Find(name) ?? throw new InvalidOperationException($"unknown transport {name}");
        var availability = factory.CheckAvailability();
        Skip.IfNot(availability.IsAvailable, $"{name} unavailable here: {availability.Reason}");
        return factory;
    }

    /// <summary>Creates the transport with <paramref name="settings"/>, listens on 127.0.0.1:0, connects and accepts.</summary>
    public static async Task<TransportPair> ConnectAsync(string name, StreamDirection direction = StreamDirection.Bidirectional,
        OptionValues? settings = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var transport = RequireFactory(name).Create(settings ?? OptionValues.Empty);
        var listener = await transport.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), timeout.Token);
        var accept = listener.AcceptAsync(timeout.Token).AsTask();
        var client = await transport.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(direction), timeout.Token);
        var server = await accept;
        return new TransportPair(transport, listener, client, server);
    }

    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync();
        await Server.DisposeAsync();
        await Listener.DisposeAsync();
        await Transport.DisposeAsync();
    }
}
