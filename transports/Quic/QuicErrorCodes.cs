namespace Transports.Quic;

/// <summary>
/// Application error codes this project puts in CONNECTION_CLOSE, RESET_STREAM and STOP_SENDING frames
/// (RFC 9000 section 20.2: the application defines them).
/// </summary>
internal static class QuicErrorCodes
{
    /// <summary>Normal close (the connection was disposed).</summary>
    public const uint NoError = 0;

    /// <summary>Abortive close (<see cref="Abstractions.ITransportConnection.Abort"/> or a cancelled operation).</summary>
    public const uint Aborted = 1;

    /// <summary>The connection did not prove it belongs to this run (no or a wrong run hello): refused, not measured.</summary>
    public const uint NotAMember = 2;
}
