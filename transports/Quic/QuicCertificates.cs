using Transports.Abstractions.Tls;

namespace Transports.Quic;

/// <summary>
/// The TLS identity of one quic transport instance (both backends): the certificate its listeners present and the pin its
/// clients check. QUIC always runs TLS 1.3 (RFC 9001); clients accept exactly the run's certificate (docs/QUIC.md).
/// </summary>
/// <param name="options">Supplies an injected certificate or pin; null ones mean "made here" and "this instance's own".</param>
internal sealed class QuicCertificates(QuicTransportOptions options) : IDisposable
{
    private readonly Lazy<RunCertificate> _server = new(() => options.Certificate ?? RunCertificate.Create());

    /// <summary>What listeners present: <see cref="QuicTransportOptions.Certificate"/>, else a self-signed one made on first use.</summary>
    public RunCertificate Server => _server.Value;

    /// <summary>What clients accept: <see cref="QuicTransportOptions.ServerCertificatePin"/>, else the pin of <see cref="Server"/>.</summary>
    public CertificatePin ClientPin => options.ServerCertificatePin ?? _server.Value.Pin;

    /// <summary>Disposes the certificate if it was made here (an injected one belongs to the caller).</summary>
    public void Dispose()
    {
        if (_server.IsValueCreated && options.Certificate is null) _server.Value.Dispose();
    }
}
