using System.Text.Json.Nodes;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Views;
using Xunit;
using static Transports.Tests.Report.SpecQuery;

namespace Transports.Tests.Report;

/// <summary>The Vega-Lite specs computed from the hand-made results.json fixtures: which charts, fields, units, series.</summary>
public sealed class ChartSpecsTests
{
    private static readonly string[] Charted = ["tcp", "udp", "ws"];

    private static JsonObject Spec(IReadOnlyList<ChartSpec> specs, string name) => specs.Single(s => s.Name == name).Spec;

    [Fact]
    public void A_message_run_has_every_chart_in_display_order()
    {
        var names = ChartSpecs.ForRun(ReportFixtures.Datagrams()).Select(s => s.Name);
        Assert.Equal(["goodput", "goodput-timeline", "cpu-per-gib", "latency-percentiles", "loss", "jitter"], names);
    }

    [Fact]
    public void A_bigfile_run_has_only_the_charts_whose_data_exist()
    {
        var names = ChartSpecs.ForRun(ReportFixtures.Bigfile()).Select(s => s.Name);
        Assert.Equal(["goodput", "goodput-timeline", "cpu-per-gib"], names);
    }

    [Fact]
    public void A_run_where_no_transport_succeeded_has_no_charts()
    {
        var doc = ReportFixtures.Datagrams();
        doc = doc with { Transports = doc.Transports.Select(t => t with { Status = TransportStatus.Failed, Error = "boom" }).ToArray() };
        Assert.Empty(ChartSpecs.ForRun(doc));
    }

    [Fact]
    public void Every_spec_declares_vega_lite_v5_a_title_the_machine_and_the_date()
    {
        foreach (var chart in ChartSpecs.ForRun(ReportFixtures.Datagrams()))
        {
            Assert.Equal("https://vega.github.io/schema/vega-lite/v5.json", Str(chart.Spec["$schema"]));
            Assert.Equal(chart.Title, Title(chart.Spec));
            Assert.Contains("AMD EPYC 7B13, 2 cores · Debian GNU/Linux 12 (bookworm) · .NET 10.0.0", Subtitle(chart.Spec));
            Assert.Contains("2026-11-21 10:15 UTC · datagrams, run 20261121-101500-datagrams", Subtitle(chart.Spec));
            Assert.Equal("Not shown: quic (skipped)", Subtitle(chart.Spec)[^1]);
        }
    }

    [Fact]
    public void Goodput_bars_are_the_summary_medians_in_gbit_per_second_on_a_zero_based_axis()
    {
        var doc = ReportFixtures.Datagrams();
        var spec = Spec(ChartSpecs.ForRun(doc), "goodput");
        var bar = LayerWithMark(spec, "bar");
        Assert.Equal("Goodput (Gbit/s)", Str(Channel(bar, "y")["title"]));
        Assert.True((bool)Channel(bar, "y")["scale"]!["zero"]!);
        Assert.Equal("Transport", Str(Channel(bar, "x")["title"]));

        var rows = Rows(bar);
        Assert.Equal(Charted, rows.Select(r => Str(r["label"])));
        foreach (var row in rows)
        {
            var summary = doc.Transports.Single(t => t.Label == Str(row["label"])).Summary!.Get(MetricCatalog.Goodput)!;
            Assert.Equal(summary.Median / 1e9, Num(row["median"]), 5);
            Assert.Equal(summary.Min / 1e9, Num(row["min"]), 5);
            Assert.Equal(summary.Max / 1e9, Num(row["max"]), 5);
            Assert.Equal(3, (int)row["repeats"]!);
        }
    }

    [Fact]
    public void Goodput_whiskers_span_min_to_max_and_every_repeat_is_a_dot()
    {
        var doc = ReportFixtures.Datagrams();
        var spec = Spec(ChartSpecs.ForRun(doc), "goodput");
        var rule = LayerWithMark(spec, "rule");
        Assert.Equal("min", Str(Channel(rule, "y")["field"]));
        Assert.Equal("max", Str(Channel(rule, "y2")["field"]));

        var dots = Rows(LayerWithMark(spec, "circle"));
        Assert.Equal(9, dots.Count);
        var udpRepeats = doc.Transports.Single(t => t.Label == "udp").Repeats.Select(m => m.Throughput!.GoodputBitsPerSecond / 1e9);
        Assert.Equal(udpRepeats, dots.Where(d => Str(d["label"]) == "udp").Select(d => Num(d["value"])), new Tolerance(1e-5));
    }

