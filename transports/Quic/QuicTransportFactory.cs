using Transports.Abstractions;
using Transports.Quic.MsQuic;
using Transports.Quic.Quinn;

namespace Transports.Quic;

/// <summary>
/// <c>quic</c>: QUIC (RFC 9000) bidirectional streams, TLS 1.3 inside (RFC 9001), over System.Net.Quic (MsQuic)
/// where supported, else quinn through libtransports_quinn. The connection is its first stream and opens more
/// (<see cref="IMultiplexedTransportConnection"/>).
/// </summary>
public sealed class QuicTransportFactory : ITransportFactory
{
    /// <summary>What a quic connection guarantees.</summary>
    public static readonly TransportCapabilities StreamCapabilities = new(
        TransportFeatures.Reliable | TransportFeatures.Ordered | TransportFeatures.OrderlyClose
        | TransportFeatures.MultiplexedStreams | TransportFeatures.Encrypted, null);

    /// <inheritdoc />
    public string Name => "quic";

    /// <inheritdoc />
    public string Description => "QUIC streams (RFC 9000): System.Net.Quic/MsQuic where supported, else quinn 0.9 (Rust, P/Invoke)";

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } = QuicOptionSpecs.For("quic", datagrams: false);

    /// <summary>True when System.Net.Quic can listen and connect here (MsQuic is installed).</summary>
    public static bool IsMsQuicSupported =>
        (OperatingSystem.IsLinux() || OperatingSystem.IsWindows() || OperatingSystem.IsMacOS())
        && System.Net.Quic.QuicListener.IsSupported && System.Net.Quic.QuicConnection.IsSupported;

    /// <summary>Why the msquic backend cannot run here (null when it can).</summary>
    public static string? MsQuicUnavailableReason => IsMsQuicSupported ? null
        : "System.Net.Quic is not supported here (QuicListener.IsSupported is false: libmsquic is not installed; it is in no registry this project can reach)";

    /// <inheritdoc />
    public TransportAvailability CheckAvailability()
        => IsMsQuicSupported || QuinnLibrary.IsAvailable
            ? TransportAvailability.Available
            : TransportAvailability.Unavailable($"no QUIC backend: {MsQuicUnavailableReason}; quinn: {QuinnLibrary.UnavailableReason}");

    /// <inheritdoc />
    public ITransport Create(OptionValues settings) => Create(settings, RunIdentity.Own);

    /// <inheritdoc />
    /// <exception cref="OptionException">An invalid value, or a congestion controller msquic cannot use.</exception>
    /// <exception cref="TransportException">The chosen backend cannot run here (<see cref="TransportError.NotSupported"/>).</exception>
    public ITransport Create(OptionValues settings, RunIdentity identity)
        => Create(QuicOptionSpecs.Parse("quic", datagrams: false, settings) with { Certificate = identity.ServerCertificate, ServerCertificatePin = identity.ServerCertificatePin }, identity.Membership);

    /// <summary>Creates the transport from typed options (used by benchmarks and tests).</summary>
    /// <param name="options">The options; <see cref="QuicBackend.Auto"/> picks msquic where supported, else quinn.</param>
    /// <exception cref="OptionException">A congestion controller msquic cannot use.</exception>
    /// <exception cref="TransportException">The chosen backend cannot run here (<see cref="TransportError.NotSupported"/>).</exception>
    /// <param name="membership">The run the transport belongs to; null makes a new one (two-host mode and tests hand one in).</param>
    public ITransport Create(QuicTransportOptions options, Transports.Abstractions.Membership.RunMembership? membership = null)
    {
        var backend = options.Backend == QuicBackend.Auto ? (IsMsQuicSupported ? QuicBackend.Msquic : QuicBackend.Quinn) : options.Backend;
        options = options with { Backend = backend };
        if (backend == QuicBackend.Msquic)
        {
            if (options.CongestionControl != QuicCongestionControl.Cubic)
                throw new OptionException($"--quic-cc: '{options.CongestionControl.ToString().ToLowerInvariant()}' is not available with the msquic backend (System.Net.Quic uses MsQuic's default, cubic); use -quic-backend quinn");
            if (IsMsQuicSupported && (OperatingSystem.IsLinux() || OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()))
                return new MsQuicTransport(options, StreamCapabilities, membership);
            throw new TransportException(TransportError.NotSupported, $"quic backend msquic: {MsQuicUnavailableReason}; use -quic-backend quinn");
        }
        if (!QuinnLibrary.IsAvailable)
            throw new TransportException(TransportError.NotSupported, $"quic backend quinn: {QuinnLibrary.UnavailableReason}");
        return new QuinnTransport("quic", datagrams: false, options, StreamCapabilities, membership);
    }
}
