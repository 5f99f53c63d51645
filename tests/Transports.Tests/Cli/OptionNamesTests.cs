using Transports.Harness.Catalog;
using Xunit;

namespace Transports.Tests.Cli;

/// <summary>Generated CLI options must not collide with each other or with the runner's own options.</summary>
public sealed class OptionNamesTests
{
    private static readonly string[] RunnerOptions =
        ["scenario", "transports", "repeat", "warmup", "timeout", "stall-timeout", "address", "port", "results-dir", "no-progress", "no-charts", "help", "version"];

    [Fact]
    public void Scenario_and_transport_options_never_shadow_runner_options()
    {
        var generated = ScenarioCatalog.All.SelectMany(s => s.Options).Concat(TransportCatalog.All.SelectMany(t => t.Options)).Select(o => o.Name);
        Assert.Empty(generated.Intersect(RunnerOptions));
    }

    [Fact]
    public void Transport_options_are_prefixed_with_their_transport_name()
    {
        foreach (var t in TransportCatalog.All)
            Assert.All(t.Options, o => Assert.StartsWith(t.Name.Split('-')[0] + "-", o.Name));
    }
}
