namespace Transports.Abstractions;

/// <summary>Why a transport operation failed; recorded in results and shown to the user.</summary>
public enum TransportError
{
    /// <summary>Anything not listed below.</summary>
    Unknown = 0,
    /// <summary>The peer aborted the connection (TCP RST, QUIC reset, WebSocket closed without handshake, gRPC CANCELLED).</summary>
    ConnectionReset,
    /// <summary>Nobody listens at the endpoint.</summary>
    ConnectionRefused,
    /// <summary>The local endpoint is already bound by another socket.</summary>
    AddressInUse,
    /// <summary>A message exceeded the maximum message size (sent or received).</summary>
    MessageTooLarge,
    /// <summary>The peer violated the protocol (malformed frame, bad status).</summary>
    ProtocolError,
    /// <summary>An operation did not finish in time.</summary>
    Timeout,
    /// <summary>The transport cannot run here (native library missing, platform not supported).</summary>
    NotSupported,
    /// <summary>The peer could not prove it is this run's: e.g. a TLS server certificate other than the pinned one.</summary>
    AuthenticationFailed,
}
