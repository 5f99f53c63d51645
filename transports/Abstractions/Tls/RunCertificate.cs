using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Transports.Abstractions.Tls;

/// <summary>
/// The TLS server certificate of a run and its <see cref="Pin"/>: made in process (<see cref="Create"/>, one per transport
/// instance on loopback, never written to disk or a certificate store) or handed in (<see cref="FromCertificate"/>, e.g. for
/// a two-host run whose client learns the pin over the control channel). Clients accept exactly this certificate
/// (<see cref="CertificatePin"/>).
/// </summary>
public sealed class RunCertificate : IDisposable
{
    private RunCertificate(X509Certificate2 certificate, byte[] der, byte[] privateKeyPkcs8)
    {
        Certificate = certificate;
        Der = der;
        PrivateKeyPkcs8 = privateKeyPkcs8;
        Pin = CertificatePin.OfDer(der);
    }

    /// <summary>The certificate with its private key (for SslStream, Kestrel and System.Net.Quic).</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate, DER (for rustls).</summary>
    public byte[] Der { get; }

    /// <summary>The private key, PKCS#8 DER (for rustls).</summary>
    public byte[] PrivateKeyPkcs8 { get; }

    /// <summary>What clients of this run accept: the SHA-256 of <see cref="Der"/>.</summary>
    public CertificatePin Pin { get; }

    /// <summary>
    /// A fresh self-signed certificate: ECDSA P-256 with SHA-256, CN=localhost, subject alternative names localhost,
    /// 127.0.0.1 and ::1 (so peers that do build chains, e.g. the grpc-js interop client given it as its root, accept it),
    /// extended key usage serverAuth, valid from one day ago for 30 days (clock skew between hosts).
    /// </summary>
    public static RunCertificate Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false)); // serverAuth
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        // Round-trip through PKCS#12 so SslStream/MsQuic can use the key on every platform.
        var withKey = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        return new RunCertificate(withKey, certificate.Export(X509ContentType.Cert), key.ExportPkcs8PrivateKey());
    }

    /// <summary>A certificate made elsewhere (e.g. loaded from a PKCS#12 file); the caller keeps ownership of <paramref name="certificate"/>.</summary>
    /// <param name="certificate">A certificate with an exportable ECDSA or RSA private key.</param>
    /// <exception cref="ArgumentException">No private key, or a key type other than ECDSA or RSA.</exception>
    public static RunCertificate FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (!certificate.HasPrivateKey) throw new ArgumentException("the server certificate has no private key", nameof(certificate));
        byte[] pkcs8;
        using (var ec = certificate.GetECDsaPrivateKey())
        using (var rsa = ec is null ? certificate.GetRSAPrivateKey() : null)
        {
            pkcs8 = ec?.ExportPkcs8PrivateKey() ?? rsa?.ExportPkcs8PrivateKey()
                ?? throw new ArgumentException("the server certificate's key is neither ECDSA nor RSA", nameof(certificate));
        }
        return new RunCertificate(X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null), certificate.RawData, pkcs8);
    }

    /// <inheritdoc />
    public void Dispose() => Certificate.Dispose();
}
