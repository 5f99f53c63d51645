using System.Globalization;
using Transports.Abstractions;
using Transports.Harness.Catalog;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Scenarios.Rpc;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Rpc;

/// <summary>
/// rpc end to end through the runner on loopback: every applicable catalog transport answers every request verified
/// (counts exact, read back from results.json); a corrupted response is counted as an integrity failure and only its
/// stream stops; open loop charges a stall to every request due during it (coordinated-omission correction), closed
/// loop does not; streams above 1 skip a transport without multiplexed streams; bad input is one line with exit code 2.
/// </summary>
public sealed class RpcScenarioTests
{
    private const int Count = 400;
    private const int Warmup = 40;

    public static TheoryData<string, int> Cases() => new()
    {
        { "tcp", 1 }, { "tcp-tls", 1 }, { "ws", 1 }, { "wss", 1 }, { "grpc", 1 }, { "quic", 1 }, { "quic", 3 },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task Every_request_is_answered_verified_and_the_counts_are_the_ones_asked_for(string name, int streams)
    {
        var factory = TransportPair.RequireFactory(name);
        using var dir = new TempDirectory();
        var options = new Dictionary<string, string>
        {
            ["count"] = Count.ToString(CultureInfo.InvariantCulture), ["duration"] = "0", ["rpc-warmup"] = Warmup.ToString(CultureInfo.InvariantCulture),
            ["connections"] = "2", ["streams"] = streams.ToString(CultureInfo.InvariantCulture), ["outstanding"] = (5 * streams).ToString(CultureInfo.InvariantCulture),
            ["request-size"] = "100", ["response-size"] = "3000", ["request-timeout"] = "10s",
        };
        var outcome = await RunnerHarness.RunAsync("rpc", [factory], Path.Combine(dir.Path, "results"), options);

        var result = Assert.Single(outcome.Document.Transports);
        Assert.True(result.Status == TransportStatus.Ok, $"{name}: {result.Status} {result.Error}");
        var m = ResultsJson.Load(outcome.RunDirectory).Transports.Single().Repeats.Single(); // results.json, as written
        var r = m.Rpcs!;
        Assert.True(r.Failed == 0, $"{name}: {string.Join("; ", r.FirstErrors)}");
        Assert.Equal("closed", r.Loop);
        Assert.Equal(Count, r.Attempted);
        Assert.Equal(Count, r.Completed);
        Assert.Equal(Count + Warmup, r.ServerAnswered); // every request reached the server role and was verified there
        Assert.Equal([2, streams, 5 * streams, 100, 3000], new long[] { r.Connections, r.StreamsPerConnection, r.Outstanding, r.RequestBytes, r.ResponseBytes });
        Assert.Equal(2, r.CompletedPerConnection.Count);
        Assert.Equal(Count, r.CompletedPerConnection.Sum());
        Assert.All(r.CompletedPerConnection, c => Assert.True(c > 0, $"{name}: a connection completed nothing"));
        Assert.True(r.RequestsPerSecond > 0 && r.IntervalMs > 0);
        // Jain's index over the two connections' completed requests, the same metric bigfile -connections reports
        double a = r.CompletedPerConnection[0], b = r.CompletedPerConnection[1];
        Assert.Equal((a + b) * (a + b) / (2 * (a * a + b * b)), MetricCatalog.FairnessIndex.ValueIn(m)!.Value, 9);

        var latency = m.Latency!;
        Assert.Equal(RpcScenario.LatencyKind, latency.Kind);
        Assert.Equal(Count, latency.Count);
        Assert.False(latency.CoordinatedOmissionCorrected);
        Assert.True(latency.MinMs > 0 && latency.P50Ms <= latency.P90Ms && latency.P90Ms <= latency.P99Ms && latency.P99Ms <= latency.P999Ms && latency.P999Ms <= latency.MaxMs);
        Assert.Equal(r.RequestsPerSecond, MetricCatalog.RequestsPerSecond.ValueIn(m));
        Assert.Equal(0, MetricCatalog.FailedRequests.ValueIn(m));
        Assert.True(result.Summary!.Metrics.ContainsKey(MetricCatalog.RpcP99.Id));
    }

    [Fact]
    public async Task A_corrupted_response_is_an_integrity_failure_and_only_its_stream_stops()
    {
        int sends = 0;
        var factory = new FaultyTransportFactory("corrupts-response", c => new ServerSend(c, async (payload, inner, ct) =>
        {
            if (Interlocked.Increment(ref sends) != 50) return payload;
            var copy = payload.ToArray();
            copy[^1] ^= 0x40; // the last byte of the 50th response
            return copy;
        }));
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("rpc", [factory], Path.Combine(dir.Path, "results"), new Dictionary<string, string>
        {
            ["count"] = "600", ["duration"] = "0", ["rpc-warmup"] = "0", ["connections"] = "2", ["outstanding"] = "4",
        });
        var result = Assert.Single(outcome.Document.Transports);
        Assert.True(result.Status == TransportStatus.Ok, $"{result.Status} {result.Error}");
        var r = result.Repeats.Single().Rpcs!;
        Assert.True(r.Failed is >= 1 and <= 2, $"failed {r.Failed}: the corrupted request and the one behind it on its stream");
        Assert.Equal(new[] { "integrity" }, r.FailuresByKind.Keys);
        Assert.Contains(r.FirstErrors, e => e.Contains("differ from what its id implies", StringComparison.Ordinal));
        Assert.Equal(r.Attempted, r.Completed + r.Failed);
        Assert.True(r.Completed > 300, $"the other connection goes on: {r.Completed} completed");
        Assert.Contains(r.CompletedPerConnection, c => c < 50);
    }

    [Fact]
    public async Task Open_loop_latency_includes_the_wait_behind_a_stalled_response_and_closed_loop_does_not()
    {
        // One stream, one request in flight, 500 requests/s for 2 s; the server holds its 100th response for 400 ms.
        // Open loop: the ~200 requests due during the stall are timed from their intended start, so they carry
        // 400 ms down to 0 of waiting: p90 well above 100 ms. Closed loop: one sample of 400 ms, p90 stays small.
        var open = await RunStalledAsync(new Dictionary<string, string> { ["rate"] = "500", ["count"] = "1000" });
        var closed = await RunStalledAsync(new Dictionary<string, string> { ["count"] = "1000" });

        Assert.True(open.Latency!.CoordinatedOmissionCorrected);
        Assert.True(open.Latency.MaxMs >= 390, $"open max {open.Latency.MaxMs} ms");
        Assert.True(open.Latency.P90Ms >= 100, $"open p90 {open.Latency.P90Ms} ms: the wait behind the stall must be charged to the requests due during it");
        Assert.True(open.Values[MetricCatalog.SendLateMax.Id] >= 300, $"send late max {open.Values[MetricCatalog.SendLateMax.Id]} ms");
        Assert.False(closed.Latency!.CoordinatedOmissionCorrected);
        Assert.True(closed.Latency.MaxMs >= 390, $"closed max {closed.Latency.MaxMs} ms");
        Assert.True(closed.Latency.P90Ms < 50, $"closed p90 {closed.Latency.P90Ms} ms");
    }

    private static async Task<Measurement> RunStalledAsync(Dictionary<string, string> options)
    {
        int sends = 0;
        var factory = new FaultyTransportFactory("stalls", c => new ServerSend(c, async (payload, inner, ct) =>
        {
            if (Interlocked.Increment(ref sends) == 100) await Task.Delay(400, ct);
            return payload;
        }));
        options["duration"] = "0";
        options["rpc-warmup"] = "0";
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("rpc", [factory], Path.Combine(dir.Path, "results"), options);
        var result = Assert.Single(outcome.Document.Transports);
        Assert.True(result.Status == TransportStatus.Ok, $"{result.Status} {result.Error}");
        var m = result.Repeats.Single();
        Assert.Equal(1000, m.Rpcs!.Completed);
        return m;
    }

    [Fact]
    public async Task Streams_above_one_skip_a_transport_without_multiplexed_streams()
    {
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("rpc", [TransportCatalog.Find("tcp")!, TransportCatalog.Find("udp")!], Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["count"] = "10", ["streams"] = "2" });
        Assert.All(outcome.Document.Transports, t => Assert.Equal(TransportStatus.NotApplicable, t.Status));
        Assert.Contains("multiplexed streams", outcome.Document.Transports.Single(t => t.Transport == "tcp").Error);
        Assert.Contains("reliable, ordered", outcome.Document.Transports.Single(t => t.Transport == "udp").Error);
    }

