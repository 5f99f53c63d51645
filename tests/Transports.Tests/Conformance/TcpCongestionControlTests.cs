using System.Net;
using Transports.Abstractions;
using Transports.Measure.Processes;
using Transports.Tcp;
using Xunit;

namespace Transports.Tests.Conformance;

/// <summary>
/// <c>-tcp-cc</c>: both ends of a tcp connection run the chosen congestion controller (checked with ss, the kernel's own
/// view: the client socket, and the accepted one, which inherits the listener's), the run records it, and a controller
/// the kernel does not offer is one line naming the ones it does.
/// </summary>
public sealed class TcpCongestionControlTests
{
    [SkippableFact]
    public async Task Both_ends_run_the_chosen_congestion_controller_and_the_choice_is_recorded()
    {
        Skip.IfNot(CongestionControl.Available.Contains("reno") && ExecutablePath.Find("ss") is not null, "needs Linux's reno and ss (iproute2)");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var factory = new TcpTransportFactory();
        await using var transport = factory.Create(new OptionValues(new Dictionary<string, string> { ["tcp-cc"] = "reno" }));
        Assert.Equal("reno", transport.Settings["congestion_control"]);
        await using var listener = await transport.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), timeout.Token);
        var accept = listener.AcceptAsync(timeout.Token).AsTask();
        await using var client = await transport.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), timeout.Token);
        await using var server = await accept;
        int port = listener.LocalEndPoint.Port;
        await using var ss = ExternalProcess.Start("ss", ["-tinH", "state", "established", $"( sport = :{port} or dport = :{port} )"]);
        Assert.Equal(0, await ss.WaitForExitAsync(TimeSpan.FromSeconds(10), timeout.Token));
        // ss prints each socket on one line and its TCP info (which names the controller) on the next
        var info = ss.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("rtt:")).ToList();
        Assert.Equal(2, info.Count);
        Assert.All(info, l => Assert.Contains(" reno ", " " + l.Trim() + " "));

        var defaults = factory.Create(new OptionValues(new Dictionary<string, string>()));
        Assert.Equal($"{CongestionControl.SystemDefault} (system default)", defaults.Settings["congestion_control"]);
    }

    [Fact]
    public void A_controller_the_kernel_does_not_offer_is_one_line_naming_the_ones_it_does()
    {
        var e = Assert.Throws<OptionException>(() => new TcpTransportFactory().Create(new OptionValues(new Dictionary<string, string> { ["tcp-cc"] = "warp-drive" })));
        Assert.StartsWith("--tcp-cc: 'warp-drive' is not available here (available: ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
