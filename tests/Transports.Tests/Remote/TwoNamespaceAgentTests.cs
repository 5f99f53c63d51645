using Transports.Measure.Processes;
using Transports.Paths.Namespaces;
using Transports.Tests.Paths;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Remote;

/// <summary>The agent on host A, the client on host B: two network namespaces joined by a veth pair.</summary>
[Collection(NamespaceCollection.Name)]
public class TwoNamespaceAgentTests
{
    private static readonly string HarnessDll = Path.Combine(AppContext.BaseDirectory, "harness.dll");

    [SkippableFact]
    public async Task A_client_in_one_namespace_authenticates_with_the_agent_in_the_other_and_a_wrong_token_is_refused()
    {
        Skip.IfNot(Environment.UserName == "root", "network namespaces need root");
        using var dir = new TempDirectory();
        var tokenFile = Path.Combine(dir.Path, "token");
        await File.WriteAllTextAsync(tokenFile, "two-namespace-test-token-0123456789\n");
        await using var pair = await NamespacePair.CreateAsync();
        var agentAt = $"{pair.AddressA}:47311";
        var (ip, serve) = pair.Exec(inA: true, "dotnet", [HarnessDll, "serve", "-listen", agentAt, "-token-file", tokenFile]);
        await using var agent = ExternalProcess.Start(ip, serve);
        await agent.WaitForLineAsync(l => l.Contains("agent listening on"), TimeSpan.FromSeconds(30), CancellationToken.None);

        var (_, probe) = pair.Exec(inA: false, "dotnet", [HarnessDll, "probe", "-server", agentAt, "-token-file", tokenFile, "-probes", "32"]);
        var ok = await HarnessProcess.RunProgramAsync(ip, probe, Path.Combine(dir.Path, "results"), TimeSpan.FromSeconds(60));
        Assert.True(ok.ExitCode == 0, $"exit {ok.ExitCode}: {ok.StdErr}");
        Assert.Matches($@"agent {pair.AddressA}:47311: version .+; control RTT [0-9.]+ µs \(best of 32\); clock offset -?[0-9.]+ ± [0-9.]+ µs", ok.StdOut);

        var (_, wrong) = pair.Exec(inA: false, "dotnet", [HarnessDll, "probe", "-server", agentAt, "-token", "not-the-token-but-long-enough"]);
        var refused = await HarnessProcess.RunProgramAsync(ip, wrong, Path.Combine(dir.Path, "results"), TimeSpan.FromSeconds(60));
        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("does not know the token", refused.StdErr);

        // Only the pair's own addresses are reachable: the agent is not on the root namespace's loopback.
        var outside = await HarnessProcess.RunAsync(["probe", "-server", "127.0.0.1:47311", "-token-file", tokenFile], Path.Combine(dir.Path, "results"), TimeSpan.FromSeconds(30));
        Assert.Equal(1, outside.ExitCode);
    }
}
