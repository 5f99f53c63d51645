namespace Transports.Abstractions;

/// <summary>The outcome of one <see cref="ITransportConnection.ReceiveAsync"/>.</summary>
/// <param name="Count">
/// Bytes written into the caller's buffer. On a transport with message boundaries this is one whole message
/// (0 is a valid, empty message); on a byte stream it is at least 1 unless <paramref name="IsCompleted"/>.
/// </param>
/// <param name="IsCompleted">The peer completed its send side (orderly close); no more data will arrive.</param>
public readonly record struct ReceiveResult(int Count, bool IsCompleted)
{
    /// <summary>The result that signals an orderly end of stream.</summary>
    public static ReceiveResult Completed => new(0, true);
}
