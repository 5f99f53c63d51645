using System.Net;
using Transports.Abstractions;
using Transports.Harness.Catalog;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Scenarios.Connect;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Scenarios;

/// <summary>
/// connect end to end through the runner over the connection-oriented catalog transports on loopback, closed loop and at
/// a fixed rate (counts exactly as asked, every response verified, percentiles ordered, nothing failed); failures counted
/// by kind and bounded by the per-connect deadline; udp not applicable; bad input one line with exit code 2.
/// </summary>
public sealed class ConnectScenarioTests
{
    private const int Count = 60;
    private const int Warmup = 5;

    public static TheoryData<string, string> Cases() => new()
    {
        { "tcp", "closed" }, { "tcp", "open" },
        { "ws", "closed" }, { "ws", "open" },
        { "grpc", "closed" }, { "grpc", "open" },
        { "quic", "closed" }, { "quic", "open" },
    };

    [SkippableTheory]
    [MemberData(nameof(Cases))]
    public async Task Every_connect_completes_verified_and_the_counts_are_the_ones_asked_for(string name, string loop)
    {
        var factory = TransportPair.RequireFactory(name);
        using var dir = new TempDirectory();
        var options = new Dictionary<string, string>
        {
            ["count"] = Count.ToString(System.Globalization.CultureInfo.InvariantCulture), ["connect-warmup"] = Warmup.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["connect-timeout"] = "10s",
        };
        if (loop == "open") options["rate"] = "200";
        else options["concurrency"] = "3";
        var outcome = await RunnerHarness.RunAsync("connect", [factory], Path.Combine(dir.Path, "results"), options);

        var result = Assert.Single(outcome.Document.Transports);
        Assert.True(result.Status == TransportStatus.Ok, $"{name}: {result.Status} {result.Error}");
        var onDisk = ResultsJson.Load(outcome.RunDirectory).Transports.Single().Repeats.Single(); // results.json, as written
        var c = onDisk.Connects!;
        Assert.True(c.Failed == 0, $"{name}: {string.Join("; ", c.FirstErrors)}");
        Assert.Equal(loop, c.Loop);
        Assert.Equal(Count, c.Attempted);
        Assert.Equal(Count, c.Completed);
        Assert.Empty(c.FailuresByKind);
        Assert.Equal(Count + Warmup, c.ServerAccepted); // every connect reached the server role as a connection of its own
        Assert.Equal(Count + Warmup, c.ServerAnswered);
        Assert.True(c.HandshakesPerSecond > 0 && c.IntervalMs > 0);

        var ttc = onDisk.Latency!;
        Assert.Equal(ConnectScenario.LatencyKind, ttc.Kind);
        Assert.Equal(Count, ttc.Count);
        Assert.Equal(loop == "open", ttc.CoordinatedOmissionCorrected);
        Assert.True(ttc.MinMs > 0 && ttc.MinMs <= ttc.P50Ms && ttc.P50Ms <= ttc.P99Ms && ttc.P99Ms <= ttc.MaxMs, $"{name}: {ttc.MinMs} {ttc.P50Ms} {ttc.P99Ms} {ttc.MaxMs}");
        var only = c.ConnectOnly!;
        Assert.Equal(Count, only.Count);
        Assert.True(only.P50Ms <= only.P99Ms && only.P99Ms <= only.MaxMs);
        // each connect's connect-only time ends before its first response byte (same or earlier start): so do the percentiles (histogram precision 1/1024)
        Assert.True(only.P50Ms <= ttc.P50Ms * 1.002, $"{name}: connect-only p50 {only.P50Ms} ms > time to connect p50 {ttc.P50Ms} ms");

        Assert.True(result.Summary!.Metrics.ContainsKey(MetricCatalog.HandshakesPerSecond.Id));
        Assert.True(result.Summary.Metrics.ContainsKey(MetricCatalog.ConnectP99.Id));
        Assert.Equal(0, MetricCatalog.FailedConnects.ValueIn(onDisk));
        bool reportsTls = c.TlsFullHandshakes + c.TlsResumedHandshakes + c.TlsResumptionUnknown > 0;
        Assert.Equal(Count, c.TlsFullHandshakes + c.TlsResumedHandshakes + c.TlsResumptionUnknown + c.NoTlsInfo);
        Assert.Equal(reportsTls, MetricCatalog.TlsResumed.ValueIn(onDisk) is not null);
    }

    [Fact]
    public async Task A_transport_without_a_connection_is_not_applicable()
    {
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("connect", [TransportCatalog.Find("udp")!], Path.Combine(dir.Path, "results"), new Dictionary<string, string> { ["count"] = "10" });
        var result = Assert.Single(outcome.Document.Transports);
        Assert.Equal(TransportStatus.NotApplicable, result.Status);
        Assert.Contains("connection-oriented", result.Error);
    }

