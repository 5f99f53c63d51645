using System.Security.Cryptography;
using System.Net;
using Transports.Abstractions;
using Transports.Abstractions.Tls;
using Transports.Grpc;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Grpc;

/// <summary>The grpc transport's own promises beyond the conformance suite: call shapes, TLS, server abort, options.</summary>
public sealed class GrpcTransportTests
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Theory]
    [InlineData(StreamDirection.ClientToServer, GrpcCallKind.Upload)]
    [InlineData(StreamDirection.ServerToClient, GrpcCallKind.Download)]
    [InlineData(StreamDirection.Bidirectional, GrpcCallKind.Exchange)]
    public async Task Direction_picks_the_call_and_the_wrong_side_cannot_send(StreamDirection direction, GrpcCallKind kind)
    {
        var ct = Timeout();
        await using var pair = await TransportPair.ConnectAsync("grpc", direction);
        Assert.Equal(kind, ((IGrpcCall)pair.Client).Kind);
        Assert.Equal(kind, ((IGrpcCall)pair.Server).Kind);
        if (kind == GrpcCallKind.Upload)
            await Assert.ThrowsAsync<InvalidOperationException>(() => pair.Server.SendAsync(new byte[1], ct).AsTask());
        if (kind == GrpcCallKind.Download)
            await Assert.ThrowsAsync<InvalidOperationException>(() => pair.Client.SendAsync(new byte[1], ct).AsTask());
    }

    [Fact]
    public async Task Upload_summary_confirms_what_the_server_received()
    {
        var ct = Timeout();
        await using var pair = await TransportPair.ConnectAsync("grpc", StreamDirection.ClientToServer);
        var data = Payloads.Random(3 << 20, 21);
        var receive = Payloads.ReceiveAllAsync(pair.Server, ct);
        await Payloads.SendAllAsync(pair.Client, data, 100_000, ct);
        Assert.Equal(data.Length, (await receive).Bytes);
        await pair.Server.CompleteSendAsync(ct); // answers with the UploadSummary and status OK
        var buffer = new byte[pair.Capabilities.MaxMessageSizeBytes!.Value];
        Assert.True((await pair.Client.ReceiveAsync(buffer, ct)).IsCompleted);
        var summary = ((IGrpcCall)pair.Client).UploadSummary!;
        Assert.Equal(data.Length, summary.BytesReceived);
        Assert.Equal((data.Length + 99_999) / 100_000, summary.MessagesReceived);
    }

    [Fact]
    public async Task Tls_with_alpn_h2_carries_the_stream_intact_and_is_encrypted()
    {
        var ct = Timeout();
        await using var pair = await TransportPair.ConnectAsync("grpc", StreamDirection.Bidirectional, OptionValues.Empty.With("grpc-tls", "true"));
        Assert.True(pair.Capabilities.IsEncrypted);
        Assert.Equal("true", pair.Transport.Settings["tls"]);
        Assert.Equal("true", pair.Transport.Settings["tls_server_cert_pinned"]);
        var data = Payloads.Random(8 << 20, 22);
        var receive = Payloads.ReceiveAllAsync(pair.Server, ct);
        await Payloads.SendAllAsync(pair.Client, data, 1 << 20, ct);
        var (bytes, sha) = await receive;
        Assert.Equal(data.Length, bytes);
        Assert.Equal(SHA256.HashData(data), sha);
    }

    [Fact]
    public async Task Tls_client_pinned_to_another_certificate_is_refused_naming_both_fingerprints()
    {
        var ct = Timeout();
        using var served = RunCertificate.Create();
        using var other = RunCertificate.Create();
        var run = Transports.Abstractions.Membership.RunMembership.Create(); // server and pinned client: one run, two instances
        await using var server = new GrpcTransport(new GrpcTransportOptions(Tls: true) { Certificate = served }, run);
        await using var wrong = new GrpcTransport(new GrpcTransportOptions(Tls: true) { ServerCertificatePin = other.Pin });
        await using var listener = await server.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), ct);
        var e = await Assert.ThrowsAsync<TransportException>(async () =>
        {
            await using var call = await wrong.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct);
            await call.SendAsync(new byte[100], ct); // the handshake may only fail once the request goes out
            await call.CompleteSendAsync(ct);
        });
        Assert.Equal(TransportError.AuthenticationFailed, e.Error);
        Assert.Contains($"server certificate refused: it is not the one pinned for this run (expected sha256 {other.Pin.ShortHex}, presented sha256 {served.Pin.ShortHex})", e.Message);

        // Its own default (no pin given) is its own certificate, which is not the server's either.
        await using var stranger = new GrpcTransport(new GrpcTransportOptions(Tls: true));
        var e2 = await Assert.ThrowsAsync<TransportException>(async () =>
        {
            await using var call = await stranger.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct);
            await call.SendAsync(new byte[100], ct);
            await call.CompleteSendAsync(ct);
        });
        Assert.Equal(TransportError.AuthenticationFailed, e2.Error);

        // The pinned client carries bytes intact through the same server.
        await using var right = new GrpcTransport(new GrpcTransportOptions(Tls: true) { ServerCertificatePin = CertificatePin.FromSha256(served.Pin.Sha256) }, run);
        var accept = listener.AcceptAsync(ct).AsTask();
        await using var client = await right.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct);
        var data = Payloads.Random(1 << 20, 26);
        var sending = Payloads.SendAllAsync(client, data, 64 << 10, ct);
        await using var accepted = await accept;
        var (bytes, sha) = await Payloads.ReceiveAllAsync(accepted, ct);
        await sending;
        Assert.Equal(data.Length, bytes);
        Assert.Equal(SHA256.HashData(data), sha);
    }

    [Theory]
    [InlineData("defaults", "auto")]
    [InlineData("tuned", "protobuf")]
    [InlineData("defaults", "pooled")]
    public async Task Every_profile_and_marshaller_carries_the_stream_intact_both_ways(string profile, string marshaller)
    {
        var ct = Timeout();
        var options = OptionValues.Empty.With("grpc-profile", profile).With("grpc-marshaller", marshaller);
        await using var pair = await TransportPair.ConnectAsync("grpc", StreamDirection.Bidirectional, options);
        Assert.Equal(profile, pair.Transport.Settings["profile"]);
        Assert.Equal(marshaller == "auto" ? (profile == "tuned" ? "pooled" : "protobuf") : marshaller, pair.Transport.Settings["marshaller"]);
        var up = Payloads.Random(6 << 20, 24);
        var down = Payloads.Random(5 << 20, 25);
        // Client first (its half-close), then the server (whose completion ends the call with status OK).
        var receiveUp = Payloads.ReceiveAllAsync(pair.Server, ct);
        await Payloads.SendAllAsync(pair.Client, up, 1 << 20, ct);
        var (upBytes, upSha) = await receiveUp;
        Assert.Equal(up.Length, upBytes);
        Assert.Equal(SHA256.HashData(up), upSha);
        var receiveDown = Payloads.ReceiveAllAsync(pair.Client, ct);
        await Payloads.SendAllAsync(pair.Server, down, 1 << 20, ct);
        var (downBytes, downSha) = await receiveDown;
        Assert.Equal(down.Length, downBytes);
        Assert.Equal(SHA256.HashData(down), downSha);
    }

    [Fact]
    public async Task Server_abort_is_a_reset_for_the_client()
    {
        var ct = Timeout();
        await using var pair = await TransportPair.ConnectAsync("grpc", StreamDirection.ServerToClient);
        await pair.Server.SendAsync(Payloads.Random(1000, 23), ct);
        pair.Server.Abort();
        var buffer = new byte[pair.Capabilities.MaxMessageSizeBytes!.Value];
        var e = await Assert.ThrowsAsync<TransportException>(async () =>
        {
            while (!(await pair.Client.ReceiveAsync(buffer, ct)).IsCompleted) { }
        });
        Assert.Equal(TransportError.ConnectionReset, e.Error);
    }

    [Fact]
    public async Task Connect_to_a_closed_port_is_refused()
    {
        await using var transport = new GrpcTransportFactory().Create(OptionValues.Empty);
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0)) { probe.Start(); port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port; }
        var e = await Assert.ThrowsAsync<TransportException>(() =>
            transport.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port), ConnectOptions.Default, Timeout()).AsTask());
        Assert.Equal(TransportError.ConnectionRefused, e.Error);
    }

    [Fact]
    public void Options_are_validated_and_recorded()
    {
        var factory = new GrpcTransportFactory();
        Assert.Throws<OptionException>(() => factory.Create(OptionValues.Empty.With("grpc-stream-window", "1000")));
        Assert.Throws<OptionException>(() => factory.Create(OptionValues.Empty.With("grpc-max-frame", "1K")));
        Assert.Throws<OptionException>(() => factory.Create(OptionValues.Empty.With("grpc-tls", "maybe")));
        Assert.Throws<OptionException>(() => factory.Create(OptionValues.Empty.With("grpc-profile", "fast")));
        Assert.Throws<OptionException>(() => factory.Create(OptionValues.Empty.With("grpc-marshaller", "json")));
        var defaults = factory.Create(OptionValues.Empty.With("grpc-profile", "defaults"));
        Assert.Equal("defaults", defaults.Settings["profile"]);
        Assert.Equal("protobuf", defaults.Settings["marshaller"]);
        Assert.False(defaults.Settings.ContainsKey("kestrel_read_block_bytes")); // no shared Kestrel tuning out of the box
        var transport = factory.Create(OptionValues.Empty.With("grpc-stream-window", "64K").With("grpc-max-message", "1M"));
        Assert.Equal(1 << 20, transport.Capabilities.MaxMessageSizeBytes);
        Assert.Equal("65536", transport.Settings["stream_window_bytes"]);
        Assert.Equal("131072", transport.Settings["connection_window_bytes"]);
        var auto = factory.Create(OptionValues.Empty);
        Assert.Equal((2 * ((4 << 20) + 5)).ToString(), auto.Settings["stream_window_bytes"]); // room for one maximum message, twice
        Assert.Equal(GrpcTransportOptions.DefaultMaxMessageBytes, auto.Capabilities.MaxMessageSizeBytes);
        Assert.False(auto.Capabilities.IsEncrypted);
        Assert.Equal("tuned", auto.Settings["profile"]);
        Assert.Equal("pooled", auto.Settings["marshaller"]);
        Assert.Equal("65536", auto.Settings["kestrel_read_block_bytes"]); // the same Kestrel tuning as ws
    }
}
