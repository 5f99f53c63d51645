using Transports.Advice.Candidates;
using Transports.Results;

namespace Transports.Tests.Advice;

/// <summary>Synthetic candidates and results documents for the advisor's known-answer tests: the catalog's real feature
/// sets (as `harness list` declares them, grpc with -grpc-tls true) and summaries with chosen medians and intervals.</summary>
internal static class AdviceFixtures
{
    public static readonly Candidate TcpT = new("tcp", ["reliable", "ordered", "orderly_close"], null);
    public static readonly Candidate TcpTls = new("tcp-tls", ["reliable", "ordered", "encrypted", "orderly_close"], null);
    public static readonly Candidate UdpT = new("udp", ["message_boundaries", "datagrams"], 1472);
    public static readonly Candidate Ws = new("ws", ["reliable", "ordered", "message_boundaries", "orderly_close"], 1 << 20);
    public static readonly Candidate Wss = new("wss", ["reliable", "ordered", "message_boundaries", "encrypted", "orderly_close"], 1 << 20);
    public static readonly Candidate GrpcT = new("grpc", ["reliable", "ordered", "message_boundaries", "encrypted", "orderly_close"], 4 << 20);
    public static readonly Candidate QuicT = new("quic", ["reliable", "ordered", "multiplexed_streams", "encrypted", "orderly_close"], null);
    public static readonly Candidate QuicDgram = new("quic-dgram", ["message_boundaries", "datagrams", "encrypted"], 1402);

    public static IReadOnlyList<Candidate> All { get; } = [TcpT, TcpTls, UdpT, Ws, Wss, GrpcT, QuicT, QuicDgram];

    /// <summary>A metric's spread from a median and a half-width (the interval), over <paramref name="repeats"/>.</summary>
    public static Spread S(double median, double halfWidth = 0, int repeats = 3) => new(median, median - halfWidth, median + halfWidth, median - halfWidth, median + halfWidth, repeats);

    public static TransportResult Ok(Candidate c, params (string Metric, Spread Spread)[] metrics) => new()
    {
        Transport = c.Name, Label = c.Name, Status = TransportStatus.Ok, Features = c.Features, MaxMessageSizeBytes = c.MaxMessageSizeBytes,
        Summary = new Summary { Repeats = metrics.Length > 0 ? metrics[0].Spread.Count : 0, Metrics = metrics.ToDictionary(m => m.Metric, m => m.Spread) },
    };

    public static TransportResult Failed(Candidate c, string error) => new()
    {
        Transport = c.Name, Label = c.Name, Status = TransportStatus.Failed, Error = error, Features = c.Features, MaxMessageSizeBytes = c.MaxMessageSizeBytes,
    };

    public static ResultsDocument Doc(string scenario, string id, LinkInfo? link, params TransportResult[] results) => new()
    {
        Run = new RunInfo { Id = id, Scenario = scenario, StartedUtc = DateTimeOffset.UnixEpoch, Complete = true, Link = link },
        Environment = new EnvironmentInfo { LogicalCores = 2 },
        Transports = results,
    };

    /// <summary>A lossy emulated link as results record it (1 % loss each way, 20 ms RTT).</summary>
    public static LinkInfo Lossy(bool keptUp = true) => new()
    {
        Spec = "delay=10ms,loss=1%", ConfiguredRttMs = 20, EmulatorKeptUp = keptUp,
        Up = new LinkDirectionInfo { DelayMs = 10, LossProbability = 0.01, MeanLossProbability = 0.01 },
        Down = new LinkDirectionInfo { DelayMs = 10, LossProbability = 0.01, MeanLossProbability = 0.01 },
    };
}
