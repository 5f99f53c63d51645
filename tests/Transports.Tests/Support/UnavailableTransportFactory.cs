using Transports.Abstractions;

namespace Transports.Tests.Support;

/// <summary>A transport that says it cannot run on this machine (like quic without its native library).</summary>
public sealed class UnavailableTransportFactory(string name, string reason) : ITransportFactory
{
    public string Name => name;
    public string Description => "test-only unavailable transport";
    public IReadOnlyList<OptionSpec> Options => [];
    public TransportAvailability CheckAvailability() => TransportAvailability.Unavailable(reason);
    public ITransport Create(OptionValues settings, RunIdentity identity) => throw new InvalidOperationException("an unavailable transport is never created");
}