    [Theory]
    [InlineData("-request-size", "0", "error: --request-size: 0 is out of range [8, 16777216] (bytes)")]
    [InlineData("-response-size", "0", "error: --response-size: 0 is out of range [8, 16777216] (bytes)")]
    [InlineData("-outstanding", "1", "error: --outstanding: 1 is fewer than connections x streams (2): every stream needs a request in flight")]
    [InlineData("-duration", "0", "error: --count and --duration are both 0: the run would never end; set one of them")]
    public async Task Bad_input_is_one_line_and_exit_code_2(string option, string value, string expected)
    {
        using var dir = new TempDirectory();
        var results = Path.Combine(dir.Path, "results");
        string[] args = option == "-outstanding"
            ? ["rpc", "-transports", "tcp", "-connections", "2", option, value]
            : ["rpc", "-transports", "tcp", "-count", "0", option, value];
        var r = await HarnessProcess.RunAsync(args, results);
        Assert.Equal(2, r.ExitCode);
        Assert.Equal(expected, r.StdErr.Trim());
        Assert.True(!Directory.Exists(results) || Directory.GetFileSystemEntries(results).Length == 0, "bad input must not start a run");
    }

    /// <summary>A server connection whose responses pass through <paramref name="transform"/> (which may delay or change them).</summary>
    private sealed class ServerSend(ITransportConnection inner, Func<ReadOnlyMemory<byte>, ITransportConnection, CancellationToken, Task<ReadOnlyMemory<byte>>> transform)
        : ITransportConnection
    {
        public TransportCapabilities Capabilities => inner.Capabilities;
        public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct = default) => await inner.SendAsync(await transform(payload, inner, ct), ct);
        public ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken ct = default) => inner.ReceiveAsync(buffer, ct);
        public ValueTask CompleteSendAsync(CancellationToken ct = default) => inner.CompleteSendAsync(ct);
        public void Abort() => inner.Abort();
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
