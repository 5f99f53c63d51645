using System.Diagnostics;
using Transports.Harness.Links;
using Transports.Measure.Processes;
using Transports.Paths.Emulation;
using Transports.Paths.Namespaces;
using Transports.Remote.Agent;
using Transports.Tests.Paths;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Links;

/// <summary>
/// <c>-link</c>'s set-up: an agent of this harness behind an emulated path answers over the link (its control round trip
/// carries the configured delay), and an agent whose starting process dies stops by itself.
/// </summary>
[Collection(NamespaceCollection.Name)]
public sealed class LinkedAgentTests
{
    [SkippableFact]
    public async Task The_agent_behind_the_emulated_path_answers_across_the_link_and_everything_is_removed()
    {
        Skip.IfNot(Environment.UserName == "root", "network namespaces and TUN devices need root");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string ns;
        await using (var linked = await LinkedAgent.StartAsync(LinkSpecParser.Parse("delay=3ms"), timeout.Token))
        {
            ns = linked.Path.ServerNamespace;
            await using var client = await AgentClient.ConnectAsync(linked.Endpoint, linked.Token, "test", TimeSpan.FromSeconds(10), timeout.Token);
            var clock = await client.ProbeClockAsync(8, timeout.Token);
            Assert.InRange(clock.BestDelayNs / 1e6, 6.0, 8.0); // 3 ms each way, plus the base
            Assert.True(linked.Path.Emulator.Report().Up.Delivered >= 8);
        }
        Assert.DoesNotContain(ns, await NamespacePair.ListAsync());
    }

    [Fact]
    public async Task An_agent_whose_starting_process_is_gone_stops_by_itself()
    {
        var sleeper = Process.Start("sleep", "60");
        var harness = Path.Combine(AppContext.BaseDirectory, "harness.dll");
        await using var agent = ExternalProcess.Start("dotnet", [harness, "serve", "-listen", "127.0.0.1:0", "-parent-pid", $"{sleeper.Id}"]);
        await agent.WaitForLineAsync(l => l.Contains("agent listening on"), TimeSpan.FromSeconds(30), CancellationToken.None);
        sleeper.Kill();
        await sleeper.WaitForExitAsync();
        int exit = await agent.WaitForExitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.Equal(0, exit);
        Assert.Contains("is gone: stopping", agent.StandardOutput);
    }
}
