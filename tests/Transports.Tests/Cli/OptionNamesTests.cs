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
        // The one exception: a protocol's option shared by every transport speaking it (the same spec instance, so one
        // command line sets them alike), named by the protocol: -tls-resume.
        var shared = new[] { Transports.Abstractions.Tls.TlsResumeOption.Spec };
        foreach (var t in TransportCatalog.All)
            Assert.All(t.Options.Where(o => !shared.Any(s => ReferenceEquals(s, o))), o => Assert.StartsWith(t.Name.Split('-')[0] + "-", o.Name));
        Assert.All(shared, s => Assert.True(TransportCatalog.All.Count(t => t.Options.Any(o => ReferenceEquals(o, s))) >= 2, $"-{s.Name} is shared by fewer than two transports"));
        Assert.All(TransportCatalog.All.SelectMany(t => t.Options).Where(o => o.Name == "tls-resume"), o => Assert.Same(shared[0], o));
    }
}