    [Fact]
    public void Timeline_has_one_series_per_transport_in_seconds_and_gbit_per_second_from_the_median_repeat()
    {
        var doc = ReportFixtures.Datagrams();
        var spec = Spec(ChartSpecs.ForRun(doc), "goodput-timeline");
        Assert.Equal("Time since the connect started (s)", Str(Channel(spec, "x")["title"]));
        Assert.Equal("Goodput (Gbit/s)", Str(Channel(spec, "y")["title"]));
        Assert.Equal("label", Str(Channel(spec, "color")["field"]));
        Assert.NotNull(Channel(spec, "color")["legend"]);

        var rows = Rows(spec);
        Assert.Equal(Charted, rows.Select(r => Str(r["label"])).Distinct());
        // udp's repeats have goodput 1.71, 1.52, 1.66 Gbit/s (order by delivered bytes): the median is repeat 3.
        var udp = doc.Transports.Single(t => t.Label == "udp");
        var goodputs = udp.Repeats.Select(m => m.Throughput!.GoodputBitsPerSecond).ToArray();
        int medianRepeat = Array.IndexOf(goodputs, goodputs.Order().ElementAt(1)) + 1;
        var udpRows = rows.Where(r => Str(r["label"]) == "udp").ToArray();
        Assert.All(udpRows, r => Assert.Equal(medianRepeat, (int)r["repeat"]!));
        var timeline = udp.Repeats[medianRepeat - 1].Timeline;
        // One row per sample, after a first row at 0 s carrying the first sample's value (its interval starts there).
        Assert.Equal(timeline.Count + 1, udpRows.Length);
        Assert.Equal(0, Num(udpRows[0]["seconds"]));
        Assert.Equal(timeline[0].GoodputBitsPerSecond / 1e9, Num(udpRows[0]["gbitPerSecond"]), 5);
        Assert.Equal(timeline[10].ElapsedMs / 1000, Num(udpRows[11]["seconds"]), 6);
        Assert.Equal(timeline[10].GoodputBitsPerSecond / 1e9, Num(udpRows[11]["gbitPerSecond"]), 5);
        Assert.Equal("step-before", Str(spec["mark"]!["interpolate"]));
    }

    [Fact]
    public void Latency_plot_uses_a_nines_log_x_axis_and_log_milliseconds()
    {
        var doc = ReportFixtures.Datagrams();
        var spec = Spec(ChartSpecs.ForRun(doc), "latency-percentiles");
        Assert.Equal("One-way delay percentiles", Title(spec));
        var x = Channel(spec, "x");
        Assert.Equal("log", Str(x["scale"]!["type"]));
        Assert.Equal("log", Str(Channel(spec, "y")["scale"]!["type"]));
        Assert.Equal("One-way delay (ms, log scale)", Str(Channel(spec, "y")["title"]));
        string labels = Str(x["axis"]!["labelExpr"]);
        foreach (var label in new[] { "'50%'", "'90%'", "'99%'", "'99.9%'", "'99.99%'", "'99.999%'" }) Assert.Contains(label, labels);

        var rows = Rows(spec);
        Assert.Equal(Charted, rows.Select(r => Str(r["label"])).Distinct());
        Assert.All(rows, r => Assert.InRange(Num(r["percentile"]), 0, 99.9999));
        var p99 = rows.First(r => Str(r["label"]) == "tcp" && Num(r["percentile"]) == 99);
        Assert.Equal(100, Num(p99["nines"]), 6);
        int repeat = (int)p99["repeat"]!;
        Assert.Equal(doc.Transports[0].Repeats[repeat - 1].Latency!.Distribution.Single(p => p.Percentile == 99).ValueMs, Num(p99["ms"]), 6);
        Assert.Contains(Subtitle(spec), s => s.Contains("corrected for coordinated omission"));
    }

