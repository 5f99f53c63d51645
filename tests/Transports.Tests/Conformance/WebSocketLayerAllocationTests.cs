using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Transports.Abstractions;
using Transports.Tests.Support;
using Transports.WebSockets;
using Xunit;
using Xunit.Abstractions;

namespace Transports.Tests.Conformance;

/// <summary>
/// The ws transport's own layer (<see cref="WebSocketConnection"/> over the runtime's managed WebSocket) allocates
/// nothing per message. It runs over a raw loopback socket (<see cref="NetworkStream"/>, whose reads do not
/// allocate) instead of the HTTP/1.1 upgrade streams of Kestrel and SocketsHttpHandler, which do (see
/// <see cref="HotPathAllocationConformanceTests"/>).
/// </summary>
public sealed class WebSocketLayerAllocationTests(ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Ws_layer_over_a_raw_socket_allocates_nothing_per_message()
    {
        RoundTripAllocations.SkipUnlessOptimized();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var clientSocket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await clientSocket.ConnectAsync(listener.LocalEndPoint!, timeout.Token);
        using var serverSocket = await listener.AcceptAsync(timeout.Token);
        serverSocket.NoDelay = true;

        var capabilities = new WebSocketTransportFactory().Create(OptionValues.Empty).Capabilities;
        await using var client = new WebSocketConnection(
            WebSocket.CreateFromStream(new NetworkStream(clientSocket), new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = TimeSpan.Zero }),
            capabilities, onDisposed: null);
        await using var server = new WebSocketConnection(
            WebSocket.CreateFromStream(new NetworkStream(serverSocket), new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero }),
            capabilities, onDisposed: null);

        var windows = await RoundTripAllocations.MeasureAsync(client, server, capabilities.MaxMessageSizeBytes ?? 0, timeout.Token);
        output.WriteLine($"ws layer: {string.Join(", ", windows.Select(w => $"{w:0.0}"))} B per message in three windows");
        double perMessage = windows.Min();
        Assert.True(perMessage < RoundTripAllocations.NoObjectPerMessageBytes,
            $"ws layer: {perMessage:0.0} B allocated per message on average: something allocates per message");
    }
}
