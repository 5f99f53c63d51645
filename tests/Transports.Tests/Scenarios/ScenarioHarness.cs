using System.Net;
using Transports.Abstractions;
using Transports.Harness.Catalog;
using Transports.Results;
using Transports.Scenarios.Core;
using Xunit;

namespace Transports.Tests.Scenarios;

/// <summary>Runs a scenario the way the runner does (PrepareAsync once, RunAsync per variant), without the CLI.</summary>
public static class ScenarioHarness
{
    public static TheoryData<string> TransportNames()
    {
        var data = new TheoryData<string>();
        foreach (var f in TransportCatalog.All) data.Add(f.Name);
        return data;
    }

    /// <summary>Creates the catalog transport <paramref name="name"/> (skips the test when it cannot run here).</summary>
    public static ITransport CreateTransport(string name) => Support.TransportPair.RequireFactory(name).Create(OptionValues.Empty);

    public static async Task<List<(ScenarioVariant Variant, Measurement Measurement, TransferProgress Progress)>> RunAsync(
        IScenario scenario, ITransport transport, IReadOnlyDictionary<string, string> options, int timeoutSeconds = 90)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutSeconds));
        var values = new OptionValues(options);
        var plan = await scenario.PrepareAsync(values, timeout.Token);
        var results = new List<(ScenarioVariant, Measurement, TransferProgress)>();
        foreach (var variant in plan.Variants)
        {
            var why = scenario.WhyNotApplicable(transport.Capabilities, plan, variant);
            Skip.If(why is not null, $"{transport.Name}: {why}");
            var progress = new TransferProgress();
            var context = new ScenarioContext
            {
                Transport = transport,
                ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
                Plan = plan,
                Variant = variant,
                Progress = progress,
            };
            results.Add((variant, await scenario.RunAsync(context, timeout.Token), progress));
        }
        return results;
    }

    /// <summary>Percentiles in order, positive, count as expected, distribution ending at the maximum.</summary>
    public static void AssertLatencyConsistent(Latency latency, long expectedCount, string kind)
    {
        Assert.Equal(kind, latency.Kind);
        Assert.Equal(expectedCount, latency.Count);
        if (expectedCount == 0) return;
        Assert.True(latency.MinMs > 0, $"min {latency.MinMs} ms");
        Assert.True(latency.MinMs <= latency.P50Ms && latency.P50Ms <= latency.P90Ms && latency.P90Ms <= latency.P99Ms
                    && latency.P99Ms <= latency.P999Ms && latency.P999Ms <= latency.P9999Ms && latency.P9999Ms <= latency.MaxMs,
            $"percentiles out of order: min {latency.MinMs} p50 {latency.P50Ms} p90 {latency.P90Ms} p99 {latency.P99Ms} max {latency.MaxMs}");
        Assert.True(latency.MaxMs < 30_000, $"max {latency.MaxMs} ms: a sample is not a latency");
        Assert.Equal(100, latency.Distribution[^1].Percentile);
        Assert.Equal(latency.MaxMs, latency.Distribution[^1].ValueMs);
    }
}
