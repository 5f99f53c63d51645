using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Scenarios.HeadOfLine;
using Xunit;

namespace Transports.Tests.Scenarios;

/// <summary>
/// hol's figures on synthetic flows with answers worked out by hand: 4 flows, message i of flow f sent at
/// i·10 ms + f·2.5 ms, normally 1 ms on the way; a stall holds a range of messages until one release at 706 ms (a lost
/// packet's retransmission). Threshold 10 ms above base, window 1 ms.
/// </summary>
public sealed class HolAnalysisTests
{
    private const int Flows = 4, Messages = 100;
    private const double ReleaseMs = 706;
    private static readonly long ThresholdNs = 10_000_000;
    private static readonly long WindowTicks = MonotonicClock.SecondsToTicks(0.001);

    [Fact]
    public void A_stall_of_one_flow_shows_in_that_flow_only()
    {
        // Flow 2, messages 50-69, sent 505-695 ms, all released at 706 ms: delays 201, 191, … 11 ms; excess (base 1 ms)
        // 200 … 10 ms, so 19 are above 10 ms (message 69's excess is exactly 10: not delayed).
        var figures = HolAnalysis.Analyze(Build((f, i) => f == 2 && i is >= 50 and < 70), ThresholdNs, WindowTicks);

        Assert.Equal(1_000_000, figures.BaseNs);
        Assert.Equal(400, figures.Delivered);
        Assert.Equal(19, figures.Delayed);
        Assert.Equal(0, figures.CrossFlowDelayed); // no other flow was delayed at 706 ms
        var stalled = figures.Flows[2];
        Assert.Equal(19, stalled.Delayed);
        Assert.Equal(1_000_000, stalled.P50Ns);   // rank 50 of 100: 80 clean samples
        Assert.Equal(191_000_000, stalled.P99Ns); // rank 99: the second largest
        Assert.Equal(201_000_000, stalled.MaxNs);
        foreach (var clean in figures.Flows.Where(f => f.Flow != 2))
        {
            Assert.Equal(0, clean.Delayed);
            Assert.Equal(1_000_000, clean.P99Ns);
            Assert.Equal(1_000_000, clean.MaxNs);
        }
        Assert.Equal(4.75, 100.0 * figures.Delayed / figures.Delivered, 9);
    }

    [Fact]
    public void A_stall_of_the_one_ordered_stream_delays_every_flow_together()
    {
        // Every flow's messages 50-69 released at 706 ms: delayed when sent before 695 ms (excess = 705 − sent > 10):
        // flows 0 and 1 all 20 (last sends 690, 692.5 ms), flows 2 and 3 19 each (695 and 697.5 ms are not) = 78; all
        // arrive together, so every stall is shared with another flow.
        var figures = HolAnalysis.Analyze(Build((_, i) => i is >= 50 and < 70), ThresholdNs, WindowTicks);

        Assert.Equal(1_000_000, figures.BaseNs);
        Assert.Equal(78, figures.Delayed);
        Assert.Equal(78, figures.CrossFlowDelayed);
        Assert.Equal([20L, 20, 19, 19], figures.Flows.Select(f => f.Delayed));
        Assert.Equal([206_000_000L, 203_500_000, 201_000_000, 198_500_000], figures.Flows.Select(f => f.MaxNs)); // message 50: 706 − (500 + 2.5·f) ms
        Assert.All(figures.Flows, f => Assert.True(f.P99Ns > 100_000_000, $"flow {f.Flow} p99 {f.P99Ns} ns"));
    }

    [Fact]
    public void Stalls_of_two_flows_far_apart_in_time_are_not_shared()
    {
        // Flow 0 stalled at 706 ms, flow 1's messages 10-29 released together at 306 ms: both delayed, 400 ms apart.
        var flows = Build((f, i) => f == 0 && i is >= 50 and < 70);
        var flow1 = Build((f, i) => f == 1 && i is >= 10 and < 30, releaseMs: 306)[1];
        var figures = HolAnalysis.Analyze([flows[0], flow1, flows[2], flows[3]], ThresholdNs, WindowTicks);
        // Flow 0 sent 500-690 ms, excess 705 − sent ≥ 15 ms: all 20; flow 1 sent 102.5-292.5 ms, excess 305 − sent ≥ 12.5 ms: all 20.
        Assert.Equal(40, figures.Delayed);
        Assert.Equal(0, figures.CrossFlowDelayed);
    }

