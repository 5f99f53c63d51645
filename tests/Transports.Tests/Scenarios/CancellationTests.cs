using System.Diagnostics;
using System.Net;
using Transports.Abstractions;
using Transports.Scenarios.Core;
using Transports.Scenarios.Datagrams;
using Transports.Scenarios.PingPong;
using Xunit;

namespace Transports.Tests.Scenarios;

/// <summary>Ctrl-C or the runner's timeout ends a long run promptly with a cancellation, never a hang.</summary>
public sealed class CancellationTests
{
    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var factory in Transports.Harness.Catalog.TransportCatalog.All)
        {
            data.Add(factory.Name, true);
            data.Add(factory.Name, false);
        }
        return data;
    }

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task A_cancelled_run_stops_within_seconds(string name, bool pingpong)
    {
        await using var transport = ScenarioHarness.CreateTransport(name);
        IScenario scenario = pingpong ? new PingPongScenario() : new DatagramsScenario();
        var options = new OptionValues(new Dictionary<string, string> { ["duration"] = "60", ["message-warmup"] = "0", ["rate"] = "2000" });
        var plan = await scenario.PrepareAsync(options, CancellationToken.None);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();
        var run = scenario.RunAsync(new ScenarioContext
        {
            Transport = transport, ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0), Plan = plan, Variant = plan.Variants[0],
        }, cancel.Token);
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30)));
        Assert.Same(run, finished); // not hung: a 60 s run stopped soon after the cancellation
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
    }
}
