using Transports.Results;
using Transports.Results.Metrics;
using Transports.Views;
using Transports.Views.Charts;
using Xunit;

namespace Transports.Tests.Report;

/// <summary>
/// The charts computed from the hand-made results.json fixtures and drawn by ScottPlot: which charts, their titles and
/// axis units, one bar or line per transport, the numbers behind every mark (hover values), colors and anchors.
/// </summary>
public sealed class ChartSpecsTests
{
    private static readonly string[] Charted = ["tcp", "udp", "ws"];

    /// <summary>Tableau 10's first three colors: tcp, udp, ws in run order.</summary>
    private static readonly string[] Colors = ["#4E79A7", "#F28E2B", "#E15759"];

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
    public void Bars_put_plaintext_transports_before_encrypted_ones_and_name_the_groups()
    {
        // one kind only: run order, no group line
        var plain = ChartSpecs.ForRun(ReportFixtures.Bigfile()).Single(s => s.Name == "goodput");
        Assert.Equal("tcp", plain.Series[0]);
        Assert.True(plain.Series.Count >= 2);
        Assert.DoesNotContain(plain.Subtitle, l => l.StartsWith("plaintext:", StringComparison.Ordinal));

        // tcp marked encrypted (a stand-in for tcp-tls): the recorded features alone decide the group
        var doc = ReportFixtures.Bigfile();
        doc = doc with { Transports = doc.Transports.Select(t => t.Transport == "tcp" ? t with { Features = [.. t.Features, "encrypted"] } : t).ToArray() };
        var goodput = ChartSpecs.ForRun(doc).Single(s => s.Name == "goodput");
        Assert.Equal([.. plain.Series.Skip(1), "tcp"], goodput.Series);
        Assert.Contains(goodput.Subtitle, l => l.StartsWith("plaintext: ", StringComparison.Ordinal) && l.EndsWith(" · encrypted: tcp", StringComparison.Ordinal));
    }

    [Fact]
    public void A_run_where_no_transport_succeeded_has_no_charts()
    {
        var doc = ReportFixtures.Datagrams();
        doc = doc with { Transports = doc.Transports.Select(t => t with { Status = TransportStatus.Failed, Error = "boom" }).ToArray() };
        Assert.Empty(ChartSpecs.ForRun(doc));
    }

    [Fact]
    public void Every_chart_draws_its_title_the_machine_and_the_date_in_dejavu_sans()
    {
        foreach (var spec in ChartSpecs.ForRun(ReportFixtures.Datagrams()))
        {
            Assert.Contains("AMD EPYC 7B13, 2 cores · Debian GNU/Linux 12 (bookworm) · .NET 10.0.0", spec.Subtitle);
            Assert.Contains("2026-11-21 10:15 UTC · datagrams, run 20261121-101500-datagrams", spec.Subtitle);
            Assert.Equal("Not shown: quic (skipped)", spec.Subtitle[^1]);

            var chart = DrawnChart.Of(spec);
            Assert.Contains(spec.Title, chart.Texts);
            Assert.Contains("2026-11-21 10:15 UTC · datagrams, run 20261121-101500-datagrams", chart.Texts);
            Assert.Contains("Not shown: quic (skipped)", chart.Texts);
            // ScottPlot falls back to a serif face unless told: every text names the sans-serif family.
            var families = chart.Document.Descendants("{http://www.w3.org/2000/svg}text").Select(t => (string?)t.Attribute("font-family")).Distinct();
            Assert.Equal(["DejaVu Sans"], families);
        }
    }

    [Fact]
    public void Every_axis_is_titled_with_its_unit_and_drawn_with_its_tick_labels()
    {
        var a = ReportFixtures.Datagrams();
        var specs = ChartSpecs.ForRun(a).Concat(ChartSpecs.ForComparison(a, a with { Run = a.Run with { Id = "b" } }));
        foreach (var spec in specs)
        {
            Assert.Matches(@"\(.+\)$", spec.YAxisTitle);
            if (spec.XAxisTitle != "Transport") Assert.Matches(@"\(.+\)$", spec.XAxisTitle); // a category axis has no unit
            var chart = DrawnChart.Of(spec);
            Assert.Contains(spec.XAxisTitle, chart.Texts);
            Assert.Contains(spec.YAxisTitle, chart.Texts);
            Assert.True(chart.Texts.Count(t => t.Length > 0 && (char.IsDigit(t[0]) || t.EndsWith('%'))) >= 4, $"{spec.Name}: too few tick labels");
        }
    }

