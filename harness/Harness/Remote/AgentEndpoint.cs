using System.Net;
using Transports.Remote.Control;

namespace Transports.Harness.Remote;

/// <summary>Parsing of <c>HOST[:PORT]</c> for the agent's control endpoint, and of the shared token's three sources.</summary>
internal static class AgentEndpoint
{
    /// <summary>Environment variable that may hold the token.</summary>
    public const string TokenVariable = "TRANSPORTS_AGENT_TOKEN";

    /// <summary>Parses "10.0.0.2", "10.0.0.2:47311", "[::1]:47311" (names are resolved).</summary>
    /// <exception cref="Cli.UsageException">Not an address with an optional port 1..65535.</exception>
    public static IPEndPoint Parse(string text, string option)
    {
        if (IPEndPoint.TryParse(text, out var endpoint))
            return endpoint.Port == 0 ? new IPEndPoint(endpoint.Address, ControlProtocol.DefaultPort) : endpoint;
        var (host, portText) = text.LastIndexOf(':') is int i and > 0 && !text.Contains(']') ? (text[..i], text[(i + 1)..]) : (text, "");
        int port = ControlProtocol.DefaultPort;
        if (portText.Length > 0 && (!int.TryParse(portText, out port) || port is < 1 or > 65535))
            throw new Cli.UsageException($"{option}: '{text}' is not HOST[:PORT] with a port 1..65535");
        try
        {
            var address = Dns.GetHostAddresses(host).FirstOrDefault()
                ?? throw new Cli.UsageException($"{option}: '{host}' has no address");
            return new IPEndPoint(address, port);
        }
        catch (System.Net.Sockets.SocketException e)
        {
            throw new Cli.UsageException($"{option}: cannot resolve '{host}': {e.Message}");
        }
    }

    /// <summary>The token from -token, else -token-file, else the environment; "" when none is given.</summary>
    /// <exception cref="Cli.UsageException">Both -token and -token-file, or an unreadable token file.</exception>
    public static string Token(string? token, string? tokenFile)
    {
        if (!string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(tokenFile))
            throw new Cli.UsageException("give the token once: -token or -token-file, not both");
        if (!string.IsNullOrEmpty(token)) return token;
        if (!string.IsNullOrEmpty(tokenFile))
        {
            try
            {
                return File.ReadAllText(tokenFile).Trim();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new Cli.UsageException($"-token-file: cannot read {tokenFile}: {e.Message}");
            }
        }
        return Environment.GetEnvironmentVariable(TokenVariable) ?? "";
    }
}
