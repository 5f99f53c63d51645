using Transports.Results;

namespace Transports.Tests.Gate;

/// <summary>Synthetic pingpong results documents for the gate: per transport, repeats with the given messages per second.</summary>
internal static class GateFixtures
{
    public static readonly EnvironmentInfo Machine = new()
    {
        Os = "Debian GNU/Linux 13", Kernel = "6.12.0-test", CpuModel = "Test CPU 3000", LogicalCores = 2, DotnetVersion = "10.0.0", MachineName = "ci",
    };

    /// <summary>One repeat: <paramref name="messagesPerSecond"/> 64-byte messages for 1 s, RTT p50 = 1e6/rate µs, no loss, 100 ns CPU per message.</summary>
    public static Measurement Repeat(double messagesPerSecond) => new()
    {
        Throughput = new Throughput
        {
            BytesSent = (long)messagesPerSecond * 64, BytesDelivered = (long)messagesPerSecond * 64,
            GoodputBitsPerSecond = messagesPerSecond * 64 * 8, MessagesPerSecond = messagesPerSecond, MessagesDelivered = (long)messagesPerSecond,
        },
        Latency = new Latency { Kind = "rtt", Count = (long)messagesPerSecond, P50Ms = 1000 / messagesPerSecond, P99Ms = 2000 / messagesPerSecond },
        Delivery = new Delivery { LossPercent = 0 },
    };

    /// <summary>A run of pingpong with one result per (transport, repeats' messages per second).</summary>
    public static ResultsDocument Run(string id, params (string Transport, double[] Rates)[] results) => new()
    {
        Run = new RunInfo
        {
            Id = id, Scenario = "pingpong", StartedUtc = DateTimeOffset.Parse("2026-12-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Complete = true, Arguments = ["pingpong", "-transports", string.Join(',', results.Select(r => r.Transport))],
        },
        Environment = Machine,
        Transports = results.Select(r => new TransportResult
        {
            Transport = r.Transport, Label = r.Transport, Status = TransportStatus.Ok, Repeats = r.Rates.Select(Repeat).ToArray(),
        }).ToArray(),
    };

    public static double[] Rates(double center, int n = 6) => Enumerable.Range(0, n).Select(i => center * (1 + 0.002 * i)).ToArray();
}