    [Fact]
    public void No_chart_is_blank_and_each_shows_a_color_per_series()
    {
        foreach (var spec in ChartSpecs.ForRun(ReportFixtures.Datagrams()))
        {
            var chart = DrawnChart.Of(spec);
            Assert.True(chart.InkShare() > 0.03, $"{spec.Name}: only {chart.InkShare():P1} of the PNG is not white");
            Assert.True(chart.ColorCount() >= 3 + 2, $"{spec.Name}: {chart.ColorCount()} colors"); // white, black ink, one per transport
            Assert.NotEmpty(chart.Hovers);
        }
    }

    [Fact]
    public void Goodput_bars_are_the_summary_medians_in_gbit_per_second_on_a_zero_based_axis()
    {
        var doc = ReportFixtures.Datagrams();
        var spec = ChartSpecs.ForRun(doc).Single(s => s.Name == "goodput");
        Assert.Equal("Goodput (Gbit/s)", spec.YAxisTitle);
        Assert.Equal(MetricCatalog.Goodput.Title, spec.YAxisTitle);
        Assert.Equal("Transport", spec.XAxisTitle);
        Assert.Equal(Charted, spec.Series);

        var chart = DrawnChart.Of(spec);
        Assert.Equal(Colors, chart.Bars.Select(b => DrawnChart.Hex((string)b.Attribute("fill")!)));
        foreach (var label in Charted) Assert.Contains(label, chart.Texts);
        Assert.Contains("0", chart.Texts);
        // Zero-based: every bar starts on the same baseline, and its height is proportional to its median.
        var bottoms = chart.Bars.Select(b => Px(b, "y") + Px(b, "height")).ToArray();
        Assert.All(bottoms, b => Assert.Equal(bottoms[0], b, 1));
        var medians = Charted.Select(l => doc.Transports.Single(t => t.Label == l).Summary!.Get(MetricCatalog.Goodput)!.Median).ToArray();
        Assert.Equal(medians[1] / medians[0], Px(chart.Bars[1], "height") / Px(chart.Bars[0], "height"), 2);

        foreach (var label in Charted)
        {
            var summary = doc.Transports.Single(t => t.Label == label).Summary!.Get(MetricCatalog.Goodput)!;
            var hover = chart.Hovers.Single(h => h.StartsWith(label + "\n", StringComparison.Ordinal));
            Assert.Contains($"Median Goodput (Gbit/s): {ChartStyle.Num(summary.Median / 1e9)}", hover);
            Assert.Contains($"Min: {ChartStyle.Num(summary.Min / 1e9)} · Max: {ChartStyle.Num(summary.Max / 1e9)}", hover);
            Assert.Contains("95% CI of median:", hover);
            Assert.Contains("Repeats: 3", hover);
            Assert.Contains(ChartStyle.Short(summary.Median / 1e9), chart.Texts); // the median written above the whisker
        }
    }

