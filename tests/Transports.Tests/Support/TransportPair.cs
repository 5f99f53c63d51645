using System.Net;
using Transports.Abstractions;
using Transports.Harness.Catalog;
using Transports.Scenarios.Core;
using Xunit;

namespace Transports.Tests.Support;

/// <summary>A real client and server of one transport on loopback, connected to each other (a <see cref="ConnectedPair"/> plus its transport).</summary>
public sealed class TransportPair : IAsyncDisposable
{
    private readonly ConnectedPair _pair;

    private TransportPair(ITransport transport, ConnectedPair pair)
    {
        Transport = transport;
        _pair = pair;
    }

    public ITransport Transport { get; }
    public ITransportListener Listener => _pair.Listener;
    public ITransportConnection Client => _pair.Client;
    public ITransportConnection Server => _pair.Server;
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
        try
        {
            return new TransportPair(transport, await ConnectedPair.OpenAsync(transport, new IPEndPoint(IPAddress.Loopback, 0), direction, timeout.Token));
        }
        catch
        {
            await transport.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _pair.DisposeAsync();
        await Transport.DisposeAsync();
    }
}
