namespace Transports.Abstractions.Tls;

/// <summary>
/// Whether a TLS 1.3 client handshake resumed a session, read from the size of the server's handshake flight, for stacks
/// that do not say (SslStream). A full handshake's flight carries the server's Certificate message (RFC 8446 §4.4.2),
/// which holds the certificate's DER bytes, and a CertificateVerify (§4.4.3); a resumed one (PSK, §2.2) carries neither.
/// So a flight shorter than the certificate cannot be a full handshake, and a flight at least one certificate shorter
/// than a full flight seen earlier to the same server is not one either. Measured here: a pinned ECDSA P-256 run
/// certificate of about 290 B gives full flights of about 660 B and resumed ones of about 240 B.
/// One instance per client transport (thread-safe): it remembers the largest flight it has seen.
/// </summary>
public sealed class TlsResumption
{
    private long _largestFlight;

    /// <summary>
    /// True when a flight of <paramref name="flightBytes"/> with a certificate of <paramref name="certificateBytes"/> was
    /// a resumed handshake, false when it was a full one.
    /// </summary>
    /// <param name="flightBytes">Bytes the client read during its handshake (<see cref="HandshakeFlightCounter"/>).</param>
    /// <param name="certificateBytes">The DER length of the server's certificate (the session's, also when resumed).</param>
    /// <exception cref="ArgumentOutOfRangeException">A negative flight or a certificate of no bytes.</exception>
    public bool Resumed(long flightBytes, int certificateBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(flightBytes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(certificateBytes);
        long largest = Interlocked.Read(ref _largestFlight);
        while (flightBytes > largest)
        {
            long seen = Interlocked.CompareExchange(ref _largestFlight, flightBytes, largest);
            if (seen == largest) break;
            largest = seen;
        }
        largest = Math.Max(largest, flightBytes);
        return flightBytes < certificateBytes || flightBytes + certificateBytes <= largest;
    }
}
