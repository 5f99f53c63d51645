using Transports.Harness.Running;
using Transports.Harness.Catalog;
using Transports.Results;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.BigFile;

/// <summary>A failing or hanging transport is reported with a clear error and never costs the others their results.</summary>
public sealed class FaultIsolationTests
{
    [Fact]
    public async Task Peer_that_disconnects_mid_transfer_fails_that_transport_only()
    {
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("bigfile", [FaultyTransportFactory.DisconnectsAfter(1 << 20), TransportCatalog.Find("tcp")!],
            Path.Combine(dir.Path, "results"), new Dictionary<string, string> { ["size"] = "16M", ["sink"] = "null" });

        Assert.Equal(1, outcome.ExitCode);
        var dropped = outcome.Document.Transports[0];
        Assert.Equal(TransportStatus.Failed, dropped.Status);
        Assert.Matches("connection reset|dropped the connection", dropped.Error!);
        Assert.Equal(TransportStatus.Ok, outcome.Document.Transports[1].Status);
        var onDisk = ResultsJson.Load(outcome.RunDirectory);
        Assert.False(onDisk.Run.Complete);
        Assert.Contains("drops", onDisk.Run.IncompleteReason);
        Assert.Equal(2, onDisk.Transports.Count);
    }

    [Fact]
    public async Task Hanging_transport_is_stopped_by_the_stall_detector_and_the_next_one_runs()
    {
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("bigfile", [FaultyTransportFactory.Hangs(), TransportCatalog.Find("tcp")!],
            Path.Combine(dir.Path, "results"), new Dictionary<string, string> { ["size"] = "64M", ["sink"] = "null" },
            stallTimeout: TimeSpan.FromSeconds(1));

        var hung = outcome.Document.Transports[0];
        Assert.Equal(TransportStatus.Failed, hung.Status);
        Assert.StartsWith("stalled: no progress for 1 s", hung.Error);
        Assert.Equal(TransportStatus.Ok, outcome.Document.Transports[1].Status);
        Assert.Equal(1, outcome.ExitCode);
    }

    [Fact]
    public async Task Timeout_stops_a_slow_transport()
    {
        using var dir = new TempDirectory();
        // A 1 Mbit/s paced udp transfer of 8 MiB would take over a minute: the 2 s timeout must stop it.
        var outcome = await RunnerHarness.RunAsync("bigfile", [TransportCatalog.Find("udp")!], Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["size"] = "8M", ["rate"] = "1" }, timeout: TimeSpan.FromSeconds(2));
        var r = Assert.Single(outcome.Document.Transports);
        Assert.Equal(TransportStatus.Failed, r.Status);
        Assert.StartsWith("timed out after 2 s", r.Error);
    }

    [SkippableFact]
    public async Task Full_disk_while_receiving_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        var mount = Path.Combine(dir.Path, "tiny");
        Directory.CreateDirectory(mount);
        var mounted = await Shell.RunAsync("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mount);
        Skip.If(mounted != 0, "cannot mount a 1 MiB tmpfs here (needs root) to simulate a full disk");
        try
        {
            var outcome = await RunnerHarness.RunAsync("bigfile", [TransportCatalog.Find("tcp")!], Path.Combine(dir.Path, "results"),
                new Dictionary<string, string> { ["size"] = "8M", ["sink-dir"] = mount });
            var r = Assert.Single(outcome.Document.Transports);
            Assert.Equal(TransportStatus.Failed, r.Status);
            Assert.Matches("No space left on device|disk was full", r.Error!);
            Assert.Equal(1, outcome.ExitCode);
        }
        finally
        {
            await Shell.RunAsync("umount", mount);
        }
    }

    [Fact]
    public async Task A_run_whose_only_transport_was_skipped_measured_nothing_and_says_so_with_exit_3()
    {
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("bigfile", [new UnavailableTransportFactory("nowhere", "libnowhere is not installed")],
            Path.Combine(dir.Path, "results"), new Dictionary<string, string> { ["size"] = "1M" });
        Assert.Equal(Runner.NothingMeasured, outcome.ExitCode);
        Assert.Equal(3, Runner.NothingMeasured);
        var skipped = Assert.Single(outcome.Document.Transports);
        Assert.Equal((TransportStatus.Skipped, "libnowhere is not installed"), (skipped.Status, skipped.Error));

        // One skipped beside one measured is an ordinary run: exit 0.
        var mixed = await RunnerHarness.RunAsync("bigfile", [new UnavailableTransportFactory("nowhere", "libnowhere is not installed"), TransportCatalog.Find("tcp")!],
            Path.Combine(dir.Path, "results"), new Dictionary<string, string> { ["size"] = "1M" });
        Assert.Equal(0, mixed.ExitCode);
        Assert.True(mixed.Document.Run.Complete);
    }
}
