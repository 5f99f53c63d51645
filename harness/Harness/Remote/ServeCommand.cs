using System.CommandLine;
using System.Net;
using System.Reflection;
using Transports.Remote.Agent;
using Transports.Remote.Control;

namespace Transports.Harness.Remote;

/// <summary>
/// <c>harness serve</c>: the long-running agent of two-host mode. Authenticates clients with the shared token and
/// serves one session at a time (see <see cref="ControlAgent"/>). Without a token it only binds loopback.
/// </summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var listen = new Option<string>("--listen", "-listen") { Description = $"Address and control port to listen on (default 127.0.0.1:{ControlProtocol.DefaultPort}; 0.0.0.0 for every interface)", DefaultValueFactory = _ => $"127.0.0.1:{ControlProtocol.DefaultPort}" };
        var token = new Option<string>("--token", "-token") { Description = $"Shared token (at least {ChallengeAuth.MinTokenBytes} bytes; visible in the process list: prefer -token-file or ${AgentEndpoint.TokenVariable})" };
        var tokenFile = new Option<string>("--token-file", "-token-file") { Description = "File holding the shared token" };
        var parentPid = new Option<int>("--parent-pid", "-parent-pid") { Description = "Stop when this process is gone (set by -link for the agent it starts)", Hidden = true };
        var command = new Command("serve", "Run the agent for two-host runs: clients authenticate with the shared token; one session at a time (others are told who holds it)")
        {
            listen, token, tokenFile, parentPid,
        };
        command.SetAction(async (parse, ct) =>
        {
            IPEndPoint endpoint;
            string secret;
            try
            {
                endpoint = AgentEndpoint.Parse(parse.GetValue(listen)!, "--listen");
                secret = AgentEndpoint.Token(parse.GetValue(token), parse.GetValue(tokenFile));
            }
            catch (Cli.UsageException e)
            {
                Console.Error.WriteLine($"error: {e.Message}");
                return Cli.HarnessCli.BadInput;
            }
            var version = typeof(ServeCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "";
            ControlAgent agent;
            try
            {
                agent = new ControlAgent(endpoint, secret, AgentOptions.Default, version, line => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}"), HarnessAgentCatalog.Instance);
            }
            catch (Exception e) when (e is ArgumentException or System.Net.Sockets.SocketException)
            {
                Console.Error.WriteLine($"error: cannot serve on {endpoint}: {e.Message}");
                return Cli.HarnessCli.BadInput;
            }
            await using (agent)
            {
                Console.WriteLine($"agent listening on {agent.LocalEndPoint} (control protocol {ControlProtocol.Version}); Ctrl-C stops it");
                await agent.RunAsync(ParentWatch.Watch(parse.GetValue(parentPid), ct)).ConfigureAwait(false);
            }
            return 0;
        });
        return command;
    }
}
