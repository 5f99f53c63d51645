using System.Net;
using Transports.Abstractions;
using Transports.Abstractions.Tls;
using Transports.Harness.Catalog;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Tls;

/// <summary>
/// TLS session resumption (RFC 8446 §2.2) as the clients report it: the flight-size rule on hand-made sizes, the counting
/// stream, and real loopback connections, where tcp-tls (SslStream on OpenSSL, which does resume) reports its first
/// handshake full and a later one resumed, every handshake full with <c>-tls-resume false</c>, and quic's client a full
/// handshake (an endpoint of its own per connect: nothing to resume).
/// </summary>
public sealed class TlsResumptionTests
{
    private static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);

    private static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    [Fact]
    public void A_flight_shorter_than_the_certificate_or_one_certificate_shorter_than_a_full_one_is_resumed()
    {
        var judge = new TlsResumption();
        Assert.False(judge.Resumed(657, 286));   // the first, full: carries the 286-byte certificate
        Assert.True(judge.Resumed(241, 286));    // shorter than the certificate alone
        Assert.False(judge.Resumed(659, 286));   // full again (signatures vary by a few bytes)
        Assert.True(judge.Resumed(300, 286));    // longer than the certificate, but 300 + 286 <= 659
        Assert.False(judge.Resumed(400, 286));   // 400 + 286 > 659: not one certificate shorter, so full
        var fresh = new TlsResumption();
        Assert.False(fresh.Resumed(400, 286));   // nothing seen yet and not shorter than the certificate: full
        Assert.Throws<ArgumentOutOfRangeException>(() => fresh.Resumed(-1, 286));
        Assert.Throws<ArgumentOutOfRangeException>(() => fresh.Resumed(100, 0));
    }

    [Fact]
    public async Task The_counter_counts_reads_until_stopped_and_passes_every_byte_through()
    {
        var bytes = Payloads.Random(10_000, 7);
        await using var counter = new HandshakeFlightCounter(new MemoryStream(bytes));
        var buffer = new byte[bytes.Length];
        int first = await counter.ReadAsync(buffer.AsMemory(0, 3000));
        Assert.Equal(3000, first);
        Assert.Equal(3000, counter.StopCounting());
        int rest = 0;
        while (rest < bytes.Length - first)
        {
            int n = await counter.ReadAsync(buffer.AsMemory(first + rest));
            Assert.True(n > 0);
            rest += n;
        }
        Assert.Equal(bytes, buffer);
        Assert.Equal(3000, counter.BytesRead);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Tcp_tls_reports_full_then_resumed_handshakes_or_only_full_ones_when_resumption_is_off(bool allowResume)
    {
        var ct = Timeout();
        var options = new OptionValues(new Dictionary<string, string> { ["tls-resume"] = allowResume ? "true" : "false" });
        await using var transport = TransportCatalog.Find("tcp-tls")!.Create(options);
        Assert.Equal(allowResume ? "true" : "false", transport.Settings["tls_resume"]);
        await using var listener = await transport.ListenAsync(Loopback, ct);
        var reported = new List<bool?>();
        for (int i = 0; i < 4; i++)
        {
            var accept = listener.AcceptAsync(ct).AsTask();
            await using var client = await transport.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.Bidirectional), ct);
            await using var server = await accept;
            reported.Add(((ISecureConnection)client).Tls.Resumed);
            Assert.Null(((ISecureConnection)server).Tls.Resumed); // the server's SslStream does not tell
            // an exchange, so the client reads the server's session tickets (sent after the handshake, RFC 8446 §4.6.1)
            var payload = Payloads.Random(100, i);
            await client.SendAsync(payload, ct);
            var echoed = await Payloads.ReceiveExactlyAsync(server, payload.Length, ct);
            Assert.Equal(payload, echoed);
            await server.SendAsync(echoed, ct);
            Assert.Equal(payload, await Payloads.ReceiveExactlyAsync(client, payload.Length, ct));
        }
        Assert.Equal(false, reported[0]);
        if (allowResume) Assert.Equal(true, reported[3]);
        else Assert.All(reported, r => Assert.Equal(false, r));
    }

    [Fact]
    public async Task A_quic_client_reports_a_full_handshake()
    {
        var ct = Timeout();
        await using var transport = TransportCatalog.Find("quic")!.Create(OptionValues.Empty);
        await using var listener = await transport.ListenAsync(Loopback, ct);
        var accept = listener.AcceptAsync(ct).AsTask();
        await using var client = await transport.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct);
        await using var server = await accept;
        Assert.Equal(false, ((ISecureConnection)client).Tls.Resumed);
    }

    [Fact]
    public async Task Wss_reports_whether_each_handshake_resumed()
    {
        var ct = Timeout();
        await using var transport = TransportCatalog.Find("wss")!.Create(OptionValues.Empty);
        await using var listener = await transport.ListenAsync(Loopback, ct);
        for (int i = 0; i < 2; i++)
        {
            var accept = listener.AcceptAsync(ct).AsTask();
            await using var client = await transport.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct);
            await using var server = await accept;
            // known, not null: the flight was counted; the first handshake of a transport is always full
            Assert.NotNull(((ISecureConnection)client).Tls.Resumed);
            if (i == 0) Assert.Equal(false, ((ISecureConnection)client).Tls.Resumed);
            var payload = Payloads.Random(100, i);
            await client.SendAsync(payload, ct);
            Assert.Equal(payload, await Payloads.ReceiveExactlyAsync(server, payload.Length, ct));
        }
    }
}
