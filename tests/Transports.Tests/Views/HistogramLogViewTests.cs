using System.Text;
using HdrHistogram;
using Transports.Harness.Output;
using Transports.Measure.Histograms;
using Transports.Results;
using Transports.Views.Tables;
using Xunit;

namespace Transports.Tests.Views;

/// <summary>
/// The run folder's <c>latency-&lt;label&gt;.hlog</c> files are HdrHistogram interval logs written from results.json alone:
/// HdrHistogram's own reader gets back one histogram per repeat with the percentiles results.json states.
/// </summary>
public sealed class HistogramLogViewTests
{
    private static readonly DateTimeOffset Started = new(2026, 12, 3, 9, 30, 0, TimeSpan.Zero);

    private static Measurement Repeat(int seed, double transferMs)
    {
        var random = new Random(seed);
        var h = new LatencyHistogram();
        for (int i = 0; i < 20_000; i++)
        {
            double v = 40_000 * Math.Exp(0.4 * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
            if (random.NextDouble() < 0.002) v *= 50; // a tail
            h.Record((long)v);
        }
        return new Measurement
        {
            Throughput = new Throughput { TransferDurationMs = transferMs },
            Latency = h.ToLatency("rtt", coordinatedOmissionCorrected: false),
        };
    }

    private static ResultsDocument Document() => new()
    {
        Run = new RunInfo { Id = "20261203-093000-pingpong", Scenario = "pingpong", StartedUtc = Started },
        Environment = new EnvironmentInfo(),
        Transports =
        [
            new TransportResult { Transport = "tcp", Label = "tcp 64 B", Status = TransportStatus.Ok, Repeats = [Repeat(1, 2000), Repeat(2, 1500), Repeat(3, 2500)] },
            new TransportResult { Transport = "udp", Label = "udp 64 B", Status = TransportStatus.Failed, Error = "boom" },
            new TransportResult { Transport = "quic", Label = "quic 64 B", Status = TransportStatus.Ok, Repeats = [new Measurement { Latency = new Latency { Count = 3, P50Ms = 1 } }] },
        ],
    };

    private static void AssertSamePercentiles(Latency latency, HistogramBase read)
    {
        Assert.Equal(latency.Count, read.TotalCount);
        // The exact min and max are in results.json, not in the histogram: the percentiles are clamped to them, as when recorded.
        long minNs = (long)Math.Round(latency.MinMs * 1e6), maxNs = (long)Math.Round(latency.MaxMs * 1e6);
        foreach (var (p, ms) in new[] { (50.0, latency.P50Ms), (90, latency.P90Ms), (99, latency.P99Ms), (99.9, latency.P999Ms), (99.99, latency.P9999Ms) })
            Assert.Equal(ms, LatencyHistogram.ValueAtPercentile(read, p, minNs, maxNs) / 1e6);
        foreach (var point in latency.Distribution)
            Assert.Equal(point.ValueMs, LatencyHistogram.ValueAtPercentile(read, point.Percentile, minNs, maxNs) / 1e6);
        // Where the rank p/100·n is a whole number, HdrHistogram's own percentile (rank rounded to nearest) agrees.
        Assert.Equal(latency.P99Ms, read.GetValueAtPercentile(99) / 1e6);
    }

    [Fact]
    public void Hlog_read_back_with_HistogramLogReader_gives_the_percentiles_of_results_json()
    {
        // Through results.json, as `harness report` does: the view sees only the document.
        var document = ResultsJson.Deserialize(ResultsJson.Serialize(Document()));
        var logs = HistogramLogView.Render(document);
        var (name, text) = Assert.Single(logs); // failed and histogram-less results have no log
        Assert.Equal("latency-tcp-64-B.hlog", name);

        using var stream = new MemoryStream(new UTF8Encoding(false).GetBytes(text));
        using var reader = new HistogramLogReader(stream);
        var histograms = reader.ReadHistograms().ToList();
        var repeats = document.Transports[0].Repeats;
        Assert.Equal(repeats.Count, histograms.Count);
        long expectedStartMs = Started.ToUnixTimeMilliseconds();
        for (int i = 0; i < repeats.Count; i++)
        {
            AssertSamePercentiles(repeats[i].Latency!, histograms[i]);
            Assert.Equal(expectedStartMs, histograms[i].StartTimeStamp);
            Assert.Equal(expectedStartMs + (long)repeats[i].Throughput!.TransferDurationMs, histograms[i].EndTimeStamp);
            expectedStartMs = histograms[i].EndTimeStamp;
        }
        Assert.Equal(Started.UtcDateTime, reader.GetStartTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public void Run_folder_writes_one_hlog_per_result_with_histograms_beside_results_json()
    {
        var root = Path.Combine(Path.GetTempPath(), "hlog-" + Guid.NewGuid().ToString("N"));
        try
        {
            var folder = RunFolder.Create(root, "pingpong", Started);
            var document = Document();
            folder.Write(document);
            var hlogs = Directory.GetFiles(folder.Path, "*.hlog").Select(Path.GetFileName).ToList();
            Assert.Equal(["latency-tcp-64-B.hlog"], hlogs);
            using var file = File.OpenRead(folder.File("latency-tcp-64-B.hlog"));
            using var reader = new HistogramLogReader(file);
            var read = reader.ReadHistograms().ToList();
            Assert.Equal(3, read.Count);
            AssertSamePercentiles(document.Transports[0].Repeats[2].Latency!, read[2]);
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void File_names_keep_labels_apart_and_use_safe_characters()
    {
        Assert.Equal("latency-quic-dgram-1.5-KiB.hlog", HistogramLogView.FileName("quic-dgram 1.5 KiB"));
        Assert.Equal("latency-a-b-c.hlog", HistogramLogView.FileName("a/b:c"));
    }
}
