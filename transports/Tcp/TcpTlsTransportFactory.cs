using Transports.Abstractions;
using Transports.Abstractions.Tls;

namespace Transports.Tcp;

/// <summary>
/// Creates <see cref="TcpTlsTransport"/>s: TLS 1.3 over TCP with SslStream. Its options are tcp's (<c>-tcp-nodelay</c>,
/// <c>-tcp-send-buffer</c>, <c>-tcp-receive-buffer</c>, <c>-tcp-cc</c>), the same instances, so one command line sets
/// both transports' sockets alike and the comparison differs only by TLS; and <c>-tls-resume</c> (<see cref="TlsResumeOption"/>).
/// </summary>
public sealed class TcpTlsTransportFactory : ITransportFactory
{
    /// <inheritdoc />
    public string Name => TcpTlsTransport.TransportName;

    /// <inheritdoc />
    public string Description => "TLS 1.3 over TCP (SslStream over the tcp transport's sockets; pinned run certificate)";

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } = [.. new TcpTransportFactory().Options, TlsResumeOption.Spec];

    /// <inheritdoc />
    public ITransport Create(OptionValues settings) => Create(settings, RunIdentity.Own);

    /// <inheritdoc />
    public ITransport Create(OptionValues settings, RunIdentity identity)
        => new TcpTlsTransport(TcpTransportFactory.ParseOptions(settings), identity, TlsResumeOption.Parse(settings));
}
