using System.Net;

namespace Transports.Abstractions;

/// <summary>
/// A configured transport: its capabilities, a server side that listens and a client side that connects.
/// Created by an <see cref="ITransportFactory"/> from validated settings.
/// </summary>
public interface ITransport : IAsyncDisposable
{
    /// <summary>Short, lowercase name used on the command line and in results (e.g. <c>tcp</c>, <c>ws</c>).</summary>
    string Name { get; }

    /// <summary>What the configured transport guarantees.</summary>
    TransportCapabilities Capabilities { get; }

    /// <summary>
    /// The effective settings, recorded in the results (buffer sizes in bytes, flags, backend and its version,
    /// congestion controller). Keys are the option names without the transport prefix.
    /// </summary>
    IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>
    /// The run this transport's client proves it belongs to and its listeners admit (one per transport instance; client
    /// and listener of one instance share it). Null for a transport that checks no membership (test fakes).
    /// </summary>
    Membership.RunMembership? Membership => null;

    /// <summary>Starts the server side, bound to <paramref name="localEndPoint"/> (port 0 picks a free port).</summary>
    /// <param name="localEndPoint">Where to listen; tests and loopback runs use 127.0.0.1 or ::1.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <exception cref="TransportException"><see cref="TransportError.AddressInUse"/> when the port is taken, or another start-up failure.</exception>
    ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken cancellationToken = default);

    /// <summary>Connects the client side to a listener (performs the handshake, if any).</summary>
    /// <param name="remoteEndPoint">The listener's endpoint.</param>
    /// <param name="options">Per-connection options.</param>
    /// <param name="cancellationToken">Cancels the connect.</param>
    /// <exception cref="TransportException"><see cref="TransportError.ConnectionRefused"/> when nobody listens, or a handshake failure.</exception>
    ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remoteEndPoint, ConnectOptions options, CancellationToken cancellationToken = default);
}
