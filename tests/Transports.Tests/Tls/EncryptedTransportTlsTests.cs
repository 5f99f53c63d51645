using System.Net;
using System.Net.Sockets;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Abstractions.Tls;
using Transports.Harness.Catalog;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Tls;

/// <summary>
/// tcp-tls and wss over real loopback connections: a client pinned to another certificate fails with a
/// <see cref="TransportException"/> naming both fingerprints (and the listener hands nothing out), both ends of a good
/// connection report TLS 1.3 with an AEAD suite (<see cref="ISecureConnection"/>), and tcp-tls refuses a plaintext
/// stranger and a TLS client of another run while its own client's bytes arrive intact.
/// </summary>
public sealed class EncryptedTransportTlsTests
{
    private static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);

    private static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    public static TheoryData<string> Names() => new("tcp-tls", "wss");

    [Theory]
    [MemberData(nameof(Names))]
    public async Task A_client_pinned_to_another_certificate_fails_naming_both_fingerprints(string name)
    {
        var ct = Timeout();
        var factory = TransportCatalog.Find(name)!;
        var membership = RunMembership.Create();
        using var served = RunCertificate.Create();
        using var pinned = RunCertificate.Create();
        await using var server = factory.Create(OptionValues.Empty, new RunIdentity(membership, served));
        await using var client = factory.Create(OptionValues.Empty, new RunIdentity(RunMembership.FromToken(membership.Token), null, pinned.Pin));
        await using var listener = await server.ListenAsync(Loopback, ct);
        var accept = listener.AcceptAsync(ct).AsTask();

        var e = await Assert.ThrowsAsync<TransportException>(() => client.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct).AsTask());
        Assert.Equal(TransportError.AuthenticationFailed, e.Error);
        Assert.Contains($"expected sha256 {pinned.Pin.ShortHex}, presented sha256 {served.Pin.ShortHex}", e.Message);
        Assert.StartsWith($"{name} TLS handshake with", e.Message);
        await Task.Delay(200, ct);
        Assert.False(accept.IsCompleted, $"{name}: the listener handed out a connection whose client refused the certificate");
    }

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Both_ends_report_tls_1_3_and_an_aead_suite_and_bytes_arrive(string name)
    {
        var ct = Timeout();
        await using var transport = TransportCatalog.Find(name)!.Create(OptionValues.Empty);
        Assert.True(transport.Capabilities.Features.HasFlag(TransportFeatures.Encrypted));
        await using var listener = await transport.ListenAsync(Loopback, ct);
        var accept = listener.AcceptAsync(ct).AsTask();
        await using var client = await transport.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct);
        await using var server = await accept;
        foreach (var end in new[] { client, server })
        {
            var tls = Assert.IsAssignableFrom<ISecureConnection>(end).Tls;
            Assert.Equal("TLS 1.3", tls.Protocol);
            Assert.Contains(tls.CipherSuite, new[] { "TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_CHACHA20_POLY1305_SHA256" });
        }
        Assert.Equal(((ISecureConnection)client).Tls.CipherSuite, ((ISecureConnection)server).Tls.CipherSuite);
        var payload = Payloads.Random(1000, 3);
        await client.SendAsync(payload, ct);
        Assert.Equal(payload, await Payloads.ReceiveExactlyAsync(server, payload.Length, ct));
    }

    [Fact]
    public async Task Tcp_tls_refuses_a_plaintext_stranger_and_another_run_and_measures_its_own_client()
    {
        var ct = Timeout();
        await using var transport = TransportCatalog.Find("tcp-tls")!.Create(OptionValues.Empty);
        await using var listener = await transport.ListenAsync(Loopback, ct);
        // another run, same certificate (it knows the pin, not the token): TLS succeeds, the hello inside it does not
        using var certificate = RunCertificate.Create();
        await using var served = TransportCatalog.Find("tcp-tls")!.Create(OptionValues.Empty, new RunIdentity(null, certificate));
        await using var servedListener = await served.ListenAsync(Loopback, ct);
        await using var otherRun = TransportCatalog.Find("tcp-tls")!.Create(OptionValues.Empty, new RunIdentity(RunMembership.Create(), null, certificate.Pin));

        using var plaintext = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await plaintext.ConnectAsync(listener.LocalEndPoint, ct);
        await plaintext.SendAsync(RunMembership.Create().Hello, SocketFlags.None, ct); // a plaintext hello: not a TLS ClientHello
        await using (await otherRun.ConnectAsync(servedListener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct)) { }

        var accept = listener.AcceptAsync(ct).AsTask();
        await using var client = await transport.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct);
        await using var server = await accept;
        var payload = Payloads.Random(64 << 10, 11);
        var receive = Payloads.ReceiveExactlyAsync(server, payload.Length, ct);
        await client.SendAsync(payload, ct);
        Assert.Equal(payload, await receive);

        for (int i = 0; i < 200 && (listener.RefusedCount == 0 || servedListener.RefusedCount == 0); i++) await Task.Delay(50, ct);
        var stranger = Assert.Single(listener.Refused);
        Assert.Equal(MembershipVerdict.NotAHello, stranger.Verdict);
        Assert.Equal("tcp-tls", stranger.Transport);
        Assert.Equal(MembershipVerdict.WrongToken, Assert.Single(servedListener.Refused).Verdict);
        var handedOut = servedListener.AcceptAsync(ct).AsTask();
        await Task.Delay(200, ct);
        Assert.False(handedOut.IsCompleted, "another run's client was handed out");
    }

    [Fact]
    public async Task Wss_refuses_another_runs_upgrade_with_403_and_records_it()
    {
        var ct = Timeout();
        using var certificate = RunCertificate.Create();
        await using var transport = TransportCatalog.Find("wss")!.Create(OptionValues.Empty, new RunIdentity(null, certificate));
        await using var other = TransportCatalog.Find("wss")!.Create(OptionValues.Empty, new RunIdentity(RunMembership.Create(), null, certificate.Pin));
        await using var listener = await transport.ListenAsync(Loopback, ct);
        var accept = listener.AcceptAsync(ct).AsTask();
        var wrongRun = await Assert.ThrowsAsync<TransportException>(() => other.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct).AsTask());
        Assert.Contains("403", wrongRun.Message);
        var refused = Assert.Single(listener.Refused);
        Assert.Equal(MembershipVerdict.WrongToken, refused.Verdict);
        Assert.Equal("wss", refused.Transport);
        Assert.False(accept.IsCompleted);
    }

    [SkippableTheory]
    [InlineData("grpc", "h2")]
    [InlineData("quic", "transports-bench")]
    public async Task Grpc_over_tls_and_quic_clients_report_tls_1_3_and_their_alpn(string name, string alpn)
    {
        var ct = Timeout();
        var options = new OptionValues(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["grpc-tls"] = "true" });
        await using var pair = await TransportPair.ConnectAsync(name, StreamDirection.ClientToServer, options);
        var tls = Assert.IsAssignableFrom<ISecureConnection>(pair.Client).Tls;
        Assert.Equal("TLS 1.3", tls.Protocol);
        Assert.Equal(alpn, tls.Alpn);
        Assert.StartsWith("TLS_AES_", tls.CipherSuite);
        var server = Assert.IsAssignableFrom<ISecureConnection>(pair.Server).Tls; // the server's end of the same handshake
        Assert.Equal((tls.Protocol, tls.Alpn), (server.Protocol, server.Alpn));
        var payload = Payloads.Random(1000, 4);
        await pair.Client.SendAsync(payload, ct);
        Assert.Equal(payload, await Payloads.ReceiveExactlyAsync(pair.Server, payload.Length, ct));
    }
}