    [Fact]
    public void Cpu_loss_and_jitter_bars_carry_their_units()
    {
        var specs = ChartSpecs.ForRun(ReportFixtures.Datagrams());
        Assert.Equal("CPU time, user+sys (s/GiB)", Str(Channel(LayerWithMark(Spec(specs, "cpu-per-gib"), "bar"), "y")["title"]));
        Assert.Equal("Loss (%)", Str(Channel(LayerWithMark(Spec(specs, "loss"), "bar"), "y")["title"]));
        Assert.Equal("Interarrival jitter, RFC 3550 (ms)", Str(Channel(LayerWithMark(Spec(specs, "jitter"), "bar"), "y")["title"]));
    }

    [Fact]
    public void Loss_is_the_median_over_repeats_and_zero_for_reliable_transports()
    {
        var rows = Rows(LayerWithMark(Spec(ChartSpecs.ForRun(ReportFixtures.Datagrams()), "loss"), "bar"));
        Assert.Equal(0, Num(rows.Single(r => Str(r["label"]) == "tcp")["median"]));
        var udp = rows.Single(r => Str(r["label"]) == "udp");
        Assert.Equal(5.2, Num(udp["median"]), 6);
        Assert.Equal(4.1, Num(udp["min"]), 6);
        Assert.Equal(9.8, Num(udp["max"]), 6);
    }

    [Fact]
    public void Jitter_without_a_summary_is_computed_from_the_repeats()
    {
        var doc = ReportFixtures.Datagrams();
        var rows = Rows(LayerWithMark(Spec(ChartSpecs.ForRun(doc), "jitter"), "bar"));
        var ws = doc.Transports.Single(t => t.Label == "ws").Repeats.Select(m => m.Delivery!.JitterMs!.Value).Order().ToArray();
        var row = rows.Single(r => Str(r["label"]) == "ws");
        Assert.Equal(ws[1], Num(row["median"]), 6);
        Assert.Equal(ws[0], Num(row["min"]), 6);
        Assert.Equal(ws[2], Num(row["max"]), 6);
    }

    [Fact]
    public void A_transport_keeps_its_color_in_every_chart()
    {
        foreach (var chart in ChartSpecs.ForRun(ReportFixtures.Datagrams()))
        {
            var color = Layers(chart.Spec).Select(l => l["encoding"]?["color"]).First(c => c is not null)!;
            Assert.Equal(Charted, color["scale"]!["domain"]!.AsArray().Select(d => (string)d!));
            Assert.Equal("tableau10", Str(color["scale"]!["scheme"]));
        }
    }

    [Fact]
    public void An_incomplete_run_says_so_in_every_caption()
    {
        var doc = ReportFixtures.Bigfile();
        doc = doc with { Run = doc.Run with { Complete = false, IncompleteReason = "interrupted by Ctrl-C" } };
        Assert.All(ChartSpecs.ForRun(doc), c => Assert.Contains(Subtitle(c.Spec), s => s.EndsWith("INCOMPLETE: interrupted by Ctrl-C")));
    }

    [Fact]
    public void Comparison_groups_bars_by_transport_with_one_color_per_run()
    {
        var a = ReportFixtures.Bigfile();
        var b = a with { Run = a.Run with { Id = "20261122-094000-bigfile" } };
        var specs = ChartSpecs.ForComparison(a, b);
        Assert.Equal(["compare-goodput", "compare-cpu-per-gib"], specs.Select(s => s.Name));

        var bar = LayerWithMark(specs[0].Spec, "bar");
        Assert.Equal("group", Str(Channel(bar, "xOffset")["field"]));
        Assert.Equal("group", Str(Channel(bar, "color")["field"]));
        Assert.Equal("Goodput (Gbit/s)", Str(Channel(bar, "y")["title"]));
        var rows = Rows(bar);
        Assert.Equal(
            ["tcp|A: 20261121-094000-bigfile", "ws|A: 20261121-094000-bigfile", "tcp|B: 20261122-094000-bigfile", "ws|B: 20261122-094000-bigfile"],
            rows.Select(r => $"{Str(r["label"])}|{Str(r["group"])}"));
    }