    [Fact]
    public void Goodput_whiskers_span_min_to_max_and_every_repeat_is_a_dot()
    {
        var doc = ReportFixtures.Datagrams();
        var chart = DrawnChart.Of(ChartSpecs.ForRun(doc), "goodput");
        var dots = chart.Hovers.Where(h => h.Contains(", repeat ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(9, dots.Length);
        var udpRepeats = doc.Transports.Single(t => t.Label == "udp").Repeats.Select(m => m.Throughput!.GoodputBitsPerSecond / 1e9).ToArray();
        Assert.Equal(udpRepeats.Select((v, i) => $"udp, repeat {i + 1}: {ChartStyle.Num(v)} Gbit/s"), dots.Where(d => d.StartsWith("udp", StringComparison.Ordinal)));
        // Each whisker is a vertical stroke plus two caps in the ink color.
        Assert.Equal(3 * 3, chart.Strokes("#333333").Count);
    }

    [Fact]
    public void Timeline_has_one_step_line_per_transport_in_seconds_and_gbit_per_second_from_the_median_repeat()
    {
        var doc = ReportFixtures.Datagrams();
        var spec = ChartSpecs.ForRun(doc).Single(s => s.Name == "goodput-timeline");
        Assert.Equal("Time since the connect started (s)", spec.XAxisTitle);
        Assert.Equal("Goodput (Gbit/s)", spec.YAxisTitle);
        Assert.Equal(Charted, spec.Series);

        var chart = DrawnChart.Of(spec);
        foreach (var (label, color) in Charted.Zip(Colors))
        {
            Assert.Contains(label, chart.Texts); // the legend
            Assert.True(DrawnChart.IsStepPath(chart.Line(color)), $"{label}'s line is not drawn as steps");
        }
        // udp's repeats have goodput 1.71, 1.52, 1.66 Gbit/s (order by delivered bytes): the median is repeat 3.
        var udp = doc.Transports.Single(t => t.Label == "udp");
        var goodputs = udp.Repeats.Select(m => m.Throughput!.GoodputBitsPerSecond).ToArray();
        int medianRepeat = Array.IndexOf(goodputs, goodputs.Order().ElementAt(1)) + 1;
        var timeline = udp.Repeats[medianRepeat - 1].Timeline;
        var udpHovers = chart.Hovers.Where(h => h.StartsWith("udp,", StringComparison.Ordinal)).ToArray();
        Assert.Equal(timeline.Count, udpHovers.Length);
        Assert.All(udpHovers, h => Assert.StartsWith($"udp, repeat {medianRepeat}: ", h));
        Assert.StartsWith($"udp, repeat {medianRepeat}: {ChartStyle.Num(timeline[10].GoodputBitsPerSecond / 1e9)} Gbit/s at {ChartStyle.Num(timeline[10].ElapsedMs / 1000)} s", udpHovers[10]);
    }

    [Fact]
    public void Latency_plot_uses_a_nines_x_axis_and_log_milliseconds()
    {
        var doc = ReportFixtures.Datagrams();
        var spec = ChartSpecs.ForRun(doc).Single(s => s.Name == "latency-percentiles");
        Assert.Equal("One-way delay percentiles", spec.Title);
        Assert.Equal("One-way delay (ms, log scale)", spec.YAxisTitle);
        Assert.Contains("nines", spec.XAxisTitle);
        Assert.Contains(spec.Subtitle, s => s.Contains("corrected for coordinated omission"));
        Assert.Equal(Charted, spec.Series);

        var chart = DrawnChart.Of(spec);
        foreach (var label in new[] { "50%", "90%", "99%", "99.9%", "99.99%", "99.999%" }) Assert.Contains(label, chart.Texts);
        Assert.Contains("0.1", chart.Texts); // log ticks are labeled with the value, not its logarithm
        foreach (var color in Colors) Assert.NotEmpty(chart.Strokes(color));

        var tcpHovers = chart.Hovers.Where(h => h.StartsWith("tcp,", StringComparison.Ordinal)).ToArray();
        var p99 = tcpHovers.Single(h => h.Contains(": p99 = ", StringComparison.Ordinal));
        int repeat = int.Parse(p99["tcp, repeat ".Length..p99.IndexOf(':')], System.Globalization.CultureInfo.InvariantCulture);
        var latency = doc.Transports[0].Repeats[repeat - 1].Latency!;
        Assert.StartsWith($"tcp, repeat {repeat}: p99 = {ChartStyle.Num(latency.Distribution.Single(p => p.Percentile == 99).ValueMs)} ms", p99);
        Assert.Equal(latency.Distribution.Count(p => p.Percentile < 100), tcpHovers.Length); // the 100th percentile has no place
    }

    [Fact]
    public void The_nines_scale_spaces_90_99_and_999_one_unit_apart()
    {
        Assert.Equal(0, NinesAxis.X(0), 9);
        Assert.Equal(Math.Log10(2), NinesAxis.X(50), 9);
        Assert.Equal(1, NinesAxis.X(90), 9);
        Assert.Equal(2, NinesAxis.X(99), 9);
        Assert.Equal(3, NinesAxis.X(99.9), 9);
        Assert.Equal(4, NinesAxis.X(99.99), 6);
        Assert.False(NinesAxis.Fits(100));
        var (positions, labels) = NinesAxis.Ticks(4);
        Assert.Equal(["", "50%", "90%", "99%", "99.9%", "99.99%"], labels);
        Assert.Equal(4, positions[^1], 6);
    }

    [Fact]
    public void Log_ticks_are_placed_at_log10_of_their_value_and_labeled_with_the_value()
    {
        var (positions, labels) = LogTicks.For(0.018, 6.2);
        Assert.Equal(["0.02", "0.05", "0.1", "0.2", "0.5", "1", "2", "5"], labels);
        Assert.Equal(labels.Select(l => Math.Log10(double.Parse(l, System.Globalization.CultureInfo.InvariantCulture))), positions, new Tolerance(1e-12));
        Assert.Equal(["1", "10", "100", "1000", "10000", "100000"], LogTicks.For(1, 100_000).Labels); // wide ranges: powers of ten only
    }

    [Fact]
    public void Cpu_loss_and_jitter_bars_carry_their_units_from_the_metric_catalog()
    {
        var specs = ChartSpecs.ForRun(ReportFixtures.Datagrams());
        foreach (var (name, metric, title) in new[]
        {
            ("cpu-per-gib", MetricCatalog.CpuPerGiB, "CPU time, user+sys (s/GiB)"),
            ("loss", MetricCatalog.Loss, "Loss (%)"),
            ("jitter", MetricCatalog.Jitter, "Interarrival jitter, RFC 3550 (ms)"),
        })
        {
            var spec = specs.Single(s => s.Name == name);
            Assert.Equal(title, spec.YAxisTitle);
            Assert.Equal(metric.Title, spec.YAxisTitle);
            var chart = DrawnChart.Of(spec);
            Assert.Contains(title, chart.Texts);
            Assert.Equal(Charted, chart.Hovers.Where(h => h.Contains('\n')).Select(h => h.Split('\n')[0])); // one bar per transport
            Assert.NotEmpty(chart.Bars); // (a median of 0, tcp's loss, is a bar of no height)
        }
    }

    [Fact]
    public void Loss_is_the_median_over_repeats_and_zero_for_reliable_transports()
    {
        var chart = DrawnChart.Of(ChartSpecs.ForRun(ReportFixtures.Datagrams()), "loss");
        Assert.Contains("Median Loss (%): 0\n", chart.Hovers.Single(h => h.StartsWith("tcp\n", StringComparison.Ordinal)));
        var udp = chart.Hovers.Single(h => h.StartsWith("udp\n", StringComparison.Ordinal));
        Assert.Contains("Median Loss (%): 5.2\n", udp);
        Assert.Contains("Min: 4.1 · Max: 9.8\n", udp);
    }

    [Fact]
    public void Jitter_without_a_summary_is_computed_from_the_repeats()
    {
        var doc = ReportFixtures.Datagrams();
        var chart = DrawnChart.Of(ChartSpecs.ForRun(doc), "jitter");
        var ws = doc.Transports.Single(t => t.Label == "ws").Repeats.Select(m => m.Delivery!.JitterMs!.Value).Order().ToArray();
        var hover = chart.Hovers.Single(h => h.StartsWith("ws\n", StringComparison.Ordinal));
        Assert.Contains($"Median Interarrival jitter, RFC 3550 (ms): {ChartStyle.Num(ws[1])}\n", hover);
        Assert.Contains($"Min: {ChartStyle.Num(ws[0])} · Max: {ChartStyle.Num(ws[2])}\n", hover);
    }

    [Fact]
    public void A_transport_keeps_its_color_in_every_chart()
    {
        foreach (var spec in ChartSpecs.ForRun(ReportFixtures.Datagrams()))
        {
            var chart = DrawnChart.Of(spec);
            if (spec.XAxisTitle == "Transport")
                Assert.All(chart.Bars, b => Assert.Equal(Colors[Array.IndexOf(Charted, chart.LabelOf(b))], DrawnChart.Hex((string)b.Attribute("fill")!)));
            else Assert.All(Colors, c => Assert.NotEmpty(chart.Strokes(c)));
        }
    }

    [Fact]
    public void An_incomplete_run_says_so_in_every_caption()
    {
        var doc = ReportFixtures.Bigfile();
        doc = doc with { Run = doc.Run with { Complete = false, IncompleteReason = "interrupted by Ctrl-C" } };
        Assert.All(ChartSpecs.ForRun(doc), c =>
        {
            Assert.Contains(c.Subtitle, s => s.EndsWith("INCOMPLETE: interrupted by Ctrl-C"));
            Assert.Contains(DrawnChart.Of(c).Texts, t => t.EndsWith("INCOMPLETE: interrupted by Ctrl-C"));
        });
    }

    [Fact]
    public void Comparison_groups_bars_by_transport_with_one_color_per_run()
    {
        var a = ReportFixtures.Bigfile();
        var b = a with { Run = a.Run with { Id = "20261122-094000-bigfile" } };
        var specs = ChartSpecs.ForComparison(a, b);
        Assert.Equal(["compare-goodput", "compare-cpu-per-gib"], specs.Select(s => s.Name));
        Assert.Equal(["A: 20261121-094000-bigfile", "B: 20261122-094000-bigfile"], specs[0].Series);
        Assert.Equal("Goodput (Gbit/s)", specs[0].YAxisTitle);

        var chart = DrawnChart.Of(specs[0]);
        Assert.Contains("A: 20261121-094000-bigfile", chart.Texts); // the legend, below the plot
        Assert.Contains("B: 20261122-094000-bigfile", chart.Texts);
        // Per transport (tcp, ws), the bar of run A then the bar of run B, left to right, in the two run colors.
        var bars = chart.Bars.OrderBy(r => Px(r, "x")).ToArray();
        Assert.Equal(4, bars.Length);
        Assert.Equal(["#4E79A7", "#F28E2B", "#4E79A7", "#F28E2B"], bars.Select(r => (string)r.Attribute("fill")!));
        Assert.Equal(
            ["tcp, run A: 20261121-094000-bigfile", "ws, run A: 20261121-094000-bigfile", "tcp, run B: 20261122-094000-bigfile", "ws, run B: 20261122-094000-bigfile"],
            chart.Hovers.Where(h => h.Contains('\n')).Select(h => h.Split('\n')[0]));
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
    public void Iperf3_goodput_is_a_red_tick_on_the_tcp_bar_with_its_value()
    {
        var spec = ChartSpecs.ForRun(WithAnchors(ReportFixtures.Datagrams())).Single(s => s.Name == "goodput");
        Assert.Contains("red tick: reference tool, same run", spec.Subtitle[0]);
        var chart = DrawnChart.Of(spec);
        chart.Save("anchors");
        var tick = Assert.Single(chart.Strokes("#D62728"));
        Assert.Equal("3", (string)tick.Attribute("stroke-width")!);
        Assert.Contains("iperf3 tcp: 12.5", chart.Texts);
        Assert.Contains("iperf3 tcp (reference tool, same run) on tcp: 12.5 Gbit/s", chart.Hovers);
        // The tick lies across the tcp bar (the first one).
        var bar = chart.Bars[0];
        var xs = ((string)tick.Attribute("d")!).Split(['M', 'L', ' '], StringSplitOptions.RemoveEmptyEntries)
            .Select(n => double.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).Where((_, i) => i % 2 == 0).ToArray();
        Assert.True(xs.Min() <= Px(bar, "x") && xs.Max() >= Px(bar, "x") + Px(bar, "width"), "the tick does not span the tcp bar");

        var plain = DrawnChart.Of(ChartSpecs.ForRun(ReportFixtures.Datagrams()), "goodput");
        Assert.Empty(plain.Strokes("#D62728"));
        Assert.DoesNotContain(plain.Texts, t => t.StartsWith("iperf3", StringComparison.Ordinal));
    }

    [Fact]
    public void Sockperf_distribution_is_a_dashed_line_in_the_color_of_its_transport()
    {
        var spec = ChartSpecs.ForRun(WithAnchors(ReportFixtures.Datagrams())).Single(s => s.Name == "latency-percentiles");
        Assert.Equal(["tcp", "udp", "udp: sockperf", "ws"], spec.Series);
        var chart = DrawnChart.Of(spec);
        chart.Save("anchors");
        Assert.Contains("udp: sockperf", chart.Texts); // legend entry
        // Skia's SVG output drops dash effects, so the renderer draws the dashes itself: short strokes in udp's color.
        var dashes = chart.Strokes("#F28E2B").Where(p => ((string)p.Attribute("d")!).Count(c => c == 'L') == 1).ToArray();
        Assert.True(dashes.Length >= 10, $"{dashes.Length} dashes");
        var anchorHovers = chart.Hovers.Where(h => h.StartsWith("udp: sockperf", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, anchorHovers.Length); // 50 and 99; the 100th percentile has no place on the nines scale
        Assert.StartsWith("udp: sockperf (reference tool): p99 = 0.3 ms", anchorHovers[1]);

        var plain = DrawnChart.Of(ChartSpecs.ForRun(ReportFixtures.Datagrams()), "latency-percentiles");
        Assert.True(plain.Strokes("#F28E2B").Count(p => ((string)p.Attribute("d")!).Count(c => c == 'L') == 1) <= 1, "dashes without an anchor"); // the legend symbol
        Assert.DoesNotContain(plain.Hovers, h => h.Contains("sockperf", StringComparison.Ordinal));
    }

    private static double Px(System.Xml.Linq.XElement element, string attribute)
        => double.Parse((string)element.Attribute(attribute)!, System.Globalization.CultureInfo.InvariantCulture);
}
