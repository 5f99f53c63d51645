using System.Globalization;
using Transports.Measure.Processes;
using Transports.Paths;
using Transports.Paths.Emulation;
using Transports.Paths.Namespaces;

namespace Transports.Benchmarks.Emulator;

/// <summary>
/// <c>dotnet benchmarks/Transports.Benchmarks/bin/Release/net10.0/Transports.Benchmarks.dll tcp-model -links "SPEC;SPEC"
/// [-cc reno,cubic] [-seconds S] [-omit S] [-rounds N] [-parallel N] [-reverse true] [-seed N]</c>: TCP bulk goodput (iperf3) across emulated lossy
/// links against the response functions (<see cref="TcpResponseFunction"/>): reno against Mathis et al. (1997), cubic
/// against max(RFC 9438 §5, Reno-friendly), both at the loss rate and RTT each run actually saw (<see cref="LossyTcpModelRun"/>).
/// Every (link, controller) runs <c>rounds</c> times with a fresh path and seed (seed N + the run's index; N random
/// unless given, and printed, so a command repeated draws new loss patterns and a printed one can be replayed); up to <c>parallel</c> runs at once, each
/// on a path of its own (runs are wall-time bound, a few thousand packets/s each). Prints each run, then per (link,
/// controller) the medians of goodput / model. <c>-reverse true</c> sends from the server namespace (iperf3 -R) and adds
/// the sender's congestion events and timeouts (<see cref="SenderCounters"/>). Needs root, iperf3 and (reversed) nstat.
/// </summary>
public static class LossyTcpModelCommand
{
    private const string Usage = "-links \"SPEC;SPEC\" [-cc reno,cubic] [-seconds S] [-omit S] [-rounds N] [-parallel N] [-reverse true] [-seed N]";

    public static async Task<int> RunAsync(string[] args)
    {
        int seconds = 60, omit = 10, rounds = 3, parallel = 1;
        bool reverse = false;
        int seed = Random.Shared.Next(1, 1_000_000);
        string[] congestions = ["reno", "cubic"];
        var links = new List<LinkSpec>();
        try
        {
            for (int i = 0; i < args.Length; i += 2)
            {
                if (i + 1 >= args.Length) throw new FormatException($"{args[i]} needs a value ({Usage})");
                string value = args[i + 1];
                switch (args[i])
                {
                    case "-links": links.AddRange(value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(LinkSpecParser.Parse)); break;
                    case "-cc": congestions = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                    case "-seconds": seconds = Positive(args[i], value); break;
                    case "-omit": omit = Integer(args[i], value); break;
                    case "-rounds": rounds = Positive(args[i], value); break;
                    case "-parallel": parallel = Positive(args[i], value); break;
                    case "-seed": seed = Integer(args[i], value); break;
                    case "-reverse": reverse = bool.TryParse(value, out bool r) ? r : throw new FormatException($"-reverse takes true or false, not '{value}'"); break;
                    default: throw new FormatException($"unknown option {args[i]} ({Usage})");
                }
            }
            if (links.Count == 0) throw new FormatException($"-links is required ({Usage})");
            if (links.FirstOrDefault(l => !(l.Up.LossProbability > 0)) is { } lossless) throw new FormatException($"-links: '{lossless.Text}' has no random loss (loss=P): no model applies");
            if (omit < 0) throw new FormatException("-omit must be ≥ 0");
        }
        catch (FormatException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        if (ExecutablePath.Find("iperf3") is null) { Console.Error.WriteLine("error: iperf3 not found (apt install iperf3)"); return 2; }
        if (!Environment.IsPrivilegedProcess) { Console.Error.WriteLine("error: needs root (network namespaces and TUN devices)"); return 2; }

        Console.WriteLine($"seed {seed}");
        var jobs = (from round in Enumerable.Range(1, rounds) from link in links from cc in congestions select (round, link, cc)).ToList();
        var results = new List<LossyTcpModelRun>();
        using var gate = new SemaphoreSlim(parallel);
        int failures = 0;
        await Task.WhenAll(jobs.Select(async (job, index) =>
        {
            await gate.WaitAsync();
            try
            {
                var run = await RunWithRetryAsync(job.link, job.cc, seconds, omit, seed: seed + index, reverse);
                lock (results) results.Add(run);
                Console.WriteLine($"round {job.round}: {Line(run)}");
            }
            catch (Exception e) when (e is PathSetupException or InvalidOperationException or ExternalProcessException or TimeoutException or System.Text.Json.JsonException or KeyNotFoundException)
            {
                Interlocked.Increment(ref failures);
                Console.Error.WriteLine($"round {job.round}: {job.link.Text} {job.cc}: failed: {e.Message}");
            }
            finally
            {
                gate.Release();
            }
        }));
        Console.WriteLine($"medians ({seconds} s measured after {omit} s omitted; model at each run's measured p and mean RTT):");
        Console.WriteLine("link | cc | runs | goodput Mbit/s | p measured | losses/run | retransmits/run | RTT ms | model Mbit/s | measured/model");
        foreach (var g in results.GroupBy(r => (r.Link, r.Congestion)))
        {
            var runs = g.ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{g.Key.Link} | {g.Key.Congestion} | {runs.Count} | {Median(runs.Select(r => r.GoodputBitsPerSecond)) / 1e6:0.00} | {Median(runs.Select(r => r.LossRate)) * 100:0.0000}% | {Median(runs.Select(r => (double)r.DataLosses)):0} | {Median(runs.Select(r => (double)r.Retransmits)):0} | {Median(runs.Select(r => r.MeanRttSeconds)) * 1000:0.0} | {Median(runs.Select(r => r.ModelBitsPerSecond)) / 1e6:0.00} | {Median(runs.Select(r => r.GoodputBitsPerSecond / r.ModelBitsPerSecond)):0.00}"));
        }
        return failures == 0 ? 0 : 1;
    }

    private static async Task<LossyTcpModelRun> RunWithRetryAsync(LinkSpec link, string cc, int seconds, int omit, int seed, bool reverse)
    {
        // Another process may hold the same test subnet for a moment; the next attempt takes the next subnet.
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await LossyTcpModelRun.RunAsync(link, cc, seconds, omit, seed, reverse);
            }
            catch (PathSetupException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }
    }

    private static string Line(LossyTcpModelRun r)
    {
        string sender = r.Sender is { } c
            ? $"sender: {c.SackRecoveries} SACK recoveries, {c.LossProbeRecoveries} loss-probe recoveries, {c.Timeouts} timeouts, {c.RetransmittedSegments} retransmitted; "
            : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"{r.Link} {r.Congestion}: {r.GoodputBitsPerSecond / 1e6:0.00} Mbit/s, p {r.LossRate * 100:0.0000}% ({r.DataLosses} of {r.DataPackets}), " +
            $"retransmits {r.Retransmits}, RTT {r.MeanRttSeconds * 1000:0.0} ms, cwnd max {r.MaxCwndSegments:0}, rwnd min {r.MinPeerWindowBytes / 1024} KiB, MSS {r.MssBytes}, " +
            $"model {r.ModelBitsPerSecond / 1e6:0.00} Mbit/s, measured/model {r.GoodputBitsPerSecond / r.ModelBitsPerSecond:0.00}; {sender}{r.Anomalies}");
    }

    private static int Positive(string option, string value)
        => Integer(option, value) is > 0 and var n ? n : throw new FormatException($"{option} must be positive");

    private static int Integer(string option, string value)
        => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : throw new FormatException($"{option} takes a whole number, not '{value}'");

    private static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count == 0 ? double.NaN : v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }
}