    [Fact]
    public async Task Refused_and_stalled_connects_are_counted_by_kind_within_their_deadline_and_the_rest_complete()
    {
        // connect calls 1..40 (no warm-up; the session's own connect is not a new-connection call): every 5th refused (8),
        // every 7th not a multiple of 5 stalls until cancelled (7, 14, 21, 28: 4), 28 complete.
        await using var inner = ScenarioHarness.CreateTransport("tcp");
        await using var transport = new RefusingStallingTransport(inner, refuseEvery: 5, stallEvery: 7);
        var started = DateTime.UtcNow;
        var (_, m, _) = (await ScenarioHarness.RunAsync(new ConnectScenario(), transport, new Dictionary<string, string>
        {
            ["count"] = "40", ["connect-warmup"] = "0", ["concurrency"] = "2", ["connect-timeout"] = "300ms",
        })).Single();
        var c = m.Connects!;
        Assert.Equal(40, c.Attempted);
        Assert.Equal(28, c.Completed);
        Assert.Equal(12, c.Failed);
        Assert.Equal(new Dictionary<string, long> { ["ConnectionRefused"] = 8, ["deadline"] = 4 }, c.FailuresByKind);
        Assert.Equal(ConnectTally.KeptErrors, c.FirstErrors.Count);
        Assert.All(c.FirstErrors, e => Assert.True(e.StartsWith("connect ", StringComparison.Ordinal) && !e.Contains('\n'), e));
        Assert.Contains(c.FirstErrors, e => e.Contains("refused", StringComparison.Ordinal));
        Assert.Equal(28, m.Latency!.Count);
        Assert.Equal(12, MetricCatalog.FailedConnects.ValueIn(m));
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), "the stalled connects must end at their deadline");
    }

    [Theory]
    [InlineData("true")]
    [InlineData("false")]
    public async Task Tcp_tls_connects_count_resumed_handshakes_and_only_full_ones_without_resumption(string resume)
    {
        using var dir = new TempDirectory();
        var options = new Dictionary<string, string> { ["count"] = "40", ["connect-warmup"] = "5", ["concurrency"] = "1", ["tls-resume"] = resume };
        var outcome = await RunnerHarness.RunAsync("connect", [TransportCatalog.Find("tcp-tls")!], Path.Combine(dir.Path, "results"), options);
        var result = Assert.Single(outcome.Document.Transports);
        Assert.True(result.Status == TransportStatus.Ok, $"{result.Status} {result.Error}");
        var c = ResultsJson.Load(outcome.RunDirectory).Transports.Single().Repeats.Single().Connects!;
        Assert.Equal(0, c.TlsResumptionUnknown);
        Assert.Equal(40, c.TlsFullHandshakes + c.TlsResumedHandshakes);
        // one at a time, after the warm-up's handshakes: with resumption on, the measured connects resume (SslStream on OpenSSL)
        if (resume == "true") Assert.True(c.TlsResumedHandshakes >= 35, $"resumed {c.TlsResumedHandshakes} of 40");
        else Assert.Equal(0, c.TlsResumedHandshakes);
        Assert.Equal(resume, result.Settings!["tls_resume"]);
    }

    [Fact]
    public async Task A_tls_resume_value_that_is_not_a_boolean_is_one_line_and_exit_code_2()
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["connect", "-transports", "tcp-tls", "-count", "5", "-tls-resume", "sometimes"], Path.Combine(dir.Path, "results"));
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.StartsWith("error: ", line);
        Assert.Contains("tls-resume", line);
    }

    [Fact]
    public async Task Bad_input_is_one_line_and_exit_code_2()
    {
        using var dir = new TempDirectory();
        var r = await HarnessProcess.RunAsync(["connect", "-transports", "tcp", "-count", "0", "-duration", "0"], Path.Combine(dir.Path, "results"));
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: --count and --duration are both 0: the run would never end; set one of them", r.StdErr.Trim());
        var results = Path.Combine(dir.Path, "results");
        Assert.True(!Directory.Exists(results) || Directory.GetFileSystemEntries(results).Length == 0, "bad input must not start a run");
    }

    /// <summary>tcp whose new-connection connects are refused (every Nth) or stall in receive until cancelled (every Mth).</summary>
    private sealed class RefusingStallingTransport(ITransport inner, int refuseEvery, int stallEvery) : ITransport
    {
        private int _calls;
        public string Name => "refusing-stalling";
        public TransportCapabilities Capabilities => inner.Capabilities;
        public IReadOnlyDictionary<string, string> Settings => inner.Settings;
        public Transports.Abstractions.Membership.RunMembership? Membership => inner.Membership;
        public ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken ct = default) => inner.ListenAsync(localEndPoint, ct);

        public async ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remote, ConnectOptions options, CancellationToken ct = default)
        {
            if (!options.NewConnection) return await inner.ConnectAsync(remote, options, ct);
            int call = Interlocked.Increment(ref _calls);
            if (call % refuseEvery == 0) throw new TransportException(TransportError.ConnectionRefused, $"test: connect {call} refused");
            var connection = await inner.ConnectAsync(remote, options, ct);
            return call % stallEvery == 0 ? new Stalling(connection) : connection;
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private sealed class Stalling(ITransportConnection inner) : ITransportConnection
        {
            public TransportCapabilities Capabilities => inner.Capabilities;
            public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct = default) => inner.SendAsync(payload, ct);
            public async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken ct = default)
            {
                await Task.Delay(Timeout.Infinite, ct);
                return ReceiveResult.Completed;
            }
            public ValueTask CompleteSendAsync(CancellationToken ct = default) => inner.CompleteSendAsync(ct);
            public void Abort() => inner.Abort();
            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }
}
