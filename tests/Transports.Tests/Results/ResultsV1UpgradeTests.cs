using System.Text.Json.Nodes;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Tests.Report;
using Transports.Views;
using Transports.Views.Rendering;
using Transports.Views.Tables;
using Xunit;

namespace Transports.Tests.Results;

/// <summary>Schema v2 reads v1 documents by upgrading them: summaries recomputed, scenario statistics moved to metric values.</summary>
public sealed class ResultsV1UpgradeTests
{
    private static JsonObject Fixture(string name)
        => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Report", "Fixtures", name)))!.AsObject();

    [Theory]
    [InlineData("bigfile-results.json")]
    [InlineData("datagrams-results.json")]
    public void V1_fixtures_load_as_v2_with_the_summary_recomputed_from_the_repeats(string name)
    {
        var v1 = Fixture(name);
        Assert.Equal("transports.results/v1", (string?)v1["schema"]);
        var doc = ResultsJson.Deserialize(v1.ToJsonString());
        Assert.Equal(ResultsDocument.CurrentSchema, doc.Schema);
        for (int i = 0; i < doc.Transports.Count; i++)
        {
            var t = doc.Transports[i];
            if (t.Repeats.Count == 0) { Assert.Null(t.Summary); continue; }
            // The v1 summary's goodput is what the repeats give: the upgrade loses nothing v1 had.
            var old = v1["transports"]![i]!["summary"]!["goodputBitsPerSecond"]!;
            var goodput = t.Summary!.Get(MetricCatalog.Goodput)!;
            Assert.Equal((double)old["median"]!, goodput.Median, 3);
            Assert.Equal((double)old["min"]!, goodput.Min, 3);
            Assert.Equal((double)old["max"]!, goodput.Max, 3);
            Assert.Equal(t.Repeats.Count, t.Summary.Repeats);
        }
        // Written again, it is a v2 document that reads back unchanged.
        var json = ResultsJson.Serialize(doc);
        Assert.Equal(json, ResultsJson.Serialize(ResultsJson.Deserialize(json)));
        Assert.Contains("\"schema\": \"transports.results/v2\"", json);
    }

    [Theory]
    [InlineData("bigfile-results.json")]
    [InlineData("datagrams-results.json")]
    public void V1_fixtures_render_in_every_view(string name)
    {
        var doc = ResultsJson.Deserialize(Fixture(name).ToJsonString());
        var tcp = doc.Transports[0];
        Assert.Contains("\ntcp,tcp,ok,", CsvViews.Summary(doc));
        Assert.Contains("| tcp | ok | 3 |", MarkdownView.Render(doc));
        Assert.NotEmpty(ChartSpecs.ForRun(doc));
        string goodput = NumberFormat.Range(MetricCatalog.Goodput, tcp.Summary!.Get(MetricCatalog.Goodput));
        Assert.Contains($"<td>{goodput}</td>", HtmlReport.ForRun(doc, []));
    }

    [Fact]
    public void Scenario_statistics_move_to_metric_values_and_the_transports_counters_stay()
    {
        var node = JsonNode.Parse(ResultsJson.Serialize(ResultsSchemaTests.Sample()))!.AsObject();
        node["schema"] = "transports.results/v1";
        var repeat = node["transports"]![0]!["repeats"]![0]!.AsObject();
        repeat.Remove("values");
        repeat["transportStatistics"] = new JsonObject
        {
            ["rtt_us"] = 12.5, ["scenario_end_marker_seen"] = 1, ["scenario_out_of_window_responses"] = 4,
            ["scenario_owd_above_base_p99_ms"] = 0.03, // derived from the latency section in v2: dropped
        };
        node["transports"]![0]!["summary"] = new JsonObject { ["repeats"] = 1, ["goodputBitsPerSecond"] = new JsonObject { ["median"] = 1 } };
        var m = ResultsJson.Deserialize(node.ToJsonString()).Transports[0].Repeats[0];
        Assert.Equal(new Dictionary<string, double> { ["rtt_us"] = 12.5 }, m.TransportStatistics);
        Assert.Equal(new Dictionary<string, double> { ["end_marker_seen_flag"] = 1, ["out_of_window_count"] = 4 }, m.Values);
    }

    [Fact]
    public void Other_schemas_are_one_clear_line()
    {
        foreach (var schema in new[] { "transports.results/v0", "something/else" })
        {
            var node = JsonNode.Parse(ResultsJson.Serialize(ResultsSchemaTests.Sample()))!;
            node["schema"] = schema;
            var e = Assert.Throws<InvalidDataException>(() => ResultsJson.Deserialize(node.ToJsonString()));
            Assert.Equal($"results schema '{schema}' is not supported (expected transports.results/v2, or transports.results/v1 which is upgraded)", e.Message);
        }
    }

    [Fact]
    public void V1_parameters_become_typed_json()
    {
        var json = ParametersV1.ToJson(new Dictionary<string, string>
        {
            ["size_bytes"] = "1073741824", ["rate"] = "0.5", ["sink"] = "file", ["verify"] = "true", ["inline"] = "false", ["code"] = "007", ["neg"] = "-3",
        });
        Assert.Equal("""{"size_bytes":1073741824,"rate":0.5,"sink":"file","verify":true,"inline":false,"code":"007","neg":-3}""", json.ToJsonString());
    }

    [Fact]
    public void V1_text_parameters_become_typed_and_an_anchors_transport_name_becomes_its_features()
    {
        var v1 = Fixture("datagrams-results.json");
        Assert.Equal("1200", (string?)v1["transports"]![1]!["parameters"]!["message_size_bytes"]);
        v1["anchors"] = new JsonArray(new JsonObject
        {
            ["tool"] = "sockperf", ["label"] = "sockperf udp", ["comparableTransport"] = "udp", ["status"] = "ok",
            ["parameters"] = new JsonObject { ["message_size_bytes"] = "1200" },
            ["latency"] = new JsonObject { ["kind"] = "one_way_delay", ["p50Ms"] = 0.1, ["p99Ms"] = 0.3 },
        });
        var doc = ResultsJson.Deserialize(v1.ToJsonString());
        Assert.Equal(1200, doc.Transports[1].Parameters["message_size_bytes"]!.GetValue<long>());
        var anchor = Assert.Single(doc.Anchors);
        Assert.Equal(doc.Transports[1].Features, anchor.ComparableFeatures); // udp's features, as the document recorded them
        Assert.Equal(1200, anchor.Parameters["message_size_bytes"]!.GetValue<long>());
        Assert.Contains(AnchorComparisons.Compute(doc), c => c.TransportLabel == doc.Transports[1].Label && c.AnchorLabel == "sockperf udp");
    }

    [Fact]
    public void V1_sha256_digests_become_the_method_named_hashes()
    {
        var doc = ResultsJson.Deserialize(Fixture("bigfile-results.json").ToJsonString());
        var integrity = doc.Transports[0].Repeats[0].Integrity!;
        Assert.Equal("sha256", integrity.Method);
        Assert.Equal("abababababababababababababababababababababababababababababababab", integrity.ExpectedHash);
        Assert.Equal(integrity.ExpectedHash, integrity.ActualHash);
    }
}
