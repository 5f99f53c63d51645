// quic-bench: moves SIZE MiB from server to client (a download, like ngtcp2's gtlsclient --download) over one
// transport on loopback and prints goodput and CPU seconds per GiB (Process.TotalProcessorTime: client, server and
// the quinn runtime threads all live in this process). Every byte is verified against the deterministic pattern.
//   dotnet run -c Release --project benchmarks/quic/QuicBench -- [quic|tcp] [SIZE_MIB=1024] [REPEATS=3] [cubic|newreno|bbr] [CHUNK_KIB=256] [UDP_PAYLOAD=1452]
using Transports.Abstractions;
using Transports.Benchmarks.Quic;
using Transports.Quic;
using Transports.Tcp;

var transportName = args.Length > 0 ? args[0] : "quic";
long sizeBytes = (args.Length > 1 ? long.Parse(args[1]) : 1024) << 20;
int repeats = args.Length > 2 ? int.Parse(args[2]) : 3;
var cc = args.Length > 3 ? args[3] : "cubic";
int chunkBytes = (args.Length > 4 ? int.Parse(args[4]) : 256) << 10;
var udpPayload = args.Length > 5 ? args[5] : "1452";

ITransportFactory factory = transportName switch
{
    "quic" => new QuicTransportFactory(),
    "tcp" => new TcpTransportFactory(),
    _ => throw new ArgumentException($"transport '{transportName}': use quic or tcp"),
};
var availability = factory.CheckAvailability();
if (!availability.IsAvailable)
{
    Console.Error.WriteLine($"{transportName} unavailable: {availability.Reason}");
    return 2;
}
var options = transportName == "quic" ? new OptionValues().With("quic-cc", cc).With("quic-udp-payload", udpPayload) : OptionValues.Empty;
var pattern = Pattern.Create();
var results = new List<(double Gbps, double CpuPerGiB, string Line)>();
for (int run = 0; run <= repeats; run++) // run 0 is a warm-up (JIT, PGO), not reported
{
    await using var transport = factory.Create(options);
    var (seconds, cpu, stats) = await Transfer.RunAsync(transport, pattern, sizeBytes, chunkBytes);
    double gbps = sizeBytes * 8 / seconds / 1e9, mibps = sizeBytes / seconds / (1 << 20), cpuPerGiB = cpu / (sizeBytes / (double)(1L << 30));
    var line = $"{transportName} run {run}: {gbps:F3} Gbit/s  {mibps:F1} MiB/s  {seconds:F2} s  cpu {cpu:F2} s = {cpuPerGiB:F2} s/GiB  {stats}";
    Console.WriteLine(run == 0 ? line + "  (warm-up, not counted)" : line);
    if (run > 0) results.Add((gbps, cpuPerGiB, line));
}
var median = results.OrderBy(r => r.Gbps).ElementAt((results.Count - 1) / 2);
Console.WriteLine($"{transportName} median: {median.Gbps:F3} Gbit/s, {results.OrderBy(r => r.CpuPerGiB).ElementAt((results.Count - 1) / 2).CpuPerGiB:F2} CPU s/GiB; " +
    string.Join(" ", factory.Create(options).Settings.Select(kv => $"{kv.Key}={kv.Value}")));
return 0;
