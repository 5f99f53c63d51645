using Transports.Results;
using Transports.Results.Metrics;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Anchors;

/// <summary><c>-anchors</c> through the real CLI: the ratio lands in results.json and every view; a failing tool marks the run incomplete and loses nothing.</summary>
public sealed class AnchorCliTests
{
    private static readonly string[] PingpongTcp = ["-scenario", "pingpong", "-transports", "tcp", "-duration", "1", "-message-warmup", "100", "-no-progress", "-no-charts"];

    [Fact]
    public async Task Pingpong_with_anchors_auto_records_sockperf_and_the_ratio_in_every_view()
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync([.. PingpongTcp, "-anchors", "auto"], Path.Combine(dir.Path, "results"));
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}");
        var run = Directory.GetDirectories(Path.Combine(dir.Path, "results")).Single();
        var doc = ResultsJson.Load(run);
        Assert.True(doc.Run.Complete);
        var anchor = Assert.Single(doc.Anchors);
        Assert.True(anchor.Status == TransportStatus.Ok, anchor.Error);
        Assert.Equal(("sockperf", "sockperf tcp"), (anchor.Tool, anchor.Label));
        Assert.Equal(AnchorFeatures.Tcp, anchor.ComparableFeatures);
        Assert.Contains("-m 64 -t 1 --mps=max --full-rtt --tcp", anchor.Command);
        var p50 = AnchorComparisons.Compute(doc)[0];
        Assert.Equal(("tcp", "RTT p50"), (p50.TransportLabel, p50.Metric));
        Assert.Equal(doc.Transports[0].Summary!.Get(MetricCatalog.RttP50)!.Median * 1000 / (anchor.Latency!.P50Ms * 1000), p50.Ratio, 9);
        var ratio = p50.Ratio.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"= {ratio}× sockperf tcp", r.StdOut);
        var markdown = File.ReadAllText(Path.Combine(run, "summary.md"));
        Assert.Contains("## Anchors", markdown);
        Assert.Contains($"= {ratio}× sockperf tcp", markdown);
    }

    [Fact]
    public async Task A_failing_anchor_marks_the_run_incomplete_and_keeps_the_transport_results()
    {
        using var dir = new TempDirectory();
        var bin = Directory.CreateDirectory(Path.Combine(dir.Path, "bin")).FullName;
        var fake = Path.Combine(bin, "sockperf");
        File.WriteAllText(fake, "#!/bin/sh\necho 'sockperf: cannot bind' >&2\nexit 3\n");
        File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);
        var r = await HarnessProcess.RunAsync([.. PingpongTcp, "-anchors", "sockperf"], Path.Combine(dir.Path, "results"),
            environment: new Dictionary<string, string> { ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}" });
        Assert.True(r.ExitCode == 1, $"exit {r.ExitCode}: {r.StdErr}");
        var doc = ResultsJson.Load(Directory.GetDirectories(Path.Combine(dir.Path, "results")).Single());
        Assert.False(doc.Run.Complete);
        Assert.Equal("failed: anchor sockperf tcp", doc.Run.IncompleteReason);
        Assert.Equal(TransportStatus.Ok, Assert.Single(doc.Transports).Status);
        var anchor = Assert.Single(doc.Anchors);
        Assert.Equal(TransportStatus.Failed, anchor.Status);
        Assert.Contains("exited with code 3 before it was ready: sockperf: cannot bind", anchor.Error);
    }

    [Theory]
    [InlineData("-anchors", "netperf", "error: --anchors: unknown anchor 'netperf'; valid anchors: none, auto, iperf3, sockperf, h2load")]
    [InlineData("-anchor-duration", "0", "error: --anchor-duration must be > 0 and at most 3600 seconds, not 0")]
    public async Task Bad_anchor_options_are_one_clear_error_with_exit_code_2(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["-scenario", "pingpong", option, value], Path.Combine(dir.Path, "results"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(message, r.StdErr.Trim());
    }
}
