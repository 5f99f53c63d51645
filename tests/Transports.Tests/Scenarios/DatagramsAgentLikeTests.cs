using System.Net;
using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Scenarios.Core;
using Transports.Scenarios.Datagrams;
using Transports.Tests.Scenarios.Fakes;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Scenarios;

/// <summary>
/// datagrams with its receiver as a remote server role would run it (<see cref="AgentLikeServerSide"/>): a plan read back
/// from the parameters, progress of its own, the report as JSON text, and a server clock far from the client's. The
/// counts, the one-way delay and the timeline must come out as plausible as in one process: a clock offset applied on
/// one side only would make every delay about an hour off (or negative).
/// </summary>
public sealed class DatagramsAgentLikeTests
{
    private static readonly long OneHourTicks = MonotonicClock.SecondsToTicks(3600);

    public static TheoryData<string, long> Cases() => new()
    {
        { "tcp", OneHourTicks },
        { "udp", -OneHourTicks },
        { "udp", OneHourTicks },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task A_remote_like_receiver_reports_counts_and_a_plausible_one_way_delay(string name, long clockOffsetTicks)
    {
        await using var transport = ScenarioHarness.CreateTransport(name);
        var (m, client, server) = await RunAsync(transport, clockOffsetTicks, new Dictionary<string, string>
        {
            ["rate"] = "2000", ["count"] = "500", ["duration"] = "30", ["message-warmup"] = "50", ["message-size"] = "100",
        });
        var d = m.Delivery!;
        Assert.Equal(500, d.Sent);
        Assert.Equal(d.Sent, d.Received + d.Lost);
        if (transport.Capabilities.IsReliable)
        {
            Assert.Equal(0, d.Lost);
            Assert.Equal(0, d.Duplicates);
            Assert.Equal(0, d.Reordered);
            Assert.Equal(1, m.Values[MetricCatalog.EndMarkerSeen.Id]);
        }
        else
        {
            Assert.True(d.LossPercent < 20, $"{d.LossPercent}% lost on loopback at 2000 msg/s");
        }
        Assert.True(d.Received > 0);
        ScenarioHarness.AssertLatencyConsistent(m.Latency!, d.Received, "one_way_delay");
        // An offset applied on one side only puts the delay an hour off; the bound leaves room for a sender stalled by a
        // loaded machine (paced: the delay counts from the intended send time; CI once saw 1.07 s) and still catches that.
        Assert.True(m.Latency!.MinMs >= 0 && m.Latency.P50Ms < 60_000, $"one-way delay min {m.Latency.MinMs} ms, p50 {m.Latency.P50Ms} ms on loopback");
        Assert.True(d.JitterMs is >= 0 and < 1000, $"jitter {d.JitterMs} ms");
        // The receiver's timestamps, converted to the client's clock, frame the run: time to first byte and the measured
        // interval are as long as the run, not an hour off.
        var t = m.Throughput!;
        Assert.Equal(d.Received * 100, t.BytesDelivered);
        Assert.InRange(t.TimeToFirstByteMs, 0, 30_000);
        Assert.InRange(t.TransferDurationMs, 100, 30_000); // 500 messages at 2000/s: 250 ms when on time
        Assert.True(t.MessagesPerSecond is > 0 and < 20_000, $"{t.MessagesPerSecond} msg/s");
        Assert.NotEmpty(m.Timeline);
        Assert.Equal(t.BytesDelivered, m.Timeline[^1].BytesDelivered);
        Assert.InRange(m.Timeline[^1].ElapsedMs, 0, 30_000);
        // The receiver counted on its own progress; the client's saw none of it.
        Assert.Equal(d.Received, server.CompletedUnits);
        Assert.Equal(0, client.CompletedUnits);
    }

    [Fact]
    public async Task When_every_message_is_lost_the_client_ends_the_session_and_the_receiver_still_reports()
    {
        await using var transport = new ImpairedDatagramTransport(new Impairment(DropEvery: 1));
        var (m, _, server) = await RunAsync(transport, OneHourTicks, new Dictionary<string, string>
        {
            ["count"] = "50", ["duration"] = "60", ["message-warmup"] = "0", ["loss-timeout"] = "100",
        });
        Assert.Equal(50, m.Delivery!.Sent);
        Assert.Equal(50, m.Delivery.Lost);
        Assert.Equal(0, m.Latency!.Count);
        Assert.Equal(1, m.Values[MetricCatalog.IdleStop.Id]);
        Assert.Equal(0, m.Values[MetricCatalog.EndMarkerSeen.Id]);
        Assert.Equal(0, server.CompletedUnits);
    }

    [Fact]
    public async Task Loss_duplicates_and_reordering_are_counted_exactly_by_a_remote_like_receiver()
    {
        const int count = 1000;
        var impairment = new Impairment(DropEvery: 10, DuplicateEvery: 7, SwapEvery: 13);
        var seqs = Enumerable.Range(0, count).Where(n => !impairment.Drops(n)).ToList();
        await using var transport = new ImpairedDatagramTransport(impairment);
        var (m, _, _) = await RunAsync(transport, -OneHourTicks, new Dictionary<string, string>
        {
            ["rate"] = "5000", ["count"] = count.ToString(), ["duration"] = "60", ["message-warmup"] = "0", ["loss-timeout"] = "1000",
        });
        var d = m.Delivery!;
        Assert.Equal(count, d.Sent);
        Assert.Equal(100, d.Lost);
        Assert.Equal(seqs.Count(n => impairment.Duplicates(n)), d.Duplicates);
        Assert.Equal(seqs.Count(n => impairment.Swaps(n)), d.Reordered);
        Assert.Equal(1, d.MaxReorderExtent);
        Assert.Equal(1, m.Values[MetricCatalog.MeanReorderExtent.Id]);
        Assert.Equal(1, m.Values[MetricCatalog.EndMarkerSeen.Id]);
        ScenarioHarness.AssertLatencyConsistent(m.Latency!, d.Received, "one_way_delay");
    }

    private static async Task<(Measurement Measurement, TransferProgress Client, TransferProgress Server)> RunAsync(
        ITransport transport, long clockOffsetTicks, IReadOnlyDictionary<string, string> options)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var scenario = new DatagramsScenario();
        var plan = await scenario.PrepareAsync(new OptionValues(options), timeout.Token);
        var variant = plan.Variants.Single();
        var why = scenario.WhyNotApplicable(transport.Capabilities, plan, variant);
        Skip.If(why is not null, $"{transport.Name}: {why}");
        var server = new AgentLikeServerSide(scenario, plan.Parameters, clockOffsetTicks);
        var progress = new TransferProgress();
        var m = await scenario.RunAsync(new ScenarioContext
        {
            Transport = transport,
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            Plan = plan,
            Variant = variant,
            Progress = progress,
            Server = server,
        }, timeout.Token);
        return (m, progress, server.Progress);
    }
}
