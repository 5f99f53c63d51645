using System.CommandLine;
using System.Globalization;
using System.Reflection;
using Transports.Remote.Agent;
using Transports.Remote.Control;

namespace Transports.Harness.Remote;

/// <summary>
/// <c>harness probe -server HOST[:PORT]</c>: opens an authenticated session with an agent and reports its version, the
/// control round trip and the clock offset with its uncertainty. Exit 0 when the agent answered, 1 otherwise.
/// </summary>
internal static class ProbeCommand
{
    public static Command Create()
    {
        var server = new Option<string>("--server", "-server") { Description = $"The agent: HOST[:PORT] (default port {ControlProtocol.DefaultPort})", Required = true };
        var token = new Option<string>("--token", "-token") { Description = "Shared token (prefer -token-file or $" + AgentEndpoint.TokenVariable + ")" };
        var tokenFile = new Option<string>("--token-file", "-token-file") { Description = "File holding the shared token" };
        var probes = new Option<int>("--probes", "-probes") { Description = "Clock probes (1..1000)", DefaultValueFactory = _ => 16 };
        var command = new Command("probe", "Check an agent: authenticate, report its version, control RTT and clock offset") { server, token, tokenFile, probes };
        command.SetAction(async (parse, ct) =>
        {
            System.Net.IPEndPoint endpoint;
            string secret;
            int count = parse.GetValue(probes);
            try
            {
                endpoint = AgentEndpoint.Parse(parse.GetValue(server)!, "--server");
                secret = AgentEndpoint.Token(parse.GetValue(token), parse.GetValue(tokenFile));
                if (count is < 1 or > 1000) throw new Cli.UsageException($"--probes must be 1..1000, not {count}");
            }
            catch (Cli.UsageException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return Cli.HarnessCli.BadInput;
            }
            var version = typeof(ProbeCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
            try
            {
                await using var session = await AgentClient.ConnectAsync(endpoint, secret, version, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
                var offset = await session.ProbeClockAsync(count, ct).ConfigureAwait(false);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"agent {endpoint}: version {session.AgentVersion}; control RTT {offset.BestDelayNs / 1000.0:0.0} µs (best of {offset.Samples}); clock offset {offset.OffsetNs / 1000.0:0.0} ± {offset.UncertaintyNs / 1000.0:0.0} µs"));
                return 0;
            }
            catch (ControlProtocolException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return 1;
            }
        });
        return command;
    }
}
