using System.Net;
using System.Security.Cryptography;
using Transports.Measure.Processes;
using Transports.Paths.Emulation;
using Transports.Remote.Control;

namespace Transports.Harness.Links;

/// <summary>
/// What <c>-link SPEC</c> sets up before a run: an <see cref="EmulatedPath"/> from this process to a server namespace,
/// and this harness's own agent (<c>harness serve</c>) started in that namespace with a fresh random token, so the run
/// is an ordinary two-host run whose every packet crosses the emulated link. The agent watches this process
/// (<c>-parent-pid</c>) and exits when it dies; the path's devices vanish with this process and its namespace is swept.
/// </summary>
public sealed class LinkedAgent : IAsyncDisposable
{
    private readonly ExternalProcess _agent;
    private readonly string _tokenFile;

    private LinkedAgent(EmulatedPath path, ExternalProcess agent, IPEndPoint endpoint, string token, string tokenFile)
    {
        Path = path;
        _agent = agent;
        Endpoint = endpoint;
        Token = token;
        _tokenFile = tokenFile;
    }

    /// <summary>The emulated path.</summary>
    public EmulatedPath Path { get; }

    /// <summary>The agent's control endpoint (the server namespace's address).</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The token the agent was started with.</summary>
    public string Token { get; }

    /// <summary>Creates the path and starts the agent behind it.</summary>
    /// <param name="spec">The link.</param>
    /// <param name="cancellationToken">Cancels set-up (what was made is removed).</param>
    /// <exception cref="Transports.Paths.PathSetupException">Not root, no TUN, or the agent did not start; one line.</exception>
    public static async Task<LinkedAgent> StartAsync(LinkSpec spec, CancellationToken cancellationToken)
    {
        var path = await EmulatedPath.CreateAsync(spec, cancellationToken: cancellationToken).ConfigureAwait(false);
        string? tokenFile = null;
        try
        {
            var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
            tokenFile = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"transports-link-{Environment.ProcessId}-{Guid.NewGuid():N}.token");
            await File.WriteAllTextAsync(tokenFile, token, cancellationToken).ConfigureAwait(false);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tokenFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var endpoint = new IPEndPoint(path.ServerAddress, ControlProtocol.DefaultPort);
            var (ip, arguments) = path.ExecOnServer(DotnetHost(),
                [typeof(LinkedAgent).Assembly.Location, "serve", "-listen", endpoint.ToString(), "-token-file", tokenFile, "-parent-pid", $"{Environment.ProcessId}"]);
            var agent = ExternalProcess.Start(ip, arguments);
            try
            {
                await agent.WaitForLineAsync(l => l.Contains("agent listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
            }
            catch (ExternalProcessException e)
            {
                await agent.DisposeAsync().ConfigureAwait(false);
                throw new Transports.Paths.PathSetupException($"the agent behind the emulated link did not start: {e.Message} {agent.StandardError.Trim()}");
            }
            return new LinkedAgent(path, agent, endpoint, token, tokenFile);
        }
        catch
        {
            if (tokenFile is not null) File.Delete(tokenFile);
            await path.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The dotnet host that runs harness.dll: this process's when it is one (the usual case), else the one on PATH.</summary>
    private static string DotnetHost()
        => System.IO.Path.GetFileNameWithoutExtension(Environment.ProcessPath ?? "") == "dotnet" ? Environment.ProcessPath! : "dotnet";

    /// <summary>Stops the agent, removes the token file and the path. Never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        await _agent.DisposeAsync().ConfigureAwait(false);
        try
        {
            File.Delete(_tokenFile);
        }
        catch (IOException)
        {
            // gone already
        }
        await Path.DisposeAsync().ConfigureAwait(false);
    }
}
