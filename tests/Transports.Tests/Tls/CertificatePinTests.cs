using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Transports.Abstractions;
using Transports.Abstractions.Tls;
using Xunit;

namespace Transports.Tests.Tls;

/// <summary>The pin check itself: what it accepts and refuses, alone and inside a real TLS 1.3 handshake over loopback TCP.</summary>
public sealed class CertificatePinTests
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    [Fact]
    public void A_pin_matches_its_own_certificate_only()
    {
        using var a = RunCertificate.Create();
        using var b = RunCertificate.Create();
        Assert.True(a.Pin.Matches(a.Der));
        Assert.False(a.Pin.Matches(b.Der));
        Assert.Equal(SHA256.HashData(a.Der), a.Pin.Sha256.ToArray());
        Assert.Equal(SHA256.HashData(a.Certificate.RawData), a.Pin.Sha256.ToArray()); // the DER is the certificate's own encoding
        Assert.Equal(64, a.Pin.Hex.Length);
        Assert.Equal(a.Pin.Hex[..16], a.Pin.ShortHex);
        Assert.True(a.Pin.Verify(a.Certificate, "test"));
        var refused = Assert.Throws<TransportException>(() => a.Pin.Verify(b.Certificate, "test connect"));
        Assert.Equal(TransportError.AuthenticationFailed, refused.Error);
        Assert.Equal($"test connect: server certificate refused: it is not the one pinned for this run (expected sha256 {a.Pin.ShortHex}, presented sha256 {b.Pin.ShortHex})", refused.Message);
        var none = Assert.Throws<TransportException>(() => a.Pin.Verify(null, "test"));
        Assert.Contains("presented no certificate", none.Message);
    }

    [Fact]
    public void A_pin_handed_over_as_bytes_equals_the_computed_one_and_bad_lengths_are_refused()
    {
        using var a = RunCertificate.Create();
        var copy = CertificatePin.FromSha256(Convert.FromHexString(a.Pin.Hex));
        Assert.True(copy.Matches(a.Der));
        var e = Assert.Throws<ArgumentException>(() => CertificatePin.FromSha256(new byte[31]));
        Assert.Contains("32-byte SHA-256, got 31", e.Message);
    }

    [Fact]
    public void An_injected_certificate_keeps_its_identity_and_key()
    {
        using var made = RunCertificate.Create();
        using var injected = RunCertificate.FromCertificate(made.Certificate);
        Assert.Equal(made.Pin.Hex, injected.Pin.Hex);
        Assert.True(injected.Certificate.HasPrivateKey);
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(injected.PrivateKeyPkcs8, out _);
        Assert.Equal(made.Certificate.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());
        using var publicOnly = X509CertificateLoader.LoadCertificate(made.Der);
        Assert.Throws<ArgumentException>(() => RunCertificate.FromCertificate(publicOnly));
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("not-the-name.invalid")] // the name does not matter either: the pin decides
    public async Task A_tls_handshake_with_the_pinned_certificate_succeeds_despite_chain_and_name_errors(string targetHost)
    {
        var ct = Timeout();
        using var server = RunCertificate.Create();
        var handshake = new PinnedHandshake(server.Pin, "test connect");
        SslPolicyErrors seen = SslPolicyErrors.None;
        bool Callback(object s, X509Certificate? c, X509Chain? ch, SslPolicyErrors e) { seen = e; return handshake.Callback(s, c, ch, e); }
        var (client, accepted) = await HandshakeAsync(server, Callback, targetHost, ct);
        await using (client)
        await using (accepted)
        {
            Assert.Null(handshake.Refusal);
            Assert.True(seen.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors), $"a self-signed certificate builds no chain, got {seen}");
            var data = RandomNumberGenerator.GetBytes(100_000);
            await client.WriteAsync(data, ct);
            var received = new byte[data.Length];
            await accepted.ReadExactlyAsync(received, ct);
            Assert.Equal(data, received);
        }
    }

    [Fact]
    public async Task A_tls_handshake_with_another_certificate_fails_naming_both_fingerprints()
    {
        var ct = Timeout();
        using var server = RunCertificate.Create();
        using var pinned = RunCertificate.Create();
        var handshake = new PinnedHandshake(pinned.Pin, "test connect");
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => HandshakeAsync(server, handshake.Callback, "localhost", ct));
        var refused = handshake.RefusalFor(failure);
        Assert.NotNull(refused);
        Assert.Equal(TransportError.AuthenticationFailed, refused.Error);
        Assert.Contains($"expected sha256 {pinned.Pin.ShortHex}, presented sha256 {server.Pin.ShortHex}", refused.Message);
        Assert.Same(refused, Assert.IsType<TransportException>(failure)); // SslStream lets the callback's exception through
        Assert.Null(new PinnedHandshake(pinned.Pin, "x").RefusalFor(failure)); // no refusal recorded: not ours to explain
    }

    /// <summary>A TLS 1.3 connection over loopback TCP: an SslStream server presenting <paramref name="certificate"/>, a client validating with <paramref name="callback"/>.</summary>
    private static async Task<(SslStream Client, SslStream Server)> HandshakeAsync(RunCertificate certificate, RemoteCertificateValidationCallback callback,
        string targetHost, CancellationToken ct)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var tcp = new TcpClient();
        await tcp.ConnectAsync((IPEndPoint)listener.LocalEndpoint, ct);
        var accepted = await listener.AcceptTcpClientAsync(ct);
        var client = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false);
        var server = new SslStream(accepted.GetStream(), leaveInnerStreamOpen: false);
        var serverSide = server.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate.Certificate }, ct);
        try
        {
            await client.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = targetHost, RemoteCertificateValidationCallback = callback }, ct);
            await serverSide;
            return (client, server);
        }
        catch
        {
            await client.DisposeAsync();
            await server.DisposeAsync();
            try { await serverSide; } catch (Exception) { /* the client gave up: the server's half fails too */ }
            throw;
        }
    }
}
