namespace Transports.Abstractions;

/// <summary>
/// Describes one transport to the harness and creates configured <see cref="ITransport"/> instances.
/// One factory per transport name; the harness lists them in its catalog.
/// </summary>
public interface ITransportFactory
{
    /// <summary>Short lowercase name used on the command line (<c>-transports tcp,ws</c>) and in results.</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c>: what the transport is and which implementation it uses.</summary>
    string Description { get; }

    /// <summary>The options this transport accepts (names prefixed with <see cref="Name"/>).</summary>
    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>
    /// Whether the transport can run on this machine; when not, the reason names the missing package or step
    /// (e.g. "libtransports_quinn.so not found: run ./scripts/bootstrap.sh").
    /// </summary>
    TransportAvailability CheckAvailability() => TransportAvailability.Available;

    /// <summary>Creates a transport with <paramref name="settings"/>.</summary>
    /// <param name="settings">Option values; missing ones take their defaults.</param>
    /// <exception cref="OptionException">An option value is invalid.</exception>
    ITransport Create(OptionValues settings) => Create(settings, RunIdentity.Own);

    /// <summary>Creates a transport with <paramref name="settings"/> that belongs to the run <paramref name="identity"/> names.</summary>
    /// <param name="settings">Option values; missing ones take their defaults.</param>
    /// <param name="identity">The run's membership and TLS identity, when another process holds the other end.</param>
    /// <exception cref="OptionException">An option value is invalid.</exception>
    ITransport Create(OptionValues settings, RunIdentity identity);
}

/// <summary>Whether a transport can run here, and if not, why.</summary>
/// <param name="IsAvailable">True when it can run.</param>
/// <param name="Reason">Why not (names the missing package or step); null when available.</param>
public sealed record TransportAvailability(bool IsAvailable, string? Reason)
{
    /// <summary>Can run.</summary>
    public static TransportAvailability Available { get; } = new(true, null);

    /// <summary>Cannot run, because of <paramref name="reason"/>.</summary>
    /// <param name="reason">What is missing and how to get it.</param>
    public static TransportAvailability Unavailable(string reason) => new(false, reason);
}
