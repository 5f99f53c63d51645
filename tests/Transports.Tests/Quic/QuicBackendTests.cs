using System.Net;
using System.Security.Cryptography;
using Transports.Abstractions;
using Transports.Abstractions.Tls;
using Transports.Quic;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Quic;

/// <summary>Backend and congestion-controller selection, settings recorded in results, errors users see.</summary>
public sealed class QuicBackendTests
{
    private static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    [SkippableTheory]
    [InlineData("cubic")]
    [InlineData("newreno")]
    [InlineData("bbr")]
    public async Task Every_congestion_controller_moves_8_MiB_intact_and_is_recorded(string cc)
    {
        var ct = Timeout();
        var settings = new OptionValues().With("quic-backend", "quinn").With("quic-cc", cc);
        await using var pair = await TransportPair.ConnectAsync("quic", StreamDirection.ClientToServer, settings);
        Assert.Equal("quinn", pair.Transport.Settings["backend"]);
        Assert.Equal(cc, pair.Transport.Settings["congestion_controller"]);
        Assert.StartsWith("quinn 0.9", pair.Transport.Settings["backend_version"]);

        var data = Payloads.Random(8 << 20, 3);
        var receive = Payloads.ReceiveAllAsync(pair.Server, ct);
        await Payloads.SendAllAsync(pair.Client, data, 128 << 10, ct);
        var (bytes, sha) = await receive;
        Assert.Equal(data.Length, bytes);
        Assert.Equal(SHA256.HashData(data), sha);

        var stats = pair.Client.GetStatistics();
        Assert.True(stats["cwnd_bytes"] > 0, "cwnd_bytes missing");
        Assert.True(stats["sent_packets"] > (8 << 20) / 1452, $"sent_packets {stats["sent_packets"]} too low for 8 MiB");
        Assert.True(stats.ContainsKey("rtt_us") && stats.ContainsKey("lost_packets"));
    }

    [SkippableFact]
    public async Task Streams_opened_on_one_connection_are_independent()
    {
        var ct = Timeout();
        await using var pair = await TransportPair.ConnectAsync("quic", settings: new OptionValues().With("quic-backend", "quinn"));
        var client = Assert.IsAssignableFrom<IMultiplexedTransportConnection>(pair.Client);
        var server = Assert.IsAssignableFrom<IMultiplexedTransportConnection>(pair.Server);
        await using var opened = await client.OpenStreamAsync(ct);
        await using var accepted = await server.AcceptStreamAsync(ct);

        // The second stream carries its own bytes and its own FIN, while the first stays open.
        var data = Payloads.Random(300_000, 21);
        var receive = Payloads.ReceiveAllAsync(accepted, ct);
        await Payloads.SendAllAsync(opened, data, 32 << 10, ct);
        Assert.Equal(SHA256.HashData(data), (await receive).Sha256);

        var first = Payloads.Random(1000, 22);
        var receiveFirst = Payloads.ReceiveExactlyAsync(pair.Server, first.Length, ct);
        await pair.Client.SendAsync(first, ct);
        Assert.Equal(first, await receiveFirst);
    }

    [SkippableFact]
    public async Task Connect_to_a_port_nobody_listens_on_fails_with_refused_not_a_hang()
    {
        TransportPair.RequireFactory("quic");
        await using var transport = new QuicTransportFactory().Create(new QuicTransportOptions(Backend: QuicBackend.Quinn, IdleTimeoutMs: 1000));
        using var probe = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // a bound UDP port that never answers
        var ex = await Assert.ThrowsAsync<TransportException>(() =>
            transport.ConnectAsync((IPEndPoint)probe.LocalEndPoint!, ConnectOptions.Default, Timeout(30)).AsTask());
        Assert.Equal(TransportError.ConnectionRefused, ex.Error);
        Assert.Contains("no QUIC handshake answer", ex.Message);
    }

    [SkippableTheory]
    [InlineData("quic")]
    [InlineData("quic-dgram")]
    public async Task Ipv6_loopback_carries_bytes(string name)
    {
        Skip.IfNot(System.Net.Sockets.Socket.OSSupportsIPv6, "IPv6 is not available on this machine");
        var factory = TransportPair.RequireFactory(name);
        var ct = Timeout();
        await using var transport = factory.Create(OptionValues.Empty.With("quic-backend", "quinn"));
        await using var listener = await transport.ListenAsync(new IPEndPoint(IPAddress.IPv6Loopback, 0), ct);
        Assert.Equal(IPAddress.IPv6Loopback, listener.LocalEndPoint.Address);
        var accept = listener.AcceptAsync(ct).AsTask();
        await using var client = await transport.ConnectAsync(listener.LocalEndPoint, ConnectOptions.Default, ct);
        await using var server = await accept;
        var message = Payloads.Random(1000, 51);
        var receive = Payloads.ReceiveExactlyAsync(server, message.Length, ct);
        await client.SendAsync(message, ct);
        Assert.Equal(message, await receive);
    }

