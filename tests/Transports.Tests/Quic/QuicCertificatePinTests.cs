using System.Net;
using System.Security.Cryptography;
using Transports.Abstractions;
using Transports.Abstractions.Tls;
using Transports.Quic;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Quic;

/// <summary>The quinn client accepts only the pinned server certificate (native/src/pin.rs), on streams and datagrams.</summary>
public sealed class QuicCertificatePinTests
{
    private static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    /// <summary>Every transport of these tests belongs to one run, so pinning alone decides who connects.</summary>
    private static readonly Transports.Abstractions.Membership.RunMembership Run = Transports.Abstractions.Membership.RunMembership.Create();

    private static ITransport Create(string name, RunCertificate? certificate = null, CertificatePin? pin = null)
    {
        TransportPair.RequireFactory(name);
        var options = new QuicTransportOptions(Backend: QuicBackend.Quinn) { Certificate = certificate, ServerCertificatePin = pin };
        return name == "quic" ? new QuicTransportFactory().Create(options, Run) : new QuicDatagramTransportFactory().Create(options, Run);
    }

    [SkippableTheory]
    [InlineData("quic")]
    [InlineData("quic-dgram")]
    public async Task A_client_pinned_to_another_certificate_fails_the_handshake_clearly_and_promptly(string name)
    {
        var ct = Timeout();
        using var served = RunCertificate.Create();
        using var other = RunCertificate.Create();
        await using var server = Create(name, certificate: served);
        await using var client = Create(name, pin: other.Pin);
        await using var listener = await server.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), ct);
        var e = await Assert.ThrowsAsync<TransportException>(() => client.ConnectAsync(listener.LocalEndPoint, ConnectOptions.Default, ct).AsTask());
        Assert.Equal(TransportError.AuthenticationFailed, e.Error);
        Assert.Equal($"quic connect to {listener.LocalEndPoint}: server certificate refused: it is not the one pinned for this run "
            + $"(expected sha256 {other.Pin.ShortHex}, presented sha256 {served.Pin.ShortHex})", e.Message);
        // (A handshake left to time out would be ConnectionRefused "no QUIC handshake answer", not AuthenticationFailed.)

        await AssertServerSawTheRefusalAsync(listener, ct);

        // The server is not harmed: a client with the right pin still connects and moves verified bytes.
        await using var good = Create(name, pin: served.Pin);
        await AssertConnectsAndCarriesAsync(name, good, listener, ct);
    }

    [SkippableTheory]
    [InlineData("quic")]
    [InlineData("quic-dgram")]
    public async Task Two_transports_with_their_own_certificates_refuse_each_other(string name)
    {
        var ct = Timeout();
        await using var a = Create(name);
        await using var b = Create(name);
        Assert.Equal("true", a.Settings["tls_server_cert_pinned"]);
        await using var listener = await a.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), ct);
        var e = await Assert.ThrowsAsync<TransportException>(() => b.ConnectAsync(listener.LocalEndPoint, ConnectOptions.Default, ct).AsTask());
        Assert.Equal(TransportError.AuthenticationFailed, e.Error);
        Assert.Contains("server certificate refused", e.Message);
        await AssertServerSawTheRefusalAsync(listener, ct);
        await AssertConnectsAndCarriesAsync(name, a, listener, ct); // its own client: the pin of its own certificate
    }

    [SkippableFact]
    public async Task An_injected_certificate_and_pin_work_like_the_made_ones()
    {
        var ct = Timeout();
        using var certificate = RunCertificate.Create();
        await using var server = Create("quic", certificate: certificate);
        await using var client = Create("quic", pin: CertificatePin.FromSha256(Convert.FromHexString(certificate.Pin.Hex)));
        await using var listener = await server.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), ct);
        await AssertConnectsAndCarriesAsync("quic", client, listener, ct);
    }

    /// <summary>The refused client's connection reached the server, whose handshake failed (the client closed it): the
    /// listener records it as a refused peer and goes on accepting.</summary>
    private static async Task AssertServerSawTheRefusalAsync(ITransportListener listener, CancellationToken ct)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(10); listener.Refused.Count == 0 && DateTime.UtcNow < deadline;)
            await Task.Delay(20, ct);
        var refusal = Assert.Single(listener.Refused);
        Assert.Equal(Transports.Abstractions.Membership.MembershipVerdict.HandshakeFailed, refusal.Verdict);
    }

    private static async Task AssertConnectsAndCarriesAsync(string name, ITransport client, ITransportListener listener, CancellationToken ct)
    {
        var accept = listener.AcceptAsync(ct).AsTask();
        await using var connection = await client.ConnectAsync(listener.LocalEndPoint, ConnectOptions.Default, ct);
        if (name == "quic")
        {
            var data = Payloads.Random(1 << 20, 31);
            var sending = Payloads.SendAllAsync(connection, data, 64 << 10, ct);
            await using var accepted = await accept;
            var receive = Payloads.ReceiveAllAsync(accepted, ct);
            await sending;
            var (bytes, sha) = await receive;
            Assert.Equal(data.Length, bytes);
            Assert.Equal(SHA256.HashData(data), sha);
        }
        else
        {
            await using var accepted = await accept;
            var datagram = Payloads.Random(1000, 32);
            var buffer = new byte[client.Capabilities.MaxMessageSizeBytes!.Value];
            // Datagrams may be lost: resend (bounded) until one arrives intact.
            for (int attempt = 0; ; attempt++)
            {
                await connection.SendAsync(datagram, ct);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(TimeSpan.FromSeconds(1));
                try
                {
                    var r = await accepted.ReceiveAsync(buffer, wait.Token);
                    Assert.Equal(datagram, buffer.AsSpan(0, r.Count).ToArray());
                    return;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested && attempt < 10)
                {
                }
            }
        }
    }
}