    [Theory]
    [InlineData(706.5, 21)] // flow 1's late message arrives 0.5 ms after flow 0's 20 released ones: all 21 share the stall
    [InlineData(708.0, 0)]  // 2 ms after them: nothing is shared
    public void A_stall_is_shared_only_with_another_flow_delayed_within_the_window(double lateArrivalMs, long expectedShared)
    {
        var flows = Build((f, i) => f == 0 && i is >= 50 and < 70);
        // Flow 1's message 60 (sent 602.5 ms) arrives late on its own.
        var late = MonotonicClock.SecondsToTicks(lateArrivalMs / 1000);
        var arrivals = flows[1].ArrivalTicks.ToList();
        var delays = flows[1].DelayNs.ToList();
        arrivals[60] = late;
        delays[60] = (long)Math.Round((lateArrivalMs - 602.5) * 1e6);
        flows[1] = new FlowSamples(1, arrivals, delays);

        var figures = HolAnalysis.Analyze(flows, ThresholdNs, WindowTicks);
        Assert.Equal(21, figures.Delayed);
        Assert.Equal(expectedShared, figures.CrossFlowDelayed);
    }

    [Fact]
    public void Nothing_delivered_gives_zeros_and_mismatched_samples_are_refused()
    {
        var empty = HolAnalysis.Analyze([new FlowSamples(0, [], []), new FlowSamples(1, [], [])], ThresholdNs, WindowTicks);
        Assert.Equal(0, empty.Delivered);
        Assert.Equal(0, empty.Delayed);
        Assert.Equal(2, empty.Flows.Count);
        Assert.Throws<ArgumentException>(() => HolAnalysis.Analyze([new FlowSamples(0, [1, 2], [1])], ThresholdNs, WindowTicks));
    }

    [Fact]
    public void The_mapping_follows_the_capabilities()
    {
        const TransportFeatures stream = TransportFeatures.Reliable | TransportFeatures.Ordered | TransportFeatures.OrderlyClose;
        Assert.Equal(FlowMapping.OneOrderedStream, FlowMappings.For(new(stream, null)));
        Assert.Equal(FlowMapping.OneOrderedStream, FlowMappings.For(new(stream | TransportFeatures.MessageBoundaries, 1 << 20)));
        Assert.Equal(FlowMapping.StreamPerFlow, FlowMappings.For(new(stream | TransportFeatures.MultiplexedStreams, null)));
        Assert.Equal(FlowMapping.DatagramPerMessage, FlowMappings.For(new(TransportFeatures.Datagrams | TransportFeatures.MessageBoundaries, 1472)));
        Assert.Null(FlowMappings.For(new(TransportFeatures.None, null)));
        Assert.Equal(["one_ordered_stream", "stream_per_flow", "datagram_per_message"],
            new[] { FlowMapping.OneOrderedStream, FlowMapping.StreamPerFlow, FlowMapping.DatagramPerMessage }.Select(m => m.Id()));
    }

    [Fact]
    public void Bad_options_are_one_line_naming_the_option()
    {
        var scenario = new HeadOfLineScenario();
        Assert.Contains("--flows", Assert.Throws<OptionException>(() => scenario.Parse(Options(("flows", "0")))).Message);
        Assert.Contains("--message-size", Assert.Throws<OptionException>(() => scenario.Parse(Options(("message-size", "8")))).Message);
        Assert.Contains("measured messages", Assert.Throws<OptionException>(() => scenario.Parse(Options(("flows", "64"), ("flow-rate", "100000"), ("duration", "60")))).Message);
        var ok = scenario.Parse(Options());
        Assert.Equal((8, 1024, 100.0, 10.0, 10.0), (ok.Flows, ok.MessageSizeBytes, ok.FlowRateMessagesPerSecond, ok.DurationSeconds, ok.ExcessThresholdMs));
    }

    private static OptionValues Options(params (string Name, string Value)[] values)
        => new(values.ToDictionary(v => v.Name, v => v.Value, StringComparer.OrdinalIgnoreCase));

    /// <summary>The flows; messages for which <paramref name="stalled"/> holds arrive together at <paramref name="releaseMs"/>.</summary>
    private static List<FlowSamples> Build(Func<int, int, bool> stalled, double releaseMs = ReleaseMs)
    {
        var flows = new List<FlowSamples>();
        for (int f = 0; f < Flows; f++)
        {
            var arrivals = new List<(long Arrival, long Delay)>();
            for (int i = 0; i < Messages; i++)
            {
                double sentMs = i * 10 + f * 2.5;
                double arrivalMs = stalled(f, i) ? releaseMs : sentMs + 1;
                arrivals.Add((MonotonicClock.SecondsToTicks(arrivalMs / 1000), (long)Math.Round((arrivalMs - sentMs) * 1e6)));
            }
            arrivals.Sort(); // arrival order, as the receiver records them
            flows.Add(new FlowSamples(f, arrivals.Select(a => a.Arrival).ToList(), arrivals.Select(a => a.Delay).ToList()));
        }
        return flows;
    }
}