    [SkippableTheory]
    [InlineData("quic")]
    [InlineData("quic-dgram")]
    public async Task Cancelling_a_pending_receive_ends_it_with_OperationCanceledException(string name)
    {
        await using var pair = await TransportPair.ConnectAsync(name, settings: OptionValues.Empty.With("quic-backend", "quinn"));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)); // nothing is ever sent
        var buffer = new byte[pair.Capabilities.MaxMessageSizeBytes ?? 4096];
        var pending = pair.Server.ReceiveAsync(buffer, cancel.Token).AsTask();
        var finished = await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(pending, finished); // bounded: a receive that ignores cancellation fails here instead of hanging
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact]
    public void Bad_option_values_name_the_option()
    {
        var factory = new QuicTransportFactory();
        var ex = Assert.Throws<OptionException>(() => factory.Create(new OptionValues().With("quic-cc", "vegas")));
        Assert.Contains("--quic-cc", ex.Message);
        ex = Assert.Throws<OptionException>(() => factory.Create(new OptionValues().With("quic-backend", "ngtcp2")));
        Assert.Contains("--quic-backend", ex.Message);
        ex = Assert.Throws<OptionException>(() => new QuicDatagramTransportFactory().Create(new OptionValues().With("quic-dgram-udp-payload", "100")));
        Assert.Contains("--quic-dgram-udp-payload", ex.Message);
    }

    [SkippableFact]
    public void Msquic_backend_where_unsupported_says_why()
    {
        Skip.If(QuicTransportFactory.IsMsQuicSupported, "System.Net.Quic is supported here; the unsupported path cannot be observed");
        var ex = Assert.Throws<TransportException>(() => new QuicTransportFactory().Create(new OptionValues().With("quic-backend", "msquic")));
        Assert.Equal(TransportError.NotSupported, ex.Error);
        Assert.Contains("libmsquic", ex.Message);
    }

    [SkippableFact]
    public async Task Msquic_backend_moves_bytes_both_ways()
    {
        Skip.IfNot(QuicTransportFactory.IsMsQuicSupported, $"msquic backend: {QuicTransportFactory.MsQuicUnavailableReason}");
        var ct = Timeout();
        await using var pair = await TransportPair.ConnectAsync("quic", settings: new OptionValues().With("quic-backend", "msquic"));
        Assert.Equal("msquic", pair.Transport.Settings["backend"]);
        var data = Payloads.Random(2 << 20, 31);
        var receive = Payloads.ReceiveAllAsync(pair.Server, ct);
        await Payloads.SendAllAsync(pair.Client, data, 64 << 10, ct);
        Assert.Equal(SHA256.HashData(data), (await receive).Sha256);
        var back = Payloads.Random(70_000, 32);
        var receiveBack = Payloads.ReceiveAllAsync(pair.Client, ct);
        await Payloads.SendAllAsync(pair.Server, back, 8 << 10, ct);
        Assert.Equal(SHA256.HashData(back), (await receiveBack).Sha256);
    }

    [SkippableFact]
    public async Task Msquic_client_interoperates_with_quinn_server()
    {
        Skip.IfNot(QuicTransportFactory.IsMsQuicSupported, $"msquic backend: {QuicTransportFactory.MsQuicUnavailableReason}");
        TransportPair.RequireFactory("quic-dgram"); // needs quinn too
        var ct = Timeout();
        using var certificate = RunCertificate.Create(); // two transports, one run: the msquic client pins the quinn server's certificate
        await using var quinn = new QuicTransportFactory().Create(new QuicTransportOptions(Backend: QuicBackend.Quinn) { Certificate = certificate });
        await using var msquic = new QuicTransportFactory().Create(new QuicTransportOptions(Backend: QuicBackend.Msquic) { ServerCertificatePin = certificate.Pin });
        await using var listener = await quinn.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), ct);
        var accept = listener.AcceptAsync(ct).AsTask();
        await using var client = await msquic.ConnectAsync(listener.LocalEndPoint, ConnectOptions.Default, ct);
        await using var server = await accept;
        var data = Payloads.Random(1 << 20, 41);
        var receive = Payloads.ReceiveAllAsync(server, ct);
        await Payloads.SendAllAsync(client, data, 64 << 10, ct);
        Assert.Equal(SHA256.HashData(data), (await receive).Sha256);
    }

    [SkippableFact]
    public async Task Msquic_client_refuses_a_server_certificate_other_than_the_pinned_one()
    {
        Skip.IfNot(QuicTransportFactory.IsMsQuicSupported, $"msquic backend: {QuicTransportFactory.MsQuicUnavailableReason}");
        var ct = Timeout();
        await using var server = new QuicTransportFactory().Create(new QuicTransportOptions(Backend: QuicBackend.Msquic));
        await using var client = new QuicTransportFactory().Create(new QuicTransportOptions(Backend: QuicBackend.Msquic)); // pins its own certificate
        await using var listener = await server.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), ct);
        var e = await Assert.ThrowsAsync<TransportException>(() => client.ConnectAsync(listener.LocalEndPoint, ConnectOptions.Default, ct).AsTask());
        Assert.Equal(TransportError.AuthenticationFailed, e.Error);
        Assert.Contains("server certificate refused: it is not the one pinned for this run", e.Message);
    }
}
