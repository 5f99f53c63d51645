using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Transports.Measure.Processes;
using Transports.Paths.Emulation;
using Transports.Paths.Namespaces;

namespace Transports.Benchmarks.Emulator;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Transports.Benchmarks -- emulator [-seconds S] [-rounds N] [-link SPEC] [-cc ALGO]</c>: the link
/// emulator's ceiling and cost on this machine. iperf3 (TCP, then UDP at 1400-byte datagrams, unlimited rate) runs from
/// namespace A to namespace B across a veth pair, and from this namespace across an emulated link that imposes nothing
/// to a server namespace, rounds alternated;
/// prints goodput, packets/s through the emulator, and this process's CPU (the emulator's threads) per round, then medians.
/// <c>-cc</c> picks iperf3's TCP congestion control (this machine defaults to bbr, which ignores random loss).
/// <c>-link</c> replaces the link that imposes nothing (e.g. to compare TCP over a lossy link with a model). Needs root and iperf3. A run whose link asks for more than this ceiling is limited by the emulator, not the transport.
/// </summary>
public static class EmulatorCeiling
{
    public static async Task<int> RunAsync(string[] args)
    {
        int seconds = 5, rounds = 3;
        string link = "delay=0ms";
        string? congestion = null;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "-seconds") seconds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            else if (args[i] == "-rounds") rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
            else if (args[i] == "-link") link = args[i + 1];
            else if (args[i] == "-cc") congestion = args[i + 1];
            else { Console.Error.WriteLine($"error: unknown option {args[i]} (-seconds S, -rounds N, -link SPEC, -cc ALGO)"); return 2; }
        }
        if (ExecutablePath.Find("iperf3") is null) { Console.Error.WriteLine("error: iperf3 not found (apt install iperf3)"); return 2; }
        var results = new List<(string Path, string Mode, double Gbps, double Kpps, double CpuPercent)>();
        for (int round = 1; round <= rounds; round++)
        {
            foreach (bool emulated in new[] { false, true })
            {
                foreach (bool udp in new[] { false, true })
                {
                    var r = await OneAsync(emulated, udp, seconds, link, congestion);
                    results.Add(r);
                    Console.WriteLine($"round {round}: {r.Path,-8} {r.Mode}: {r.Gbps * 1000:0.0} Mbit/s, {r.Kpps:0} kpps through the emulator, emulator CPU {r.CpuPercent:0}% of one core");
                }
            }
        }
        Console.WriteLine("medians:");
        foreach (var g in results.GroupBy(r => (r.Path, r.Mode)))
            Console.WriteLine($"  {g.Key.Path,-8} {g.Key.Mode}: {Median(g.Select(r => r.Gbps)) * 1000:0.0} Mbit/s, {Median(g.Select(r => r.Kpps)):0} kpps, CPU {Median(g.Select(r => r.CpuPercent)):0}%");
        return 0;
    }

    private static async Task<(string Path, string Mode, double Gbps, double Kpps, double CpuPercent)> OneAsync(bool emulated, bool udp, int seconds, string link, string? congestion)
    {
        // veth: client in namespace A, server in B; emulated: client here, server in the path's namespace
        await using var pair = emulated ? null : await NamespacePair.CreateAsync();
        await using var path = emulated ? await EmulatedPath.CreateAsync(LinkSpecParser.Parse(link)) : null;
        string serverAddress = (pair?.AddressB ?? path!.ServerAddress).ToString();
        var (ip, server) = pair?.Exec(inA: false, "iperf3", ServerArguments(serverAddress)) ?? path!.ExecOnServer("iperf3", ServerArguments(serverAddress));
        await using var s = ExternalProcess.Start(ip, server);
        await s.WaitForLineAsync(l => l.Contains("Server listening"), TimeSpan.FromSeconds(10), CancellationToken.None);
        string[] mode = udp ? ["-u", "-b", "0", "-l", "1400"] : congestion is null ? [] : ["-C", congestion];
        string[] clientArguments = ["-c", serverAddress, "-t", seconds.ToString(CultureInfo.InvariantCulture), "-J", .. mode];
        var (program, client) = pair?.Exec(inA: true, "iperf3", clientArguments) ?? ("iperf3", clientArguments);
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        await using var c = ExternalProcess.Start(program, client);
        await c.WaitForExitAsync(TimeSpan.FromSeconds(seconds + 30), CancellationToken.None);
        double cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds / wall.Elapsed.TotalSeconds * 100;
        using var json = JsonDocument.Parse(c.StandardOutput);
        if (json.RootElement.TryGetProperty("error", out var error)) Console.Error.WriteLine($"iperf3: {error.GetString()}");
        var end = json.RootElement.GetProperty("end");
        double bps = udp ? end.GetProperty("sum").GetProperty("bits_per_second").GetDouble() * (1 - end.GetProperty("sum").GetProperty("lost_percent").GetDouble() / 100)
                         : end.GetProperty("sum_received").GetProperty("bits_per_second").GetDouble();
        double kpps = 0;
        if (path?.Emulator is { } e)
        {
            var (up, down) = e.Report();
            kpps = (up.Offered + down.Offered) / wall.Elapsed.TotalSeconds / 1000;
        }
        return (emulated ? "emulated" : "veth", udp ? "udp" : "tcp", bps / 1e9, kpps, emulated ? cpu : 0);
    }

    private static string[] ServerArguments(string address) => ["-s", "-1", "-B", address, "--forceflush"];

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }
}
