namespace Transports.Abstractions.Membership;

/// <summary>What a peer's first bytes say about it.</summary>
public enum MembershipVerdict
{
    /// <summary>A hello with this run's token: measure it.</summary>
    Member,

    /// <summary>Not a run hello at all (another program, a scanner, a replayed file).</summary>
    NotAHello,

    /// <summary>A hello of another version of this tool.</summary>
    UnsupportedVersion,

    /// <summary>A well-formed hello with another run's token (another run of this tool, or a guess).</summary>
    WrongToken,

    /// <summary>The peer sent nothing valid before the hello deadline.</summary>
    Timeout,

    /// <summary>The peer's TLS/QUIC handshake failed before any hello could be read (e.g. a client that refused this
    /// run's pinned certificate, or a stranger speaking another protocol).</summary>
    HandshakeFailed,
}
