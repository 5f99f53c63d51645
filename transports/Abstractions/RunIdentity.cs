using Transports.Abstractions.Membership;
using Transports.Abstractions.Tls;

namespace Transports.Abstractions;

/// <summary>
/// What both ends of a run must share when client and server are different processes (two-host mode): the run's
/// membership token, and for TLS transports the server's certificate (on the serving side) or its pin (on the client
/// side). In one process a transport makes its own and both ends share the instance (<see cref="Own"/>). In two-host mode
/// the client makes the membership token and the agent the certificate; each is handed to the other over the
/// authenticated control channel, so a stranger on the network is refused exactly as on loopback.
/// </summary>
/// <param name="Membership">The run's membership; null = the transport makes a fresh one.</param>
/// <param name="ServerCertificate">The certificate listeners present (serving side); null = made by the transport on first use.</param>
/// <param name="ServerCertificatePin">The certificate clients accept (client side); null = the pin of the transport's own certificate.</param>
public sealed record RunIdentity(RunMembership? Membership = null, RunCertificate? ServerCertificate = null, CertificatePin? ServerCertificatePin = null)
{
    /// <summary>Everything made by the transport itself (one process: both ends share the instance).</summary>
    public static RunIdentity Own { get; } = new();
}
