using Transports.Abstractions;
using Transports.Harness.Catalog;
using Transports.Scenarios.Core;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Scenarios;

/// <summary>
/// A two-host agent learns the run's settings from the client's recorded parameters: for every scenario, the plan read
/// back from <see cref="ScenarioPlan.Parameters"/> has the same parameters and the same variants, and another scenario's
/// parameters are refused.
/// </summary>
public sealed class PlanRoundTripTests
{
    public static TheoryData<string, string[]> Cases() => new()
    {
        { "bigfile", ["size", "1M", "direction", "download", "sink", "null", "rate", "300"] },
        { "pingpong", ["message-size", "64,1024", "count", "100", "rate", "500"] },
        { "datagrams", ["message-size", "200", "duration", "2", "loss-timeout", "250"] },
        { "hol", ["flows", "4", "flow-rate", "50", "duration", "2", "message-warmup", "100", "excess-threshold", "20ms"] },
        { "connect", ["count", "500", "rate", "200", "connect-timeout", "2s", "request-size", "64"] },
        { "rpc", ["request-size", "100", "response-size", "8K", "connections", "3", "streams", "2", "outstanding", "12", "rate", "1000", "request-timeout", "2s"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_plan_read_back_from_its_parameters_is_the_same_plan(string name, string[] pairs)
    {
        Environment.SetEnvironmentVariable("TRANSPORTS_CACHE", TempDirectory.Cache);
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i < pairs.Length; i += 2) options[pairs[i]] = pairs[i + 1];
        var scenario = ScenarioCatalog.Find(name)!;
        var plan = await scenario.PrepareAsync(new OptionValues(options), CancellationToken.None);

        var read = scenario.ReadPlan(plan.Parameters);

        Assert.Equal(plan.Parameters.ToJsonString(), read.Parameters.ToJsonString());
        Assert.Equal(plan.Variants.Count, read.Variants.Count);
        for (int i = 0; i < plan.Variants.Count; i++)
        {
            Assert.Equal(plan.Variants[i].Label, read.Variants[i].Label);
            Assert.Equal(ParameterJson.ToObject(plan.Variants[i]).ToJsonString(), ParameterJson.ToObject(read.Variants[i]).ToJsonString());
        }
        foreach (var other in ScenarioCatalog.All.Where(s => s.Name != name && !(s.Name is "pingpong" or "datagrams" && name is "pingpong" or "datagrams")))
            Assert.ThrowsAny<System.Text.Json.JsonException>(() => other.ReadPlan(plan.Parameters));
    }
}
