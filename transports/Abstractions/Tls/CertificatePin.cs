using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Transports.Abstractions.Tls;

/// <summary>
/// The one server certificate a TLS client of this run accepts: the SHA-256 of its end-entity certificate, DER encoded
/// (the whole certificate, as <c>sha256sum</c> of a .der file or <c>openssl x509 -fingerprint -sha256</c> print it).
/// </summary>
/// <remarks>
/// <para>
/// Pinning replaces chain building: the harness makes its server certificate itself (<see cref="RunCertificate"/>), so
/// no certificate authority vouches for it and none needs to; the client knows in advance the exact certificate it
/// expects. This is the idea of HTTP Public Key Pinning (RFC 7469: a client remembers, "pins", a host's cryptographic
/// identity and refuses any other) in its strictest form, one end-entity certificate known before the first
/// connection, the approach OWASP's "Certificate and Public Key Pinning" page describes for an application that
/// controls both ends. A chain that does not build (self-signed, <see cref="SslPolicyErrors.RemoteCertificateChainErrors"/>)
/// or a name that does not match (<see cref="SslPolicyErrors.RemoteCertificateNameMismatch"/>, e.g. a NIC address in
/// two-host mode) is therefore irrelevant when the pin matches, and any other certificate is refused whatever a chain
/// would say. Holding the certificate is not enough for a stranger: TLS 1.3 makes the server sign the handshake with the
/// certificate's private key (CertificateVerify, RFC 8446 section 4.4.3), which the TLS stack checks before or besides
/// this callback.
/// </para>
/// <para>Comparison is constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>).</para>
/// </remarks>
public sealed class CertificatePin
{
    /// <summary>Length of a pin in bytes (SHA-256, FIPS 180-4).</summary>
    public const int Length = 32;

    /// <summary>How many leading bytes of a fingerprint error messages show (as 16 hex digits).</summary>
    public const int ShortLength = 8;

    private readonly byte[] _sha256;

    private CertificatePin(byte[] sha256) => _sha256 = sha256;

    /// <summary>The pin of a certificate: SHA-256 of its DER encoding.</summary>
    /// <param name="certificate">The server's end-entity certificate.</param>
    public static CertificatePin Of(X509Certificate certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return OfDer(certificate.GetRawCertData());
    }

    /// <summary>The pin of a DER-encoded certificate.</summary>
    /// <param name="der">The certificate, DER (X.690) bytes.</param>
    public static CertificatePin OfDer(ReadOnlySpan<byte> der) => new(SHA256.HashData(der));

    /// <summary>A pin computed elsewhere, e.g. handed over by the other host of a two-host run.</summary>
    /// <param name="sha256">Exactly <see cref="Length"/> bytes.</param>
    /// <exception cref="ArgumentException">Not <see cref="Length"/> bytes.</exception>
    public static CertificatePin FromSha256(ReadOnlySpan<byte> sha256)
    {
        if (sha256.Length != Length) throw new ArgumentException($"a certificate pin is a {Length}-byte SHA-256, got {sha256.Length} bytes", nameof(sha256));
        return new CertificatePin(sha256.ToArray());
    }

    /// <summary>The SHA-256 (32 bytes).</summary>
    public ReadOnlySpan<byte> Sha256 => _sha256;

    /// <summary>The whole fingerprint, 64 lowercase hex digits.</summary>
    public string Hex => Convert.ToHexStringLower(_sha256);

    /// <summary>The first <see cref="ShortLength"/> bytes of the fingerprint as 16 lowercase hex digits, for messages.</summary>
    public string ShortHex => ShortHexOf(_sha256);

    /// <summary>True when <paramref name="der"/> is the pinned certificate (constant-time comparison of the SHA-256).</summary>
    /// <param name="der">The presented end-entity certificate, DER.</param>
    public bool Matches(ReadOnlySpan<byte> der)
    {
        Span<byte> presented = stackalloc byte[Length];
        SHA256.HashData(der, presented);
        return CryptographicOperations.FixedTimeEquals(presented, _sha256);
    }

    /// <summary>
    /// Accepts the presented certificate only if it is the pinned one; otherwise throws. Chain and name errors are ignored
    /// (see the remarks of <see cref="CertificatePin"/>).
    /// </summary>
    /// <param name="presented">The server's end-entity certificate; null when it sent none.</param>
    /// <param name="context">What was being done, e.g. "grpc connect to 127.0.0.1:5001"; starts the message.</param>
    /// <returns>True (for use as a validation callback's result).</returns>
    /// <exception cref="TransportException"><see cref="TransportError.AuthenticationFailed"/>: no certificate or another one; the message names the expected and presented fingerprints.</exception>
    public bool Verify(X509Certificate? presented, string context)
    {
        if (presented is null)
            throw new TransportException(TransportError.AuthenticationFailed, $"{context}: the server presented no certificate; expected the run's, sha256 {ShortHex}");
        var der = presented.GetRawCertData();
        if (Matches(der)) return true;
        throw new TransportException(TransportError.AuthenticationFailed, MismatchMessage(context, SHA256.HashData(der)));
    }

    /// <summary>The message of a refused certificate (shared wording with the quinn backend's native verifier).</summary>
    /// <param name="context">What was being done.</param>
    /// <param name="presentedSha256">The SHA-256 of the presented certificate.</param>
    public string MismatchMessage(string context, ReadOnlySpan<byte> presentedSha256)
        => $"{context}: server certificate refused: it is not the one pinned for this run (expected sha256 {ShortHex}, presented sha256 {ShortHexOf(presentedSha256)})";

    /// <inheritdoc />
    public override string ToString() => $"sha256 {Hex}";

    private static string ShortHexOf(ReadOnlySpan<byte> sha256) => Convert.ToHexStringLower(sha256[..Math.Min(ShortLength, sha256.Length)]);
}
