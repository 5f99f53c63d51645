using System.Security.Cryptography;

namespace Transports.Abstractions.Membership;

/// <summary>
/// The proof that a data connection belongs to this run: a random 128-bit token made once per run (per transport
/// instance on loopback; handed to the remote side over the control channel in two-host mode) and sent by every
/// client as the first bytes of every data connection, in the fixed-size <see cref="RunHello"/>. A server measures a
/// connection only after its hello matched; anything else is refused and reported as a <see cref="RefusedPeer"/>.
/// </summary>
/// <remarks>
/// The token is a capability, not a key: it keeps strangers (another process on the machine or the network) out of the
/// measurement; it does not protect the data. Comparison is constant time
/// (<see cref="CryptographicOperations.FixedTimeEquals"/>) so the token cannot be guessed byte by byte.
/// </remarks>
public sealed class RunMembership
{
    /// <summary>Token length in bytes (128 bits).</summary>
    public const int TokenLength = 16;

    private readonly byte[] _token;
    private readonly byte[] _hello;

    private RunMembership(byte[] token)
    {
        _token = token;
        _hello = RunHello.Encode(token);
    }

    /// <summary>A new run with a fresh random token from the OS CSPRNG.</summary>
    public static RunMembership Create() => new(RandomNumberGenerator.GetBytes(TokenLength));

    /// <summary>A run whose token was made elsewhere (e.g. received over an authenticated control channel).</summary>
    /// <param name="token">Exactly <see cref="TokenLength"/> bytes.</param>
    /// <exception cref="ArgumentException">The token is not <see cref="TokenLength"/> bytes long.</exception>
    public static RunMembership FromToken(ReadOnlySpan<byte> token)
    {
        if (token.Length != TokenLength)
            throw new ArgumentException($"a run token is {TokenLength} bytes, got {token.Length}", nameof(token));
        return new RunMembership(token.ToArray());
    }

    /// <summary>The token (16 bytes); hand it only to the other side of this run.</summary>
    public ReadOnlySpan<byte> Token => _token;

    /// <summary>The <see cref="RunHello.Length"/>-byte hello a client sends first on every data connection.</summary>
    public ReadOnlyMemory<byte> Hello => _hello;

    /// <summary>The token as lowercase hex (32 characters), for text channels such as an HTTP header.</summary>
    public string TokenHex => Convert.ToHexStringLower(_token);

    /// <summary>Checks a received hello against this run's token.</summary>
    /// <param name="received">The bytes a peer sent first; any length.</param>
    /// <returns>What the bytes are; only <see cref="MembershipVerdict.Member"/> may be measured.</returns>
    public MembershipVerdict Check(ReadOnlySpan<byte> received)
    {
        if (!RunHello.TryGetToken(received, out var token, out var verdict)) return verdict;
        return CryptographicOperations.FixedTimeEquals(token, _token) ? MembershipVerdict.Member : MembershipVerdict.WrongToken;
    }

    /// <summary>
    /// Reads a hello from a byte stream, exactly <see cref="RunHello.Length"/> bytes or up to the peer's end, and checks
    /// it (<see cref="Check"/>): the first thing a stream listener does with an accepted connection.
    /// </summary>
    /// <param name="read">One read of the stream (a socket receive, an SslStream read); 0 = the peer ended its side.</param>
    /// <param name="cancellationToken">Cancels the reads (the admission's deadline).</param>
    /// <returns>What the bytes are; a peer that ended before a whole hello is judged on what it sent.</returns>
    public async ValueTask<MembershipVerdict> ReadAndCheckAsync(Func<Memory<byte>, CancellationToken, ValueTask<int>> read, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(read);
        var hello = new byte[RunHello.Length];
        int got = 0;
        while (got < hello.Length)
        {
            int n = await read(hello.AsMemory(got), cancellationToken).ConfigureAwait(false);
            if (n == 0) break; // the peer ended before a whole hello
            got += n;
        }
        return Check(hello.AsSpan(0, got));
    }

    /// <summary>Checks a token sent as hex text (see <see cref="TokenHex"/>), e.g. from an HTTP header or gRPC metadata.</summary>
    /// <param name="hex">The received text; null or malformed text is <see cref="MembershipVerdict.NotAHello"/>.</param>
    public MembershipVerdict CheckHex(string? hex)
    {
        if (hex is null || hex.Length != TokenLength * 2) return MembershipVerdict.NotAHello;
        Span<byte> token = stackalloc byte[TokenLength];
        if (Convert.FromHexString(hex, token, out _, out int written) != System.Buffers.OperationStatus.Done || written != TokenLength)
            return MembershipVerdict.NotAHello;
        return CryptographicOperations.FixedTimeEquals(token, _token) ? MembershipVerdict.Member : MembershipVerdict.WrongToken;
    }
}
