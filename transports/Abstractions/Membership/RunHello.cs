namespace Transports.Abstractions.Membership;

/// <summary>
/// The wire form of a run-membership hello: 8 bytes of magic and version (<c>"TRPRUN"</c>, version 1, one zero byte)
/// followed by the 16-byte run token; 24 bytes in all, always the first bytes a client sends on a data connection.
/// </summary>
public static class RunHello
{
    /// <summary>Total hello length in bytes.</summary>
    public const int Length = 8 + RunMembership.TokenLength;

    /// <summary>Protocol version carried in byte 6.</summary>
    public const byte Version = 1;

    private static ReadOnlySpan<byte> Magic => "TRPRUN"u8;

    /// <summary>Encodes a hello for <paramref name="token"/>.</summary>
    /// <param name="token">Exactly <see cref="RunMembership.TokenLength"/> bytes.</param>
    /// <returns>A new <see cref="Length"/>-byte array.</returns>
    public static byte[] Encode(ReadOnlySpan<byte> token)
    {
        var hello = new byte[Length];
        Magic.CopyTo(hello);
        hello[6] = Version;
        token.CopyTo(hello.AsSpan(8));
        return hello;
    }

    /// <summary>Parses a hello without judging its token. Never throws, whatever the input.</summary>
    /// <param name="received">The received bytes; anything but exactly <see cref="Length"/> bytes is not a hello.</param>
    /// <param name="token">The token slice when the result is true.</param>
    /// <param name="verdict">Why it is not a hello when the result is false.</param>
    public static bool TryGetToken(ReadOnlySpan<byte> received, out ReadOnlySpan<byte> token, out MembershipVerdict verdict)
    {
        token = default;
        if (received.Length != Length || !received[..6].SequenceEqual(Magic) || received[7] != 0)
        {
            verdict = MembershipVerdict.NotAHello;
            return false;
        }
        if (received[6] != Version)
        {
            verdict = MembershipVerdict.UnsupportedVersion;
            return false;
        }
        token = received[8..];
        verdict = MembershipVerdict.Member;
        return true;
    }
}
