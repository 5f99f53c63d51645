using System.Text;

namespace Transports.Grpc.Wire;

/// <summary>
/// <c>grpc-message</c> encoding (PROTOCOL-HTTP2.md: "Status-Message → Percent-Encoded", "Percent-Encoded →
/// 1*(Percent-Byte-Unencoded / Percent-Byte-Encoded)", unencoded = printable ASCII 0x20–0x7E except '%').
/// The text is UTF-8 encoded first; every other byte becomes <c>%XX</c>.
/// </summary>
public static class GrpcStatusMessage
{
    /// <summary>Percent-encodes <paramref name="text"/> (UTF-8) for the <c>grpc-message</c> trailer.</summary>
    /// <param name="text">Plain text.</param>
    public static string Encode(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        var sb = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%') sb.Append((char)b);
            else sb.Append('%').Append(b.ToString("X2"));
        }
        return sb.ToString();
    }

    /// <summary>
    /// Decodes a <c>grpc-message</c> value. Per the spec, a malformed <c>%</c> sequence is kept as it is rather than
    /// failing the call ("When decoding invalid values, implementations MUST NOT error or throw away the message").
    /// </summary>
    /// <param name="value">The header value, or null.</param>
    public static string Decode(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (!value.Contains('%')) return value;
        var bytes = new List<byte>(value.Length);
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '%' && i + 2 < value.Length && IsHex(value[i + 1]) && IsHex(value[i + 2]))
            {
                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                foreach (var b in Encoding.UTF8.GetBytes(value[i].ToString())) bytes.Add(b);
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
