using System.Net;
using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Results;
using Transports.Scenarios.BigFile;
using Transports.Scenarios.Core;
using Transports.Tests.Scenarios;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.BigFile;

/// <summary>
/// bigfile's client role against a server side that behaves like a two-host agent (<see cref="DetachedServerSide"/>:
/// the plan read back from the client's parameters and prepared on "its host", its own progress, a clock an hour ahead):
/// every byte is still verified by whichever side receives, server timestamps are converted, and progress moves.
/// </summary>
public sealed class DetachedServerTests
{
    private static readonly long HourTicks = MonotonicClock.SecondsToTicks(3600);

    public static TheoryData<string, string> Cases() => new()
    {
        { "tcp", "upload" }, { "tcp", "download" }, { "udp", "upload" }, { "udp", "download" },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task A_detached_server_side_serves_both_directions_verified_with_its_timestamps_on_the_clients_clock(string name, string direction)
    {
        Environment.SetEnvironmentVariable("TRANSPORTS_CACHE", TempDirectory.Cache);
        using var dir = new TempDirectory();
        await using var transport = ScenarioHarness.CreateTransport(name);
        var scenario = new BigFileScenario();
        long size = (2 << 20) + 17; // not a multiple of any chunk or datagram size
        var plan = await scenario.PrepareAsync(new OptionValues(new Dictionary<string, string>
            { ["size"] = size.ToString(), ["direction"] = direction, ["rate"] = "200", ["sink-dir"] = dir.Path }), CancellationToken.None);
        var server = new DetachedServerSide(HourTicks);
        var progress = new TransferProgress();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var m = await scenario.RunAsync(new ScenarioContext
        {
            Transport = transport, ListenEndPoint = new(IPAddress.Loopback, 0), Plan = plan, Variant = plan.Variants[0],
            Progress = progress, Server = server,
        }, timeout.Token);

        var t = m.Throughput!;
        Assert.Equal(size, t.BytesSent);
        if (transport.Capabilities.IsReliable)
        {
            Assert.Equal(size, t.BytesDelivered);
            Assert.True(m.Integrity!.Verified);
            Assert.Equal(((BigFileSettings)plan.Settings).Hash, m.Integrity.ActualHash);
        }
        else
        {
            var d = m.Delivery!;
            Assert.Equal(d.Sent, d.Received + d.Lost);
            Assert.True(d.Received > 0, "nothing arrived over loopback at 200 Mbit/s");
            Assert.Equal(d.Lost == 0, m.Integrity!.Verified);
            if (d.Lost == 0) Assert.Equal((size, ((BigFileSettings)plan.Settings).Hash), (t.BytesDelivered, m.Integrity.ActualHash));
        }
        // The server's clock is an hour ahead: a timestamp left unconverted would be an hour off.
        Assert.InRange(t.TimeToFirstByteMs, 0.001, 10_000);
        Assert.InRange(t.TransferDurationMs, 0.001, 30_000);
        Assert.InRange(t.TotalDurationMs, t.TimeToFirstByteMs, 60_000);
        Assert.True(t.GoodputBitsPerSecond > 0);
        Assert.NotEmpty(m.Timeline!);
        Assert.All(m.Timeline!, p => Assert.InRange(p.ElapsedMs, 0, 60_000));
        Assert.Equal(t.BytesDelivered, m.Timeline![^1].BytesDelivered); // delivered bytes, not sent ones
        // The client sees movement either way: what it sent to a server out of sight, or what it received.
        Assert.Equal(direction == "upload" ? size : t.BytesDelivered, progress.CompletedUnits);
        Assert.Equal(direction == "upload" ? t.BytesDelivered : 0, server.Progress.CompletedUnits);
        Assert.Empty(Directory.GetFiles(dir.Path, "received-*"));
    }

    [Fact]
    public async Task A_warmup_download_from_a_detached_server_moves_the_warmup_size()
    {
        Environment.SetEnvironmentVariable("TRANSPORTS_CACHE", TempDirectory.Cache);
        await using var transport = ScenarioHarness.CreateTransport("tcp");
        var scenario = new BigFileScenario();
        var plan = await scenario.PrepareAsync(new OptionValues(new Dictionary<string, string>
            { ["size"] = "3M", ["warmup-size"] = "1M", ["direction"] = "download", ["sink"] = "null" }), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var m = await scenario.RunAsync(new ScenarioContext
        {
            Transport = transport, ListenEndPoint = new(IPAddress.Loopback, 0), Plan = plan, Variant = plan.Variants[0],
            IsWarmup = true, Server = new DetachedServerSide(-HourTicks),
        }, timeout.Token);

        Assert.Equal((1L << 20, 1L << 20), (m.Throughput!.BytesSent, m.Throughput.BytesDelivered));
        Assert.True(m.Integrity!.Verified);
    }

    [Fact]
    public async Task Serving_a_download_needs_this_hosts_copy_of_the_file_with_the_clients_digest()
    {
        Environment.SetEnvironmentVariable("TRANSPORTS_CACHE", TempDirectory.Cache);
        using var dir = new TempDirectory();
        var path = Path.Combine(dir.Path, "input.bin");
        var bytes = Payloads.Random(64 << 10, 5);
        await File.WriteAllBytesAsync(path, bytes);
        var scenario = new BigFileScenario();
        var plan = await scenario.PrepareAsync(new OptionValues(new Dictionary<string, string> { ["file"] = path, ["direction"] = "download" }), CancellationToken.None);

        // The same file: served as it is.
        var same = await scenario.PrepareServerAsync(scenario.ReadPlan(plan.Parameters), CancellationToken.None);
        Assert.Equal(path, ((BigFileSettings)same.Settings).File);

        // Same length, one byte different: refused, naming the file.
        bytes[1000] ^= 1;
        await File.WriteAllBytesAsync(path, bytes);
        var differs = await Assert.ThrowsAsync<ScenarioSetupException>(() => scenario.PrepareServerAsync(scenario.ReadPlan(plan.Parameters), CancellationToken.None));
        Assert.StartsWith($"-file {path}: this host's copy differs from the client's (65536 bytes, sha256 ", differs.Message);

        // Missing: refused, naming the file.
        File.Delete(path);
        var missing = await Assert.ThrowsAsync<ScenarioSetupException>(() => scenario.PrepareServerAsync(scenario.ReadPlan(plan.Parameters), CancellationToken.None));
        Assert.Equal($"-file {path}: no such file on this host: the agent's copy is missing or unusable, and the server side needs the client's file at the same path", missing.Message);

        // An upload's server needs no input (file sink): it only gets this host's sink folder.
        var upload = await scenario.PrepareAsync(new OptionValues(new Dictionary<string, string> { ["size"] = "64K" }), CancellationToken.None);
        var served = (BigFileSettings)(await scenario.PrepareServerAsync(scenario.ReadPlan(upload.Parameters), CancellationToken.None)).Settings;
        Assert.Equal("", served.File);
        Assert.True(Directory.Exists(served.SinkDir), served.SinkDir);
    }

    [Fact]
    public async Task Serving_a_generated_file_download_makes_the_same_test_file_here()
    {
        Environment.SetEnvironmentVariable("TRANSPORTS_CACHE", TempDirectory.Cache);
        var scenario = new BigFileScenario();
        var plan = await scenario.PrepareAsync(new OptionValues(new Dictionary<string, string> { ["size"] = "100K", ["direction"] = "download" }), CancellationToken.None);
        var served = (BigFileSettings)(await scenario.PrepareServerAsync(scenario.ReadPlan(plan.Parameters), CancellationToken.None)).Settings;
        var client = (BigFileSettings)plan.Settings;
        Assert.Equal((client.Hash, client.SizeBytes, true), (served.Hash, served.SizeBytes, served.FileGenerated));
        Assert.Equal(client.Hash, await ContentHash.OfFileAsync(served.File, served.HashMethod, CancellationToken.None));
    }
}
