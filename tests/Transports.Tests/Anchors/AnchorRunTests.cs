using System.Net;
using Transports.Abstractions;
using Transports.Harness.Anchors;
using Transports.Harness.Catalog;
using Transports.Measure.Processes;
using Transports.Results;
using Transports.Scenarios.BigFile;
using Transports.Scenarios.Core;
using Transports.Scenarios.Messages;
using Xunit;

namespace Transports.Tests.Anchors;

/// <summary>
/// The anchors run the real tools (Debian's iperf3 and sockperf, installed by scripts/bootstrap.sh) on 127.0.0.1 for
/// one second each, and turn every way a tool can be missing or fail into a result instead of an exception.
/// </summary>
public sealed class AnchorRunTests
{
    private static readonly MessageVariant Size64 = new(64);

    private static readonly MessageSettings ClosedLoop = new([64], 0, 1, 0, 0, 0, 200);

    /// <summary>A run of <paramref name="scenario"/> that measured the catalog transports <paramref name="transports"/>.</summary>
    private static AnchorContext Context(string scenario, string[] transports, ScenarioSettings? settings = null,
        IReadOnlyList<ScenarioVariant>? variants = null)
    {
        var s = ScenarioCatalog.Find(scenario)!;
        return new()
        {
            Scenario = s,
            Settings = settings ?? (s is BigFileScenario ? new BigFileSettings() : ClosedLoop),
            Variants = variants ?? (s is BigFileScenario ? [SingleVariant.Instance] : [Size64]),
            MeasuredFeatures = transports.Select(FeaturesOf).ToList(),
            Address = IPAddress.Loopback,
            DurationSeconds = 1,
        };
    }

    private static TransportFeatures FeaturesOf(string transport)
    {
        var t = TransportCatalog.Find(transport)!.Create(OptionValues.Empty);
        try { return t.Capabilities.Features; }
        finally { t.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
    }

    private static async Task<List<AnchorResult>> Run(IAnchor anchor, AnchorContext context)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var results = new List<AnchorResult>();
        await foreach (var r in anchor.RunAsync(context, cts.Token)) results.Add(r);
        return results;
    }

    private static void AssertInstalled(string tool)
        => Assert.True(ExecutablePath.Find(tool) is not null, $"{tool} is not installed: scripts/bootstrap.sh test installs it (Debian package {tool})");

    [Fact]
    public async Task Iperf3_measures_loopback_goodput_with_its_version_and_command()
    {
        AssertInstalled("iperf3");
        var r = Assert.Single(await Run(new Iperf3Anchor(), Context("bigfile", ["tcp", "ws"])));
        Assert.True(r.Status == TransportStatus.Ok, r.Error);
        Assert.Equal("iperf3 tcp", r.Label);
        Assert.Equal(AnchorFeatures.Tcp, r.ComparableFeatures);
        Assert.StartsWith("iperf 3.", r.ToolVersion);
        Assert.InRange(r.GoodputBitsPerSecond!.Value, 1e8, 1e12); // loopback moves far more than 100 Mbit/s
        Assert.Equal($"iperf3 -c 127.0.0.1 -p {r.Command.Split(' ')[4]} -t 1 -J", r.Command);
    }

    [Fact]
    public async Task Sockperf_measures_rtt_for_each_measured_protocol_and_message_size()
    {
        AssertInstalled("sockperf");
        var results = await Run(new SockperfAnchor(), Context("pingpong", ["tcp", "udp", "ws"],
            variants: [Size64, new MessageVariant(1024)]));
        Assert.Equal(["sockperf tcp 64 B", "sockperf tcp 1024 B", "sockperf udp 64 B", "sockperf udp 1024 B"], results.Select(r => r.Label));
        foreach (var r in results)
        {
            Assert.True(r.Status == TransportStatus.Ok, $"{r.Label}: {r.Error}");
            var l = r.Latency!;
            Assert.True(l.Count > 100, $"{r.Label}: only {l.Count} round trips in 1 s");
            Assert.True(0 < l.MinMs && l.MinMs <= l.P50Ms && l.P50Ms <= l.P99Ms && l.P99Ms <= l.MaxMs, $"{r.Label}: {l}");
            Assert.Contains("--full-rtt", r.Command);
            Assert.StartsWith("sockperf, version 3.", r.ToolVersion);
        }
        Assert.Contains("--tcp", results[0].Command);
        Assert.DoesNotContain("--tcp", results[2].Command);
    }

