using System.Globalization;
using Transports.Measure.Processes;
using Transports.Paths;
using Transports.Paths.Namespaces;
using Xunit;

namespace Transports.Tests.Paths;

/// <summary>
/// Two namespaces joined by a veth pair, the two-host topology on one machine. Every test removes what it creates,
/// also when it fails (await using); the only addresses used are the pair's own 10.213.0.0/16.
/// </summary>
[Collection(NamespaceCollection.Name)]
public class NamespacePairTests
{
    private static bool IsRoot => Environment.UserName == "root";

    [SkippableFact]
    public async Task A_pair_carries_traffic_between_its_two_namespaces_and_is_gone_after_dispose()
    {
        Skip.IfNot(IsRoot, "network namespaces need root");
        string a, b;
        await using (var pair = await NamespacePair.CreateAsync())
        {
            (a, b) = (pair.NameA, pair.NameB);
            Assert.Contains(a, await NamespacePair.ListAsync());
            Assert.Contains(b, await NamespacePair.ListAsync());
            var rtt = await SockperfRttUsAsync(pair);
            Assert.InRange(rtt, 1, 10_000); // a real round trip over the veth pair
        }
        var left = await NamespacePair.ListAsync();
        Assert.DoesNotContain(a, left);
        Assert.DoesNotContain(b, left);
    }

    [SkippableFact]
    public async Task Two_pairs_of_one_process_get_distinct_names_and_addresses()
    {
        Skip.IfNot(IsRoot, "network namespaces need root");
        await using var one = await NamespacePair.CreateAsync();
        await using var two = await NamespacePair.CreateAsync(mtuBytes: 9000);
        Assert.NotEqual(one.NameA, two.NameA);
        Assert.NotEqual(one.AddressA, two.AddressA);
        Assert.NotEqual(one.AddressB, two.AddressB);
        var mtu = await IpCommand.RunAsync(["-n", two.NameB, "link", "show", NamespacePair.InterfaceName]);
        Assert.Contains("mtu 9000", mtu);
    }

    [SkippableFact]
    public async Task A_pair_left_by_a_killed_process_is_swept_by_the_next_one()
    {
        Skip.IfNot(IsRoot, "network namespaces need root");
        int deadPid = await DeadPidAsync();
        var stale = $"{NamespacePair.Prefix}{deadPid}x7a";
        await IpCommand.RunAsync(["netns", "add", stale]);
        try
        {
            Assert.Contains(stale, await NamespacePair.ListAsync());
            await using var pair = await NamespacePair.CreateAsync(); // sweeps first
            Assert.DoesNotContain(stale, await NamespacePair.ListAsync());
            Assert.Contains(pair.NameA, await NamespacePair.ListAsync()); // a live creator's pair is kept
        }
        finally
        {
            try { await IpCommand.RunAsync(["netns", "delete", stale]); } catch (PathSetupException) { }
        }
    }

    [Fact]
    public async Task A_failing_ip_command_is_one_line_naming_the_command()
    {
        var e = await Assert.ThrowsAsync<PathSetupException>(() => IpCommand.RunAsync(["netns", "delete", "trp-no-such-namespace"]));
        Assert.StartsWith("ip netns delete trp-no-such-namespace: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task A_bad_mtu_is_refused_before_anything_is_created()
        => await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => NamespacePair.CreateAsync(mtuBytes: 10));

    /// <summary>sockperf server in A, a 1 s ping-pong from B: the pair's base RTT p50 in microseconds.</summary>
    private static async Task<double> SockperfRttUsAsync(NamespacePair pair)
    {
        var (exe, serverArgs) = pair.Exec(inA: true, "sockperf", ["server", "-i", pair.AddressA.ToString(), "-p", "11811"]);
        await using var server = ExternalProcess.Start(exe, serverArgs);
        await Task.Delay(500);
        var (_, clientArgs) = pair.Exec(inA: false, "sockperf", ["ping-pong", "-i", pair.AddressA.ToString(), "-p", "11811", "-t", "1", "--full-rtt"]);
        await using var client = ExternalProcess.Start(exe, clientArgs);
        Assert.Equal(0, await client.WaitForExitAsync(TimeSpan.FromSeconds(20), CancellationToken.None));
        var line = client.StandardOutput.Split('\n').Concat(client.StandardError.Split('\n'))
            .First(l => l.Contains("percentile 50.000", StringComparison.Ordinal));
        return double.Parse(line[(line.IndexOf('=') + 1)..].Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>The PID of a process that has exited (a short-lived child's).</summary>
    private static async Task<int> DeadPidAsync()
    {
        await using var p = ExternalProcess.Start("true", []);
        await p.WaitForExitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        var pid = p.ProcessId;
        for (int i = 0; i < 100 && Directory.Exists($"/proc/{pid}"); i++) await Task.Delay(20);
        return pid;
    }
}

/// <summary>Namespace tests run one at a time: they list and sweep the machine-wide namespace table.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class NamespaceCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "network namespaces";
}
