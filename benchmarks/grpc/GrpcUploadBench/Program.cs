// Upload (or download) goodput of the grpc transport on loopback, through the transport abstraction only:
// one connection (ClientToServer = gRPC Upload call), BYTES of payload in MESSAGE-sized sends, the server verifies
// every received byte against the sent pattern. Goodput = verified payload bytes / (first send -> last byte received).
// Usage: dotnet run -c Release -- [--bytes 1G] [--message 256K] [--repeats 3] [--transport grpc|ws|tcp] [--timeout-s 300]
//        [--direction upload|download] [--alloc-types true] [--option name=value ...]   e.g. --option grpc-stream-window=64K
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Transports.Abstractions;

var bytes = 1L << 30;
var messageBytes = 256 << 10;
var repeats = 3;
var transportName = "grpc";
var timeoutS = 300;
var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
var download = false; // --direction download: server -> client (gRPC Download call)
var allocTypes = false; // --alloc-types true: sample allocations (GC AllocationTick, ~every 100 KB) by type
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--bytes": bytes = ParseSize(args[i + 1]); break;
        case "--message": messageBytes = (int)ParseSize(args[i + 1]); break;
        case "--repeats": repeats = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--transport": transportName = args[i + 1]; break;
        case "--alloc-types": allocTypes = args[i + 1] == "true"; break;
        case "--direction": download = args[i + 1] switch { "upload" => false, "download" => true, _ => throw new ArgumentException("--direction upload|download") }; break;
        case "--timeout-s": timeoutS = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--option":
            var kv = args[i + 1].Split('=', 2);
            options[kv[0]] = kv[1];
            break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 2;
    }
}
static long ParseSize(string s) => SizeParser.TryParse(s, out var v) ? v : throw new ArgumentException($"not a size: {s}");

ITransportFactory factory = transportName switch
{
    "grpc" => new Transports.Grpc.GrpcTransportFactory(),
    "tcp" => new Transports.Tcp.TcpTransportFactory(),
    "ws" => new Transports.WebSockets.WebSocketTransportFactory(),
    _ => throw new ArgumentException($"unknown transport {transportName}"),
};
await using var transport = factory.Create(new OptionValues(options));
Console.WriteLine($"# {transportName} {(download ? "download" : "upload")}: {bytes} B in {messageBytes} B messages, {repeats} repeats; settings: " +
    string.Join(", ", transport.Settings.Select(kv => $"{kv.Key}={kv.Value}")));

using var allocSampler = allocTypes ? new AllocationSampler() : null;
var pattern = new byte[messageBytes];
new Random(1).NextBytes(pattern);
var results = new List<double>();
var cpuPerGiB = new List<double>();
for (int r = 0; r < repeats + 1; r++) // the first run is warm-up (JIT, connection set-up) and not counted
{
    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(timeoutS));
    var ct = timeout.Token;
    await using var listener = await transport.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), ct);
    var accept = listener.AcceptAsync(ct).AsTask();
    await using var client = await transport.ConnectAsync(listener.LocalEndPoint,
        new ConnectOptions(download ? StreamDirection.ServerToClient : StreamDirection.ClientToServer), ct);
    await using var server = await accept;
    var (sender, receiver) = download ? (server, client) : (client, server);
    long runBytes = r == 0 ? Math.Min(bytes, 64L << 20) : bytes;
    var receive = Task.Run(() => ReceiveAndVerifyAsync(receiver, pattern, runBytes, ct), ct);
    var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
    var sw = Stopwatch.StartNew();
    for (long sent = 0; sent < runBytes; sent += messageBytes)
        await sender.SendAsync(pattern.AsMemory(0, (int)Math.Min(messageBytes, runBytes - sent)), ct);
    await sender.CompleteSendAsync(ct);
    long received = await receive;
    var seconds = sw.Elapsed.TotalSeconds;
    var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
    double allocatedPerMessage = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / (double)((runBytes + messageBytes - 1) / messageBytes);
    if (received != runBytes) throw new InvalidDataException($"received {received} of {runBytes} B");
    var mibps = received / seconds / (1 << 20);
    Console.WriteLine($"{(r == 0 ? "warm-up" : $"run {r}")}: {received} B in {seconds:F3} s = {mibps:F1} MiB/s ({mibps * 8 * 1.048576 / 1000:F2} Gbit/s), " +
        $"CPU {cpuSeconds:F2} s = {cpuSeconds / (received / (double)(1L << 30)):F2} CPU-s/GiB (client+server, user+sys), " +
        $"{allocatedPerMessage:F0} B allocated per message (whole process: transport, Kestrel, SocketsHttpHandler)");
    if (r > 0) { results.Add(mibps); cpuPerGiB.Add(cpuSeconds / (received / (double)(1L << 30))); }
}
results.Sort();
cpuPerGiB.Sort();
if (allocSampler is not null)
    foreach (var (type, count) in allocSampler.Top(12)) Console.WriteLine($"alloc sample: {count,6} x ~100 KB  {type}");
var median = results[results.Count / 2];
Console.WriteLine($"median: {median:F1} MiB/s ({median * 8 * 1.048576 / 1000:F2} Gbit/s) over {results.Count} runs; min {results[0]:F1}, max {results[^1]:F1}; " +
    $"median CPU {cpuPerGiB[cpuPerGiB.Count / 2]:F2} CPU-s/GiB");
return 0;

static async Task<long> ReceiveAndVerifyAsync(ITransportConnection connection, byte[] pattern, long expected, CancellationToken ct)
{
    var buffer = new byte[Math.Max(connection.Capabilities.MaxMessageSizeBytes ?? 0, 1 << 20)];
    long total = 0;
    while (true)
    {
        var r = await connection.ReceiveAsync(buffer, ct);
        if (r.IsCompleted) return total;
        // Verify: byte at stream offset o is pattern[o % pattern.Length] (messages may be split on a byte stream).
        int offset = (int)(total % pattern.Length), done = 0;
        while (done < r.Count)
        {
            int n = Math.Min(r.Count - done, pattern.Length - offset);
            if (!buffer.AsSpan(done, n).SequenceEqual(pattern.AsSpan(offset, n)))
                throw new InvalidDataException($"corrupted payload near offset {total + done}");
            done += n;
            offset = 0;
        }
        total += r.Count;
        if (total > expected) throw new InvalidDataException($"received more than {expected} B");
    }
}

/// <summary>Counts GC AllocationTick events (one per ~100 KB allocated) by type name.</summary>
sealed class AllocationSampler : System.Diagnostics.Tracing.EventListener
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _counts = new();

    protected override void OnEventSourceCreated(System.Diagnostics.Tracing.EventSource source)
    {
        if (source.Name == "Microsoft-Windows-DotNETRuntime")
            EnableEvents(source, System.Diagnostics.Tracing.EventLevel.Verbose, (System.Diagnostics.Tracing.EventKeywords)0x1); // GC keyword
    }

    protected override void OnEventWritten(System.Diagnostics.Tracing.EventWrittenEventArgs e)
    {
        if (e.EventName != "GCAllocationTick_V4" || e.PayloadNames is null) return;
        int i = e.PayloadNames.IndexOf("TypeName");
        if (i >= 0) _counts.AddOrUpdate(e.Payload![i]?.ToString() ?? "?", 1, (_, c) => c + 1);
    }

    public IEnumerable<(string Type, int Count)> Top(int n) => _counts.OrderByDescending(kv => kv.Value).Take(n).Select(kv => (kv.Key, kv.Value));
}