    [Fact]
    public void Comparison_of_message_runs_adds_latency_and_loss()
    {
        var a = ReportFixtures.Datagrams();
        var names = ChartSpecs.ForComparison(a, a).Select(s => s.Name);
        Assert.Equal(["compare-goodput", "compare-cpu-per-gib", "compare-latency-p99", "compare-loss"], names);
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;
        public int GetHashCode(double obj) => 0;
    }

    private static ResultsDocument WithAnchors(ResultsDocument doc) => doc with
    {
        Anchors =
        [
            new AnchorResult { Tool = "iperf3", Label = "iperf3 tcp", ComparableFeatures = Anchors.AnchorFeatures.Tcp, Status = TransportStatus.Ok, GoodputBitsPerSecond = 12.5e9 },
            new AnchorResult
            {
                Tool = "sockperf", Label = "sockperf udp", ComparableFeatures = Anchors.AnchorFeatures.Udp, Status = TransportStatus.Ok,
                Parameters = new System.Text.Json.Nodes.JsonObject { ["message_size_bytes"] = 1200 },
                // Compared metric by metric: the datagrams fixture measured one-way delay, so this stand-in anchor does too.
                Latency = new Latency { Kind = "one_way_delay", P50Ms = 0.1, P99Ms = 0.3, Distribution = [new PercentilePoint(50, 0.1), new PercentilePoint(99, 0.3), new PercentilePoint(100, 0.9)] },
            },
            new AnchorResult { Tool = "iperf3", Label = "iperf3 failed", ComparableFeatures = Anchors.AnchorFeatures.Tcp, Status = TransportStatus.Failed, Error = "boom" },
        ],
    };

    [Fact]
    public void Iperf3_goodput_is_a_tick_on_the_tcp_bar_with_its_value()
    {
        var spec = Spec(ChartSpecs.ForRun(WithAnchors(ReportFixtures.Datagrams())), "goodput");
        var tick = LayerWithMark(spec, "tick");
        var row = Assert.Single(Rows(tick));
        Assert.Equal(("tcp", "iperf3 tcp", 12.5), (Str(row["label"]), Str(row["anchor"]), Num(row["value"])));
        Assert.Equal("iperf3 tcp: 12.5", Str(row["text"]));
        Assert.Contains("red tick: reference tool, same run", Subtitle(spec)[0]);
        Assert.DoesNotContain(Layers(Spec(ChartSpecs.ForRun(ReportFixtures.Datagrams()), "goodput")), l => MarkType(l) == "tick");
    }

    [Fact]
    public void Sockperf_distribution_is_a_dashed_line_in_the_color_of_its_transport()
    {
        var spec = Spec(ChartSpecs.ForRun(WithAnchors(ReportFixtures.Datagrams())), "latency-percentiles");
        var anchorRows = Rows(spec).Where(r => Str(r["source"]) == "sockperf").ToArray();
        Assert.Equal([50.0, 99.0], anchorRows.Select(r => Num(r["percentile"]))); // the 100th percentile has no place on the nines scale
        Assert.All(anchorRows, r => Assert.Equal(("udp", "udp: sockperf"), (Str(r["label"]), Str(r["series"]))));
        Assert.Equal(0.3, Num(anchorRows[1]["ms"]));
        Assert.Equal(["harness", "sockperf"], Channel(spec, "strokeDash")["scale"]!["domain"]!.AsArray().Select(Str));
        Assert.All(Rows(spec).Where(r => Str(r["source"]) == "harness"), r => Assert.Equal(Str(r["label"]), Str(r["series"])));

        var plain = Spec(ChartSpecs.ForRun(ReportFixtures.Datagrams()), "latency-percentiles");
        Assert.Null(plain["encoding"]!["strokeDash"]);
        Assert.DoesNotContain(Rows(plain), r => Str(r["source"]) != "harness");
    }
}
