using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Transports.Abstractions.Tls;

/// <summary>
/// One TLS client handshake checked against a <see cref="CertificatePin"/>, for stacks that may wrap or replace the
/// exception a validation callback throws (System.Net.Quic turns a failed handshake into its own exception types): the
/// refusal is kept, so the caller can report it, fingerprints included, whatever the stack threw.
/// </summary>
/// <param name="pin">The one certificate the client accepts.</param>
/// <param name="context">What is being done, e.g. "quic connect to 127.0.0.1:4433"; starts the error message.</param>
public sealed class PinnedHandshake(CertificatePin pin, string context)
{
    /// <summary>Why the certificate was refused; null while it was not (or not yet checked).</summary>
    public TransportException? Refusal { get; private set; }

    /// <summary>The validation callback: true for the pinned certificate; throws (and records <see cref="Refusal"/>) otherwise.</summary>
    public RemoteCertificateValidationCallback Callback => Validate;

    /// <summary>
    /// What to throw for a failed handshake: <paramref name="failure"/> itself when it is the refusal, the refusal (with
    /// <paramref name="failure"/> inside) when the stack replaced it, null when the pin did not refuse anything.
    /// </summary>
    /// <param name="failure">What the TLS stack threw.</param>
    public TransportException? RefusalFor(Exception failure) => Refusal switch
    {
        null => null,
        { } r when ReferenceEquals(r, failure) => r,
        { } r => new TransportException(r.Error, r.Message, failure),
    };

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        try
        {
            return pin.Verify(certificate, context);
        }
        catch (TransportException e)
        {
            Refusal = e;
            throw;
        }
    }
}
