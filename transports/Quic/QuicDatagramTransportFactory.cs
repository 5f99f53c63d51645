using Transports.Abstractions;
using Transports.Quic.Quinn;

namespace Transports.Quic;

/// <summary>
/// <c>quic-dgram</c>: unreliable QUIC DATAGRAM frames (RFC 9221) over quinn, encrypted, one send = one datagram of at
/// most <see cref="QuicTransportOptions.MaxDatagramPayloadBytes"/>. System.Net.Quic has no DATAGRAM API, so this
/// transport needs the quinn backend even where MsQuic is installed.
/// </summary>
public sealed class QuicDatagramTransportFactory : ITransportFactory
{
    /// <inheritdoc />
    public string Name => "quic-dgram";

    /// <inheritdoc />
    public string Description => "QUIC DATAGRAM frames (RFC 9221, unreliable, encrypted) over quinn 0.9 (Rust, P/Invoke)";

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options { get; } = QuicOptionSpecs.For("quic-dgram", datagrams: true);

    /// <inheritdoc />
    public TransportAvailability CheckAvailability()
        => QuinnLibrary.IsAvailable
            ? TransportAvailability.Available
            : TransportAvailability.Unavailable(
                $"quic-dgram needs the quinn backend (System.Net.Quic/MsQuic has no DATAGRAM API): {QuinnLibrary.UnavailableReason}");

    /// <inheritdoc />
    public ITransport Create(OptionValues settings) => Create(settings, RunIdentity.Own);

    /// <inheritdoc />
    /// <exception cref="OptionException">An invalid value.</exception>
    /// <exception cref="TransportException">The quinn library is missing (<see cref="TransportError.NotSupported"/>).</exception>
    public ITransport Create(OptionValues settings, RunIdentity identity)
        => Create(QuicOptionSpecs.Parse("quic-dgram", datagrams: true, settings) with { Certificate = identity.ServerCertificate, ServerCertificatePin = identity.ServerCertificatePin }, identity.Membership);

    /// <summary>Creates the transport from typed options (the backend is always quinn).</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="TransportException">The quinn library is missing (<see cref="TransportError.NotSupported"/>).</exception>
    /// <param name="membership">The run the transport belongs to; null makes a new one (two-host mode and tests hand one in).</param>
    public ITransport Create(QuicTransportOptions options, Transports.Abstractions.Membership.RunMembership? membership = null)
    {
        var availability = CheckAvailability();
        if (!availability.IsAvailable) throw new TransportException(TransportError.NotSupported, availability.Reason!);
        options = options with { Backend = QuicBackend.Quinn };
        var capabilities = new TransportCapabilities(
            TransportFeatures.Datagrams | TransportFeatures.MessageBoundaries | TransportFeatures.Encrypted, options.MaxDatagramPayloadBytes);
        return new QuinnTransport("quic-dgram", datagrams: true, options, capabilities, membership);
    }
}