    [Fact]
    public async Task A_missing_tool_is_skipped_naming_the_package()
    {
        var r = Assert.Single(await Run(new Iperf3Anchor("/no/such/iperf3"), Context("bigfile", ["tcp"])));
        Assert.Equal(TransportStatus.Skipped, r.Status);
        Assert.Equal("iperf3 is not installed (Debian package iperf3; ./run.sh installs it)", r.Error);
    }

    [Fact]
    public async Task A_tool_that_exits_before_its_server_is_ready_is_a_failed_anchor()
    {
        var r = Assert.Single(await Run(new Iperf3Anchor("/bin/false"), Context("bigfile", ["tcp"])));
        Assert.Equal(TransportStatus.Failed, r.Status);
        Assert.StartsWith("false -s -1 -B 127.0.0.1 -p ", r.Error);
        Assert.Contains("exited with code 1 before it was ready", r.Error);
    }

    [Fact]
    public async Task Message_sizes_sockperf_cannot_send_are_skipped_with_the_reason()
    {
        AssertInstalled("sockperf");
        var r = Assert.Single(await Run(new SockperfAnchor(), Context("pingpong", ["udp"], variants: [new MessageVariant(8)])));
        Assert.Equal(TransportStatus.Skipped, r.Status);
        Assert.Equal("sockperf sends 14..65507 B messages, not 8 B", r.Error);
    }

    [Fact]
    public async Task Anchors_that_do_not_apply_are_left_out_under_auto_and_reported_when_named()
    {
        var context = Context("pingpong", ["ws"]);
        var seen = new List<AnchorResult>();
        Assert.Empty(await AnchorRunner.RunAsync(AnchorCatalog.Parse("auto"), context, seen.Add, CancellationToken.None));
        var named = await AnchorRunner.RunAsync(AnchorCatalog.Parse("iperf3,sockperf"), context, seen.Add, CancellationToken.None);
        Assert.Equal(named, seen);
        Assert.All(named, r => Assert.Equal(TransportStatus.Skipped, r.Status));
        Assert.Equal(["iperf3 anchors the bigfile scenario only", "sockperf anchors plaintext tcp and udp, which this run did not measure"], named.Select(r => r.Error));
        Assert.Equal("sockperf ping-pong is closed loop; this run is open loop (-rate)",
            new SockperfAnchor().WhyNotApplicable(Context("pingpong", ["tcp"], ClosedLoop with { RateMessagesPerSecond = 1000 })));
    }

    [Fact]
    public void Anchors_match_capabilities_not_names_plain_tcp_and_udp_only()
    {
        // The catalog's tcp and udp are exactly the plain stream and plain datagrams the tools speak ...
        Assert.Equal(AnchorWorkloads.PlainReliableStream, FeaturesOf("tcp"));
        Assert.Equal(AnchorWorkloads.PlainDatagrams, FeaturesOf("udp"));
        // ... and no other transport is: encrypted, multiplexed or message-framed ones are not iperf3's or sockperf's like.
        Assert.Equal("iperf3 anchors a plaintext reliable byte stream (tcp), which this run did not measure",
            new Iperf3Anchor().WhyNotApplicable(Context("bigfile", ["ws", "grpc", "quic"])));
        Assert.Null(new Iperf3Anchor().WhyNotApplicable(Context("bigfile", ["ws", "tcp"])));
        Assert.Equal("sockperf anchors plaintext tcp and udp, which this run did not measure",
            new SockperfAnchor().WhyNotApplicable(Context("pingpong", ["quic-dgram", "ws"])));
        Assert.Equal("sockperf anchors the pingpong scenario only", new SockperfAnchor().WhyNotApplicable(Context("datagrams", ["udp"])));
    }

    [Theory]
    [InlineData("none", new string[0])]
    [InlineData("", new string[0])]
    [InlineData("auto", new[] { "iperf3", "sockperf", "h2load" })]
    [InlineData("SOCKPERF, iperf3,sockperf", new[] { "sockperf", "iperf3" })]
    public void The_anchors_option_parses_none_auto_and_lists(string text, string[] names)
        => Assert.Equal(names, AnchorCatalog.Parse(text).Anchors.Select(a => a.Name));

    [Fact]
    public void An_unknown_anchor_names_the_valid_ones()
    {
        var e = Assert.Throws<ArgumentException>(() => AnchorCatalog.Parse("iperf3,netperf"));
        Assert.Equal("unknown anchor 'netperf'; valid anchors: none, auto, iperf3, sockperf, h2load", e.Message);
    }
}
