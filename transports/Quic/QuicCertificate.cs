using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Transports.Quic;

/// <summary>
/// A throw-away self-signed server certificate (ECDSA P-256, CN=localhost, SAN localhost/127.0.0.1/::1), made in
/// process for each transport: QUIC always runs TLS 1.3 (RFC 9001), but the harness only measures its own
/// endpoints, so clients do not validate the chain (see docs/QUIC.md).
/// </summary>
internal sealed class QuicCertificate
{
    private QuicCertificate(X509Certificate2 certificate, byte[] certificateDer, byte[] privateKeyPkcs8)
    {
        Certificate = certificate;
        CertificateDer = certificateDer;
        PrivateKeyPkcs8 = privateKeyPkcs8;
    }

    /// <summary>The certificate with its private key (for System.Net.Quic).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate, DER (for rustls).</summary>
    public byte[] CertificateDer { get; }

    /// <summary>The private key, PKCS#8 DER (for rustls).</summary>
    public byte[] PrivateKeyPkcs8 { get; }

    /// <summary>Creates a certificate valid from one day ago for 30 days.</summary>
    public static QuicCertificate Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddIpAddress(System.Net.IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false)); // serverAuth
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        var der = certificate.Export(X509ContentType.Cert);
        var pkcs8 = key.ExportPkcs8PrivateKey();
        // Round-trip through PKCS#12 so the key is usable by SslStream/MsQuic on every platform.
        var withKey = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
        return new QuicCertificate(withKey, der, pkcs8);
    }
}
