using Transports.Harness.Remote;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Remote;

/// <summary>-server, -token and -token-file on a scenario command: bad input is one line before anything runs; an agent
/// that is not there is one line and exit 1, with no run folder; the path probe reads <c>ip route get</c>.</summary>
public sealed class RemoteCliTests
{
    [Fact]
    public async Task A_token_without_a_server_is_a_usage_error()
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["pingpong", "-transports", "tcp", "-token", "0123456789abcdef0123", "-no-progress"], dir.Path);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: -token and -token-file go with -server HOST[:PORT]", r.StdErr.Trim());
    }

    [Fact]
    public async Task A_bad_server_port_is_a_usage_error()
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["pingpong", "-transports", "tcp", "-server", "localhost:70000", "-no-progress"], dir.Path);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: --server: 'localhost:70000' is not HOST[:PORT] with a port 1..65535", r.StdErr.Trim());
    }

    [Fact]
    public async Task An_agent_that_is_not_there_is_one_line_exit_1_and_no_run_folder()
    {
        using var dir = new TempDirectory();
        var results = Path.Combine(dir.Path, "results");
        // port 1 on loopback: nothing listens there (connection refused at once)
        var r = await HarnessProcess.RunAsync(["pingpong", "-transports", "tcp", "-server", "127.0.0.1:1", "-token", "0123456789abcdef0123", "-no-progress", "-no-charts"], results);
        Assert.Equal(1, r.ExitCode);
        var line = r.StdErr.Trim();
        Assert.StartsWith("error: agent 127.0.0.1:1: ", line);
        Assert.DoesNotContain('\n', line);
        Assert.Empty(Directory.Exists(results) ? Directory.GetFiles(results, "results.json", SearchOption.AllDirectories) : []);
    }

    [Theory]
    [InlineData("10.213.0.1 dev veth0 src 10.213.0.2 uid 0 \n    cache \n", "veth0")]
    [InlineData("local 127.0.0.1 dev lo table local src 127.0.0.1 uid 0\n    cache <local>\n", "lo")]
    [InlineData("RTNETLINK answers: Network is unreachable\n", null)]
    [InlineData("", null)]
    public void The_path_probe_reads_the_device_of_ip_route_get(string output, string? device)
        => Assert.Equal(device, PathProbe.DeviceOf(output));
}
