using System.Globalization;
using System.Text.Json;
using Transports.Measure.Processes;
using Transports.Paths;
using Transports.Paths.Emulation;
using Transports.Paths.Namespaces;

namespace Transports.Benchmarks.Emulator;

/// <summary>
/// One iperf3 TCP bulk run across an emulated lossy link, measured for comparison with a response function
/// (<see cref="TcpResponseFunction"/>): goodput after the first <c>omit</c> seconds (iperf3 <c>-O</c>, so slow start is
/// left out), the loss rate the data direction actually saw over the same span (the emulator's random-loss count over
/// packets offered), TCP's retransmits, mean smoothed RTT, largest cwnd and smallest peer receive window (iperf3's
/// tcp_info per interval), and the MSS in use; plus the emulator's own error (kernel drops, queue drops, late packets).
/// Reversed (iperf3 <c>-R</c>), the sender runs in the path's server namespace, whose own TCP counters (nstat) then count
/// the sender's loss recoveries and retransmission timeouts over the measured span; this process's namespace is shared
/// with the rest of the machine, so forward runs cannot.
/// </summary>
/// <param name="Link">The link spec as written.</param>
/// <param name="Congestion">The congestion control (iperf3 -C).</param>
/// <param name="GoodputBitsPerSecond">Receiver goodput over the measured span, bit/s.</param>
/// <param name="DataPackets">Packets the data direction offered over the measured span.</param>
/// <param name="DataLosses">Of them, lost at random.</param>
/// <param name="Retransmits">TCP retransmits over the measured span (iperf3).</param>
/// <param name="MeanRttSeconds">Mean of the per-interval smoothed RTT over the measured span, s.</param>
/// <param name="MaxCwndSegments">Largest cwnd seen at an interval's end, segments.</param>
/// <param name="MinPeerWindowBytes">Smallest peer receive window at an interval's end, bytes (0: not reported).</param>
/// <param name="MssBytes">The connection's MSS, bytes.</param>
/// <param name="Sender">The sender's TCP counters over the measured span (reversed runs only), or null.</param>
/// <param name="Anomalies">Packets lost to anything but the link's random loss (queue drops, kernel drops, egress refusals), plus packets the emulator sent more than 0.5 ms late, both directions.</param>
public sealed record LossyTcpModelRun(string Link, string Congestion, double GoodputBitsPerSecond, long DataPackets, long DataLosses,
    long Retransmits, double MeanRttSeconds, double MaxCwndSegments, long MinPeerWindowBytes, int MssBytes, SenderCounters? Sender, string Anomalies)
{
    /// <summary>The measured loss rate of the data direction.</summary>
    public double LossRate => DataPackets == 0 ? 0 : (double)DataLosses / DataPackets;

    /// <summary>The model's goodput for this run: Mathis for reno, max(CUBIC, Reno-friendly) for cubic, at the measured p and RTT, bit/s; NaN when no loss was seen.</summary>
    public double ModelBitsPerSecond
    {
        get
        {
            if (DataLosses == 0 || MeanRttSeconds <= 0) return double.NaN;
            double window = Congestion == "cubic"
                ? TcpResponseFunction.CubicModelWindowSegments(MeanRttSeconds, LossRate)
                : TcpResponseFunction.RenoWindowSegments(LossRate);
            return TcpResponseFunction.RateBitsPerSecond(window, MssBytes, MeanRttSeconds);
        }
    }

    /// <summary>Runs iperf3 once: <paramref name="seconds"/> measured after <paramref name="omitSeconds"/> left out.</summary>
    /// <param name="link">The link.</param>
    /// <param name="congestion">iperf3 -C.</param>
    /// <param name="seconds">Measured seconds.</param>
    /// <param name="omitSeconds">Seconds left out first.</param>
    /// <param name="seed">Seed of the link's random choices (distinct per run, so runs see independent loss patterns).</param>
    /// <param name="reverse">Data from the server namespace to here (iperf3 -R), with the sender's counters.</param>
    /// <exception cref="PathSetupException">The path could not be built.</exception>
    /// <exception cref="InvalidOperationException">iperf3 failed.</exception>
    public static async Task<LossyTcpModelRun> RunAsync(LinkSpec link, string congestion, int seconds, int omitSeconds, int seed, bool reverse = false)
    {
        await using var path = await EmulatedPath.CreateAsync(link, seed: seed);
        string server = path.ServerAddress.ToString();
        // Linux caches ssthresh per destination (tcp_metrics); a previous run's must not shorten this one's slow start.
        try { await IpCommand.RunAsync(["tcp_metrics", "delete", server]); } catch (PathSetupException) { /* none cached */ }
        // Reversed, the server's JSON (its tcp_info as sender) comes back through --get-server-output; it prints no
        // "listening" line then, so readiness is its socket in the namespace.
        var (ip, serverArguments) = path.ExecOnServer("iperf3", ["-s", "-1", "-B", server, .. reverse ? new[] { "-J" } : ["--forceflush"]]);
        await using var s = ExternalProcess.Start(ip, serverArguments);
        if (reverse) await WaitListeningAsync(path);
        else await s.WaitForLineAsync(l => l.Contains("Server listening"), TimeSpan.FromSeconds(10), CancellationToken.None);
        string[] client = ["-c", server, "-t", Invariant(seconds), "-O", Invariant(omitSeconds), "-J", "-C", congestion,
            .. reverse ? new[] { "-R", "--get-server-output" } : []];
        await using var c = ExternalProcess.Start("iperf3", client);
        await Task.Delay(TimeSpan.FromSeconds(omitSeconds));
        var (up0, down0) = path.Emulator.Report();
        var sender0 = reverse ? await SenderCounters.ReadAsync(path) : null;
        await c.WaitForExitAsync(TimeSpan.FromSeconds(seconds + omitSeconds + 30), CancellationToken.None);
        var (up1, down1) = path.Emulator.Report();
        var sender1 = reverse ? await SenderCounters.ReadAsync(path) : null;
        var (data0, data1) = reverse ? (down0, down1) : (up0, up1);
        var (kernelUp, kernelDown) = await path.KernelDropsAsync();

        using var json = JsonDocument.Parse(c.StandardOutput);
        var root = json.RootElement;
        if (root.TryGetProperty("error", out var error)) throw new InvalidOperationException($"iperf3: {error.GetString()}");
        int mss = root.GetProperty("start").TryGetProperty("tcp_mss_default", out var m) ? m.GetInt32() : 1448;
        long retransmits = 0;
        double rttSum = 0, maxCwnd = 0;
        int rttCount = 0;
        long minWindow = 0;
        var senderJson = reverse ? root.GetProperty("server_output_json") : root;
        foreach (var interval in senderJson.GetProperty("intervals").EnumerateArray())
        {
            var stream = interval.GetProperty("streams")[0];
            if (stream.TryGetProperty("omitted", out var omitted) && omitted.GetBoolean()) continue;
            retransmits += stream.GetProperty("retransmits").GetInt64();
            rttSum += stream.GetProperty("rtt").GetDouble() / 1e6;
            rttCount++;
            maxCwnd = Math.Max(maxCwnd, stream.GetProperty("snd_cwnd").GetDouble() / mss);
            if (stream.TryGetProperty("snd_wnd", out var w) && (minWindow == 0 || w.GetInt64() < minWindow)) minWindow = w.GetInt64();
        }
        double goodput = root.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble();
        long other = up1.QueueDrops + down1.QueueDrops + up1.EgressRefused + down1.EgressRefused + kernelUp + kernelDown;
        long late = up1.LatePackets + down1.LatePackets;
        string anomalies = $"whole run (slow start included): other drops {other}, late {late} (worst {Math.Max(up1.MaxLatenessMs, down1.MaxLatenessMs):0.0} ms)";
        return new LossyTcpModelRun(link.Text + (reverse ? " (reversed)" : ""), congestion, goodput, data1.Offered - data0.Offered,
            data1.RandomLoss - data0.RandomLoss, retransmits, rttCount == 0 ? 0 : rttSum / rttCount, maxCwnd, minWindow, mss,
            sender1 is null ? null : sender1 - sender0!, anomalies);
    }

    private static async Task WaitListeningAsync(EmulatedPath path)
    {
        for (int i = 0; i < 100; i++)
        {
            var (program, arguments) = path.ExecOnServer("ss", ["-Hltn", "sport", "= :5201"]);
            await using var ss = ExternalProcess.Start(program, arguments);
            await ss.WaitForExitAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            if (ss.StandardOutput.Contains(":5201", StringComparison.Ordinal)) return;
            await Task.Delay(100);
        }
        throw new InvalidOperationException("iperf3 server not listening after 10 s");
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
