namespace Transports.Abstractions.Tls;

/// <summary>
/// <c>-tls-resume</c>, one option shared by every transport whose client speaks TLS (tcp-tls; the same spec instance, so
/// one command line sets them alike): whether a client may resume an earlier session with a pre-shared key from a session
/// ticket (RFC 8446 §2.2, §4.6.1) instead of a full handshake with the server's certificate (§4.4.2). Servers always
/// accept resumption; the client decides, so an agent needs no setting.
/// </summary>
public static class TlsResumeOption
{
    /// <summary>The option: true (default: what .NET's clients do, resumption on) or false (every handshake full).</summary>
    public static readonly OptionSpec Spec = new("tls-resume",
        "Let TLS clients resume earlier sessions from session tickets (RFC 8446 §2.2): true, or false for a full handshake with the certificate on every connection",
        "true");

    /// <summary>The value of <see cref="Spec"/> in <paramref name="settings"/>.</summary>
    /// <param name="settings">The parsed options.</param>
    /// <exception cref="OptionException">The value is not true or false.</exception>
    public static bool Parse(OptionValues settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings.GetBoolean(Spec);
    }
}
