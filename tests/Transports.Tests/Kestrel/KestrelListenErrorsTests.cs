using System.Net;
using System.Net.Sockets;
using Transports.Abstractions;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Kestrel;

/// <summary>Both Kestrel-hosted transports say "address already in use" for a taken port (grpc used to say Unknown).</summary>
public sealed class KestrelListenErrorsTests
{
    [Theory]
    [InlineData("ws")]
    [InlineData("grpc")]
    public async Task A_taken_port_is_address_in_use(string name)
    {
        using var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        blocker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        blocker.Listen();
        var taken = (IPEndPoint)blocker.LocalEndPoint!;
        await using var transport = TransportPair.RequireFactory(name).Create(OptionValues.Empty);
        var e = await Assert.ThrowsAsync<TransportException>(async () => await (await transport.ListenAsync(taken)).DisposeAsync());
        Assert.Equal(TransportError.AddressInUse, e.Error);
        Assert.Contains($"{name} listen on {taken}: address already in use", e.Message);
    }
}
