using Transports.Abstractions;
using Transports.Harness.Catalog;
using Transports.Results;
using Transports.Scenarios.BigFile;
using Transports.Scenarios.Core;
using Transports.Tests.Scenarios.Fakes;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.BigFile;

/// <summary>Inputs that cannot be streamed are refused in one line; corruption is a failure; dead runs' files are cleaned up.</summary>
public sealed class InputFaultTests
{
    [Fact]
    public async Task A_fifo_or_a_device_as_file_is_refused_at_once_with_exit_code_2()
    {
        using var dir = new TempDirectory();
        var fifo = Path.Combine(dir.Path, "pipe");
        await Shell.RunAsync("mkfifo", fifo);
        foreach (var (path, kind) in new[] { (fifo, "a FIFO"), ("/dev/zero", "a character device") })
        {
            var started = DateTime.UtcNow;
            var r = await HarnessProcess.RunAsync(["bigfile", "-transports", "tcp", "-file", path], Path.Combine(dir.Path, "results"), TimeSpan.FromSeconds(60));
            Assert.Equal(2, r.ExitCode);
            Assert.Equal($"error: -file {path}: is {kind}, not a regular file (bigfile streams a file of known length)", r.StdErr.Trim());
            Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30), "refused at once, not after hashing or blocking");
        }
        Assert.Null(FileKind.NotRegular(typeof(InputFaultTests).Assembly.Location));
        Assert.Equal("a folder", FileKind.NotRegular(dir.Path));
    }

    [Fact]
    public async Task Every_datagram_arriving_with_the_file_different_is_a_failed_integrity_check_not_ok()
    {
        using var dir = new TempDirectory();
        Environment.SetEnvironmentVariable("TRANSPORTS_CACHE", TempDirectory.Cache);
        await using var transport = new ImpairedDatagramTransport(new Impairment(CorruptEvery: 7));
        var scenario = new BigFileScenario();
        var plan = await scenario.PrepareAsync(new OptionValues(new Dictionary<string, string>
            { ["size"] = "200K", ["sink"] = "file", ["sink-dir"] = dir.Path, ["rate"] = "0" }), CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var context = new ScenarioContext { Transport = transport, ListenEndPoint = new(System.Net.IPAddress.Loopback, 0), Plan = plan, Variant = plan.Variants[0] };
        var e = await Assert.ThrowsAsync<IntegrityException>(() => scenario.RunAsync(context, timeout.Token));
        Assert.StartsWith("integrity check failed: every datagram arrived but the reassembled file differs (xxh128 ", e.Message);

        // The same transfer without corruption is ok: the check is not failing by construction.
        await using var clean = new ImpairedDatagramTransport(new Impairment());
        var m = await scenario.RunAsync(new ScenarioContext { Transport = clean, ListenEndPoint = new(System.Net.IPAddress.Loopback, 0), Plan = plan, Variant = plan.Variants[0] }, timeout.Token);
        Assert.True(m.Integrity!.Verified, m.Integrity.Detail);
    }

    [Fact]
    public async Task Files_a_killed_run_left_behind_are_removed_and_a_live_runs_are_kept()
    {
        using var dir = new TempDirectory();
        int dead = 4_000_000; // above pid_max's default (4194304 is the 64-bit maximum; no such process here)
        while (Directory.Exists($"/proc/{dead}")) dead++;
        int live = Environment.ProcessId;
        string[] leftovers = [$"received-tcp-{dead}-{Guid.NewGuid():N}.bin", $"testfile-1024.bin.{dead}.tmp"];
        string[] kept = [$"received-tcp-{live}-{Guid.NewGuid():N}.bin", $"testfile-1024.bin.{live}.tmp", "received-notes.txt", $"testfile-1024.bin"];
        foreach (var name in leftovers.Concat(kept)) await File.WriteAllBytesAsync(Path.Combine(dir.Path, name), [1, 2, 3]);

        Assert.Equal(2, LeftoverFiles.Clean(dir.Path));
        Assert.All(leftovers, name => Assert.False(File.Exists(Path.Combine(dir.Path, name)), name));
        Assert.All(kept, name => Assert.True(File.Exists(Path.Combine(dir.Path, name)), name));

        // A bigfile run cleans its sink folder before it starts.
        var again = Path.Combine(dir.Path, leftovers[0]);
        await File.WriteAllBytesAsync(again, [1]);
        await RunnerHarness.RunAsync("bigfile", [TransportCatalog.Find("tcp")!], Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["size"] = "64K", ["sink-dir"] = dir.Path });
        Assert.False(File.Exists(again));
    }
}
