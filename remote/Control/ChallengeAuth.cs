using System.Security.Cryptography;
using System.Text;

namespace Transports.Remote.Control;

/// <summary>
/// Mutual challenge-response over the shared token, so the token never crosses the network: each side sends a fresh
/// 16-byte nonce and proves knowledge of the token with HMAC-SHA256(token, label ‖ nonce_client ‖ nonce_agent)
/// (RFC 2104), with a different label per direction so one side's proof cannot be replayed as the other's. Proofs are
/// compared in constant time. Fresh nonces on both sides defeat replay of a recorded session.
/// </summary>
public static class ChallengeAuth
{
    /// <summary>Nonce length in bytes.</summary>
    public const int NonceBytes = 16;

    /// <summary>Shortest accepted token, in bytes of UTF-8 (16: a guessable token would make the proof worthless).</summary>
    public const int MinTokenBytes = 16;

    /// <summary>A fresh nonce, base64.</summary>
    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(NonceBytes));

    /// <summary>The agent's proof.</summary>
    /// <param name="token">The shared token.</param>
    /// <param name="clientNonce">The client's nonce (base64).</param>
    /// <param name="agentNonce">The agent's nonce (base64).</param>
    /// <exception cref="ControlProtocolException">A nonce is not base64 of <see cref="NonceBytes"/> bytes.</exception>
    public static string AgentProof(string token, string clientNonce, string agentNonce) => Prove(token, "transports agent v1", clientNonce, agentNonce);

    /// <summary>The client's proof.</summary>
    /// <param name="token">The shared token.</param>
    /// <param name="clientNonce">The client's nonce (base64).</param>
    /// <param name="agentNonce">The agent's nonce (base64).</param>
    /// <exception cref="ControlProtocolException">A nonce is not base64 of <see cref="NonceBytes"/> bytes.</exception>
    public static string ClientProof(string token, string clientNonce, string agentNonce) => Prove(token, "transports client v1", clientNonce, agentNonce);

    /// <summary>Compares a received proof with the expected one in constant time; malformed proofs are false.</summary>
    /// <param name="expected">The proof computed here.</param>
    /// <param name="received">The peer's proof (base64).</param>
    public static bool Matches(string expected, string? received)
    {
        var want = Convert.FromBase64String(expected);
        var got = new byte[want.Length];
        if (received is null || !Convert.TryFromBase64String(received, got, out int n) || n != want.Length) return false;
        return CryptographicOperations.FixedTimeEquals(want, got);
    }

    private static string Prove(string token, string label, string clientNonce, string agentNonce)
    {
        var message = new List<byte>(Encoding.UTF8.GetBytes(label));
        message.AddRange(Nonce(clientNonce));
        message.AddRange(Nonce(agentNonce));
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(token), message.ToArray()));
    }

    private static byte[] Nonce(string base64)
    {
        var bytes = new byte[NonceBytes];
        if (!Convert.TryFromBase64String(base64, bytes, out int n) || n != NonceBytes)
            throw new ControlProtocolException($"a nonce must be base64 of {NonceBytes} bytes");
        return bytes;
    }
}
