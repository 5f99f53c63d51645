namespace Transports.Quic;

/// <summary>
/// The one byte a transports-quic endpoint writes first on every bidirectional stream it opens, and the acceptor
/// reads and checks. A QUIC peer learns of a new stream only from its first STREAM frame (RFC 9000 section 2.1,
/// opening a stream sends nothing), so without it a server whose client never writes (a download) could not
/// accept the stream. The preface is not part of the application's byte stream. Interop peers speak it too
/// (tests/interop/quic-go).
/// </summary>
internal static class StreamPreface
{
    /// <summary>The preface byte: ASCII 'T'.</summary>
    public const byte Value = 0x54;

    /// <summary>The preface as a payload.</summary>
    public static readonly ReadOnlyMemory<byte> Bytes = new byte[] { Value };

    /// <summary>Checks what the acceptor read first on a stream: one byte, <see cref="Value"/>.</summary>
    /// <param name="received">The 1-byte receive's result.</param>
    /// <param name="first">The byte received (ignored when the stream ended).</param>
    /// <exception cref="Abstractions.TransportException"><see cref="Abstractions.TransportError.ProtocolError"/>: the stream
    /// ended before its preface, or began with another byte (the peer is not a transports quic endpoint).</exception>
    public static void Check(Abstractions.ReceiveResult received, byte first)
    {
        if (received.IsCompleted)
            throw new Abstractions.TransportException(Abstractions.TransportError.ProtocolError, "quic accept stream: stream ended before its preface");
        if (received.Count != 1 || first != Value)
            throw new Abstractions.TransportException(Abstractions.TransportError.ProtocolError,
                $"quic accept stream: bad stream preface 0x{first:x2} (peer is not a transports quic endpoint)");
    }
}
