using System.Net;
using System.Net.Sockets;
using Transports.Harness.Catalog;
using Transports.Results;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Cli;

/// <summary>The real CLI process: bad input gives one clear line and exit code 2; faults give results and a non-zero code.</summary>
public sealed class CliTests
{
    private static async Task<HarnessProcess.Result> Run(TempDirectory dir, params string[] args)
        => await HarnessProcess.RunAsync(args, Path.Combine(dir.Path, "results"));

    [Fact]
    public async Task Unknown_scenario_lists_the_valid_names_with_exit_code_2()
    {
        using var dir = new TempDirectory();
        var r = await Run(dir, "-scenario", "nope");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: unknown scenario 'nope'; valid scenarios: {ScenarioCatalog.Names}", r.StdErr.Trim());
        Assert.DoesNotContain("   at ", r.StdErr); // no stack trace
    }

    [Fact]
    public async Task Unknown_transport_lists_the_valid_names_with_exit_code_2()
    {
        using var dir = new TempDirectory();
        var r = await Run(dir, "-scenario", "bigfile", "-transports", "tcp,carrier-pigeon");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"error: unknown transport 'carrier-pigeon'; valid transports: {TransportCatalog.Names}", r.StdErr.Trim());
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "results")), "bad input must not start a run");
    }

    [Theory]
    [InlineData("-size", "lots", "--size: 'lots' is not a number (bytes)")]
    [InlineData("-sink", "disk", "--sink: 'disk' is not one of: file, null")]
    [InlineData("-tcp-nodelay", "maybe", "--tcp-nodelay: 'maybe' is not a boolean")]
    [InlineData("-udp-datagram-size", "70000", "--udp-datagram-size: 70000 is out of range [1, 65507]")]
    [InlineData("-repeat", "0", "--repeat must be at least 1")]
    [InlineData("-connections", "0", "--connections: 0 is out of range [1, 64]")]
    [InlineData("-connections", "65", "--connections: 65 is out of range [1, 64]")]
    [InlineData("-port", "70000", "--port: 70000 is out of range")]
    [InlineData("-bogus", "1", "Unrecognized command or argument '-bogus'")]
    public async Task Invalid_values_are_one_clear_error_with_exit_code_2(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        var r = await Run(dir, "-scenario", "bigfile", "-transports", "tcp", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Theory]
    [InlineData("17", "--under-load: 17 is out of range [0, 16]")]
    [InlineData("-1", "--under-load")]
    public async Task Invalid_under_load_is_one_clear_error_with_exit_code_2(string value, string message)
    {
        using var dir = new TempDirectory();
        var r = await Run(dir, "pingpong", "-transports", "tcp", "-under-load", value);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }

    [Fact]
    public async Task Under_load_bounded_by_count_is_one_clear_error_with_exit_code_2()
    {
        using var dir = new TempDirectory();
        var r = await Run(dir, "pingpong", "-transports", "tcp", "-under-load", "2", "-count", "1000");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--under-load: the idle and loaded phases split -duration", r.StdErr);
        Assert.Single(r.StdErr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Missing_input_file_is_a_clear_error()
    {
        using var dir = new TempDirectory();
        var r = await Run(dir, "-scenario", "bigfile", "-transports", "tcp", "-file", "/no/such/file.bin");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: -file /no/such/file.bin: no such file", r.StdErr.Trim());
    }

    [Fact]
    public async Task Help_documents_every_option_with_units_and_both_spellings()
    {
        using var dir = new TempDirectory();
        var root = await Run(dir, "--help");
        Assert.Equal(0, root.ExitCode);
        Assert.Contains("Every option is accepted as --name or -name", root.StdOut);
        foreach (var scenario in ScenarioCatalog.All) Assert.Contains(scenario.Name, root.StdOut); // one command each
        foreach (var scenario in ScenarioCatalog.All)
        {
            // Each scenario's command lists its own options, the run options and every transport's, with units.
            var r = await Run(dir, scenario.Name, "--help");
            Assert.Equal(0, r.ExitCode);
            foreach (var option in TransportCatalog.All.SelectMany(t => t.Options).Concat(scenario.Options))
            {
                Assert.Contains($"-{option.Name}", r.StdOut);
                if (option.Unit is not null) Assert.Contains(option.Unit, r.StdOut);
            }
            Assert.Contains("-timeout", r.StdOut);
            Assert.Contains("(unit: s)", r.StdOut);
        }
        // The card's form reaches the same help.
        var legacy = await Run(dir, "-scenario", "pingpong", "--help");
        Assert.Contains("-message-size", legacy.StdOut);
        Assert.Contains("msg/s", legacy.StdOut);
        Assert.DoesNotContain("Mbit/s", legacy.StdOut); // -rate means msg/s here, and only that
    }

    [Fact]
    public async Task Port_in_use_fails_the_tcp_transports_clearly_and_the_others_still_run()
    {
        using var dir = new TempDirectory();
        using var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        blocker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        blocker.Listen();
        int port = ((IPEndPoint)blocker.LocalEndPoint!).Port;

        var r = await Run(dir, "-scenario", "bigfile", "-transports", "tcp,udp,ws", "-size", "1M", "-rate", "100", "-port", port.ToString(), "-warmup", "0");
        Assert.Equal(1, r.ExitCode);
        var run = Directory.GetDirectories(Path.Combine(dir.Path, "results")).Single();
        var doc = ResultsJson.Load(run);
        Assert.False(doc.Run.Complete);
        var tcp = doc.Transports.Single(t => t.Transport == "tcp");
        Assert.Equal(TransportStatus.Failed, tcp.Status);
        Assert.Contains("address already in use", tcp.Error);
        Assert.Equal(TransportStatus.Failed, doc.Transports.Single(t => t.Transport == "ws").Status);
        Assert.Equal(TransportStatus.Ok, doc.Transports.Single(t => t.Transport == "udp").Status); // UDP port space is separate
        Assert.Contains("tcp failed: ", r.StdOut);
    }

    /// <summary>
    /// SIGTERM goes through the same handler as Ctrl-C (SIGINT). The test sends SIGTERM because a process started
    /// from a background job of a shell without job control inherits SIGINT as ignored (POSIX), as CI may do.
    /// </summary>
    [Fact]
    public async Task Ctrl_c_or_sigterm_stops_the_run_and_leaves_valid_results_marked_incomplete()
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["-scenario", "bigfile", "-transports", "udp,tcp", "-size", "64M", "-rate", "20", "-warmup", "0"],
            Path.Combine(dir.Path, "results"), TimeSpan.FromSeconds(90), async process =>
            {
                // Wait until the run has started transferring (results.json exists), then send SIGINT.
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while (DateTime.UtcNow < deadline && !Directory.EnumerateFiles(dir.Path, "results.json", SearchOption.AllDirectories).Any())
                    await Task.Delay(100);
                await Task.Delay(1500);
                await Shell.RunAsync("kill", "-TERM", process.Id.ToString());
            });
        Assert.True(r.ExitCode == 130, $"exit {r.ExitCode}: {r.StdErr}");
        var run = Directory.GetDirectories(Path.Combine(dir.Path, "results")).Single();
        var doc = ResultsJson.Load(run);
        Assert.False(doc.Run.Complete);
        Assert.Equal("interrupted (Ctrl-C or SIGTERM)", doc.Run.IncompleteReason);
        var udp = Assert.Single(doc.Transports); // tcp never started
        Assert.Equal(TransportStatus.Incomplete, udp.Status);
        Assert.True(File.Exists(Path.Combine(run, "summary.md")));
    }

    [Fact]
    public async Task A_variant_that_does_not_fit_a_transport_is_not_applicable_not_a_failure()
    {
        using var dir = new TempDirectory();
        var r = await Run(dir, "-scenario", "pingpong", "-transports", "udp,tcp", "-message-size", "64,4096", "-duration", "300ms",
            "-message-warmup", "0", "-warmup", "0", "-no-progress", "-no-charts");
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}");
        var doc = ResultsJson.Load(Directory.GetDirectories(Path.Combine(dir.Path, "results")).Single());
        Assert.True(doc.Run.Complete, doc.Run.IncompleteReason);
        Assert.Equal(["udp 64 B", "udp 4096 B", "tcp 64 B", "tcp 4096 B"], doc.Transports.Select(t => t.Label));
        var udp4096 = doc.Transports[1];
        Assert.Equal(TransportStatus.NotApplicable, udp4096.Status);
        Assert.Equal("message-size 4096 B exceeds the transport's maximum message size of 1472 B", udp4096.Error);
        Assert.All(doc.Transports.Where(t => t != udp4096), t => Assert.Equal(TransportStatus.Ok, t.Status));
        Assert.Equal(4096, doc.Transports[3].Parameters["message_size_bytes"]!.GetValue<int>()); // typed JSON
        Assert.Contains("udp 4096 B not applicable: message-size 4096 B exceeds", r.StdOut);
        Assert.DoesNotContain("failed", r.StdOut);
    }

    [Fact]
    public async Task A_run_that_measured_nothing_exits_non_zero_saying_so()
    {
        using var dir = new TempDirectory();
        var r = await Run(dir, "datagrams", "-transports", "udp", "-message-size", "4096", "-duration", "1", "-no-progress", "-no-charts");
        Assert.Equal(3, r.ExitCode);
        Assert.Contains("error: nothing was measured: every requested transport was skipped or not applicable", r.StdErr);
        var doc = ResultsJson.Load(Directory.GetDirectories(Path.Combine(dir.Path, "results")).Single());
        Assert.Equal(TransportStatus.NotApplicable, Assert.Single(doc.Transports).Status);
    }

    [Theory]
    [InlineData("-results-dir", "/proc/transports-cannot-write-here", "error: --results-dir: cannot write run folders in /proc/transports-cannot-write-here")]
    [InlineData("-address", "192.0.2.7", "error: --address: 192.0.2.7 is not an address of this machine")]
    [InlineData("-timeout", "3x", "error: --timeout: '3x' is not a duration")]
    public async Task Environment_problems_are_bad_input_before_anything_runs(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        var r = await Run(dir, "bigfile", "-transports", "tcp", option, value);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith(message, r.StdErr.Trim());
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "results")), "bad input must not start a run");
    }
}
