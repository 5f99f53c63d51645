using System.Globalization;
using System.Net;
using Transports.Abstractions;
using Transports.Harness.Catalog;
using Transports.Scenarios.Core;
using Transports.Scenarios.PingPong;

namespace Transports.Benchmarks;

/// <summary>
/// Runs the pingpong scenario directly (no CLI) over one catalog transport and prints RTT and half-RTT percentiles in
/// microseconds, for comparison with <c>sockperf ping-pong</c> (which reports half the RTT).
/// Usage: <c>pingpong TRANSPORT [option=value ...]</c>, e.g. <c>pingpong tcp message-size=64 duration=10 message-warmup=2s</c>.
/// </summary>
public static class PingPongRunner
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine($"usage: pingpong TRANSPORT [option=value ...]   transports: {TransportCatalog.Names}");
            return 2;
        }
        var factory = TransportCatalog.Find(args[0]);
        if (factory is null)
        {
            Console.Error.WriteLine($"unknown transport '{args[0]}'; known: {TransportCatalog.Names}");
            return 2;
        }
        var values = new Dictionary<string, string> { ["message-size"] = "64", ["duration"] = "10", ["warmup"] = "2s" };
        foreach (var arg in args[1..])
        {
            var parts = arg.Split('=', 2);
            if (parts.Length != 2) { Console.Error.WriteLine($"expected option=value, got '{arg}'"); return 2; }
            values[parts[0].TrimStart('-')] = parts[1];
        }
        var options = new OptionValues(values);
        var scenario = new PingPongScenario();
        try
        {
            var plan = await scenario.PrepareAsync(options, CancellationToken.None);
            await using var transport = factory.Create(options);
            foreach (var variant in plan.Variants)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
                var m = await scenario.RunAsync(new ScenarioContext
                {
                    Transport = transport, ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0), Plan = plan, Variant = variant,
                }, timeout.Token);
                var l = m.Latency!;
                string Us(double ms) => (ms * 1000).ToString("F2", CultureInfo.InvariantCulture);
                Console.WriteLine($"{transport.Name} {((Transports.Scenarios.Messages.MessageVariant)variant).MessageSizeBytes} B: {l.Count} round trips, " +
                                  $"{m.Throughput!.MessagesPerSecond:F0} msg/s, lost {m.Delivery!.Lost}");
                Console.WriteLine($"  RTT      us: min {Us(l.MinMs)} p50 {Us(l.P50Ms)} p90 {Us(l.P90Ms)} p99 {Us(l.P99Ms)} p99.9 {Us(l.P999Ms)} max {Us(l.MaxMs)}");
                Console.WriteLine($"  half-RTT us: p50 {Us(l.P50Ms / 2)} p99 {Us(l.P99Ms / 2)} p99.9 {Us(l.P999Ms / 2)}  (what sockperf reports)");
                Console.WriteLine($"  cost: {m.Cost!.CpuSeconds:F2} CPU s, {m.Cost.GcAllocatedBytes} B allocated, GC {string.Join("/", m.Cost.GcCollections)}");
            }
            return 0;
        }
        catch (OptionException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        catch (TransportException e)
        {
            Console.Error.WriteLine($"{args[0]}: {e.Message}");
            return 1;
        }
    }
}
