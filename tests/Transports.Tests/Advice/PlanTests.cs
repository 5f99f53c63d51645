using Transports.Advice.Plan;
using Transports.Advice.Profile;
using Xunit;

namespace Transports.Tests.Advice;

/// <summary>The plan table: which scenario measures which profile, with which options, and the budget's run shape.</summary>
public sealed class PlanTests
{
    [Theory]
    [InlineData("pattern: request-response", "rpc", "rpc_p99_ms")]
    [InlineData("pattern: request-response\nobjective: p99.9 <= 20ms", "rpc", "rpc_p999_ms")]
    [InlineData("pattern: request-response\nconnections: per-request\nobjective: p50 <= 20ms", "connect", "connect_p50_ms")]
    [InlineData("pattern: server-push", "datagrams", "owd_p99_ms")]
    [InlineData("pattern: bidirectional\nconcurrency: 8", "hol", "owd_p99_ms")]
    [InlineData("pattern: bulk-file", "bigfile", "goodput_bits_per_s")]
    public void Each_profile_has_one_scenario_and_metric(string yaml, string scenario, string metric)
    {
        var step = Assert.Single(MeasurementPlan.Default.Steps(ProfileReader.Parse(yaml), new RunShape(2, 3)));
        Assert.Equal((scenario, metric), (step.Scenario, step.MetricId));
    }

    [Fact]
    public void The_options_carry_the_profile()
    {
        var rr = Assert.Single(MeasurementPlan.Default.Steps(ProfileReader.Parse("message_sizes: [256, 4K]\nobjective: p99 <= 50ms at 2000/s"), new RunShape(2.5, 3)));
        Assert.Equal(["-request-size", "256", "-response-size", "4096", "-outstanding", "1", "-rate", "2000", "-duration", "2.5s", "-rpc-warmup", "200"], rr.Arguments);
        var many = Assert.Single(MeasurementPlan.Default.Steps(ProfileReader.Parse("concurrency: 1000"), new RunShape(1, 1)));
        Assert.Equal(["-request-size", "256", "-response-size", "256", "-outstanding", "256", "-duration", "1s", "-rpc-warmup", "200"], many.Arguments);
        var hol = Assert.Single(MeasurementPlan.Default.Steps(ProfileReader.Parse("pattern: server-push\nconcurrency: 100\nrate: 6400\nmessage_sizes: [64, 512]"), new RunShape(1, 1)));
        Assert.Equal(["-flows", "64", "-message-size", "512", "-flow-rate", "100", "-duration", "1s"], hol.Arguments);
    }

    [Theory]
    [InlineData(180, 4)]
    [InlineData(180, 12)]
    [InlineData(60, 4)]
    [InlineData(20, 4)]
    public void The_run_shape_fits_the_budget(double budget, int runs)
    {
        var shape = MeasurementPlan.Shape(budget, runs);
        Assert.InRange(MeasurementPlan.EstimateSeconds(shape, runs), 1, budget);
        Assert.InRange(shape.DurationSeconds, 0.5, 5);
    }

    [Fact]
    public void A_replaced_row_moves_a_need_to_another_scenario_without_touching_the_ranking()
    {
        // the seam rpc used: the same need, another scenario and metric (here back to pingpong's round trips)
        var rows = MeasurementPlan.Default.Rules.Select(r => r.Scenario == "rpc"
            ? r with { Scenario = "pingpong", MetricId = p => "rtt_p99_ms", Arguments = (p, s) => ["-message-size", "64"] } : r).ToList();
        var plan = new MeasurementPlan(rows);
        var profile = ProfileReader.Parse("concurrency: 16\nobjective: p99 <= 50ms");
        Assert.Equal(["-message-size", "64"], Assert.Single(plan.Steps(profile, new RunShape(1, 1))).Arguments);
        var doc = AdviceFixtures.Doc("pingpong", "r1", null, AdviceFixtures.Ok(AdviceFixtures.QuicT, ("rtt_p99_ms", AdviceFixtures.S(5, 1))));
        Assert.Equal("quic", Transports.Advice.Ranking.Advisor.Advise(profile, [AdviceFixtures.QuicT], [doc], plan).Recommendation);
        Assert.Null(Transports.Advice.Ranking.Advisor.Advise(profile, [AdviceFixtures.QuicT], [doc]).Recommendation); // the default plan reads rpc
    }
}
