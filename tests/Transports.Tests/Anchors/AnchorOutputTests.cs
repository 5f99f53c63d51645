using Transports.Harness.Anchors;
using Xunit;

namespace Transports.Tests.Anchors;

/// <summary>The reference tools' outputs are read as they print them (samples captured from Debian's sockperf 3.7 and iperf3 3.12).</summary>
public sealed class AnchorOutputTests
{
    private const string Esc = "\u001b";

    // sockperf ping-pong --full-rtt --tcp -m 64 -t 1, stdout as printed (with its colour escapes).
    private static readonly string SockperfSample = $"""
        sockperf: {Esc}[2;35m== version #3.7-no.git == {Esc}[0m
        sockperf: [Total Run] RunTime=1.001 sec; Warm up time=400 msec; SentMessages=5269; ReceivedMessages=5268
        sockperf: ========= Printing statistics for Server No: 0
        sockperf: [Valid Duration] RunTime=0.550 sec; SentMessages=2088; ReceivedMessages=2088
        sockperf: {Esc}[2;35m====> avg-rtt=263.363 (std-dev=244.900){Esc}[0m
        sockperf: # dropped messages = 0; # duplicated messages = 0; # out-of-order messages = 0
        sockperf: Summary: Round trip is 263.363 usec
        sockperf: {Esc}[2;35mTotal 2088 observations{Esc}[0m; each percentile contains 20.88 observations
        sockperf: ---> <MAX> observation = 6634.448
        sockperf: ---> percentile 99.999 = 6634.448
        sockperf: ---> percentile 99.990 = 6634.448
        sockperf: ---> percentile 99.900 = 2421.400
        sockperf: ---> percentile 99.000 =  926.589
        sockperf: ---> percentile 90.000 =  469.472
        sockperf: ---> percentile 75.000 =  397.027
        sockperf: ---> percentile 50.000 =  162.054
        sockperf: ---> percentile 25.000 =  119.832
        sockperf: ---> <MIN> observation =   20.628
        """;

    [Fact]
    public void Sockperf_statistics_become_an_rtt_distribution_in_milliseconds()
    {
        var l = SockperfOutput.Parse(SockperfSample);
        Assert.Equal("rtt", l.Kind);
        Assert.Equal(2088, l.Count);
        Assert.Equal(0.162054, l.P50Ms, 9);
        Assert.Equal(0.469472, l.P90Ms, 9);
        Assert.Equal(0.926589, l.P99Ms, 9);
        Assert.Equal(2.4214, l.P999Ms, 9);
        Assert.Equal(6.634448, l.P9999Ms, 9);
        Assert.Equal(0.020628, l.MinMs, 9);
        Assert.Equal(6.634448, l.MaxMs, 9);
        Assert.Equal(0.263363, l.MeanMs, 9);
        Assert.Equal([25, 50, 75, 90, 99, 99.9, 99.99, 99.999], l.Distribution.Select(p => p.Percentile));
    }

    [Fact]
    public void Sockperf_without_statistics_is_an_error_quoting_its_last_line()
    {
        var e = Assert.Throws<AnchorException>(() => SockperfOutput.Parse(
            "sockperf: Test ended\nsockperf: No messages were received from the server. Is the server down?\n"));
        Assert.Equal("sockperf printed no statistics: sockperf: No messages were received from the server. Is the server down?", e.Message);
    }

    [Fact]
    public void Iperf3_report_gives_the_receiver_goodput_and_the_version()
    {
        var (bps, version) = Iperf3Output.Parse("""
            { "start": { "version": "iperf 3.12", "test_start": { "protocol": "TCP", "duration": 1 } },
              "end": { "sum_sent": { "bits_per_second": 12500000000.0 },
                       "sum_received": { "bytes": 1557135360, "bits_per_second": 12445558293.020662 } } }
            """);
        Assert.Equal(12445558293.020662, bps);
        Assert.Equal("iperf 3.12", version);
    }

    [Theory]
    [InlineData("""{ "start": {}, "end": {}, "error": "unable to connect to server: Connection refused" }""", "iperf3: unable to connect to server: Connection refused")]
    [InlineData("""{ "start": {}, "end": {} }""", "iperf3's report has no end.sum_received.bits_per_second")]
    [InlineData("iperf3: error - unable to connect", "iperf3 printed no JSON report")]
    public void Iperf3_errors_and_incomplete_reports_are_errors(string json, string message)
    {
        var e = Assert.Throws<AnchorException>(() => Iperf3Output.Parse(json));
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Iperf3_parallel_report_gives_each_streams_receiver_goodput_and_their_fairness()
    {
        // Recorded: iperf3 3.12, `iperf3 -c 127.0.0.1 -t 1 -P 2 -J` on this machine (intervals left out).
        var json = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Anchors", "Recorded", "iperf3-P2.json"));
        var streams = Iperf3Output.ParseStreams(json);
        Assert.Equal([7965784175.94105, 7934340291.036018], streams);
        var (sum, _) = Iperf3Output.Parse(json);
        Assert.Equal(sum, streams.Sum(), 0); // the receiver's sum is the streams' sum
        double jain = Transports.Results.Statistics.JainFairness.Of(streams);
        double byHand = Math.Pow(streams[0] + streams[1], 2) / (2 * (streams[0] * streams[0] + streams[1] * streams[1]));
        Assert.Equal(byHand, jain, 12);
        Assert.InRange(jain, 0.5, 1);
    }

    [Fact]
    public void Iperf3_single_stream_report_without_streams_has_none_and_a_broken_stream_is_an_error()
    {
        Assert.Empty(Iperf3Output.ParseStreams("""{ "end": { "sum_received": { "bits_per_second": 1.0 } } }"""));
        var e = Assert.Throws<AnchorException>(() => Iperf3Output.ParseStreams("""{ "end": { "streams": [ { "sender": {} } ] } }"""));
        Assert.Equal("iperf3's stream 0 has no receiver.bits_per_second", e.Message);
    }
}
