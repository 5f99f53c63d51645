using System.Net;

namespace Transports.Abstractions.Membership;

/// <summary>A connection a server refused because it did not prove it belongs to this run; reported, never measured.</summary>
/// <param name="Transport">Transport name (tcp, udp, ws, grpc, quic, quic-dgram).</param>
/// <param name="Remote">The peer's address and port, when the transport knows it.</param>
/// <param name="Verdict">Why it was refused.</param>
/// <param name="AtUtc">When it was refused.</param>
public sealed record RefusedPeer(string Transport, EndPoint? Remote, MembershipVerdict Verdict, DateTimeOffset AtUtc)
{
    /// <summary>One line for logs and reports, e.g. "tcp: refused 127.0.0.1:40112 (not a run hello)".</summary>
    public override string ToString() => $"{Transport}: refused {Remote?.ToString() ?? "a peer"} ({Describe(Verdict)})";

    /// <summary>A short phrase for a verdict.</summary>
    public static string Describe(MembershipVerdict verdict) => verdict switch
    {
        MembershipVerdict.NotAHello => "not a run hello",
        MembershipVerdict.UnsupportedVersion => "hello of another version",
        MembershipVerdict.WrongToken => "another run's token",
        MembershipVerdict.Timeout => "no hello in time",
        MembershipVerdict.HandshakeFailed => "handshake failed",
        _ => verdict.ToString(),
    };
}
