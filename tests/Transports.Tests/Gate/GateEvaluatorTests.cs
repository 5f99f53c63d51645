using System.Xml.Linq;
using Spectre.Console;
using Transports.Results;
using Transports.Views.Gate;
using Xunit;
using static Transports.Tests.Gate.GateFixtures;

namespace Transports.Tests.Gate;

/// <summary>
/// The gate over whole documents: results matched by transport and label, gated metrics per the catalog and the config,
/// environments refused or flagged, and every output (Markdown, JUnit XML, annotations, console) parsed back.
/// </summary>
public sealed class GateEvaluatorTests
{
    private static GateReport Gate(ResultsDocument baseline, ResultsDocument current, GateConfig? config = null, bool allowMismatch = false)
        => GateEvaluator.Evaluate(baseline, current, config ?? GateConfig.Default, allowMismatch);

    [Fact]
    public void Half_the_rate_on_one_transport_is_a_regression_of_that_transport_only()
    {
        var baseline = Run("a", ("tcp", Rates(10_000)), ("ws", Rates(8_000)));
        var current = Run("b", ("tcp", Rates(5_000)), ("ws", Rates(8_000)));
        var report = Gate(baseline, current);
        Assert.Equal(GateVerdict.Regression, report.Verdict);
        Assert.Equal(1, report.ExitCode);
        var regressions = report.Rows.Where(r => r.Verdict == GateVerdict.Regression).ToList();
        Assert.All(regressions, r => Assert.Equal("tcp", r.Transport));
        // Goodput, messages per second, RTT p50 and p99 all got 2x worse; loss stayed 0.
        Assert.Equal(["goodput_bits_per_s", "messages_per_s", "rtt_p50_ms", "rtt_p99_ms"], regressions.Select(r => r.MetricId).Order().ToArray());
        Assert.All(report.Rows.Where(r => r.Transport == "ws"), r => Assert.Equal(GateVerdict.Pass, r.Verdict));
        // Bulk-only metrics (CPU per GiB) are not gated on a message run.
        Assert.DoesNotContain(report.Rows, r => r.MetricId == "cpu_seconds_per_gib");
    }

    [Fact]
    public void The_same_numbers_pass_and_double_the_rate_is_an_improvement()
    {
        var baseline = Run("a", ("tcp", Rates(10_000)));
        Assert.Equal(GateVerdict.Pass, Gate(baseline, Run("b", ("tcp", Rates(10_000)))).Verdict);
        var better = Gate(baseline, Run("b", ("tcp", Rates(20_000))));
        Assert.Equal(GateVerdict.Pass, better.Verdict); // loss stays 0: pass; the worst of pass and improvement
        Assert.Contains(better.Rows, r => r.MetricId == "messages_per_s" && r.Verdict == GateVerdict.Improvement);
        Assert.Equal(0, better.ExitCode);
    }

    [Fact]
    public void Too_few_repeats_are_inconclusive_with_exit_code_3()
    {
        var report = Gate(Run("a", ("tcp", Rates(10_000, n: 3))), Run("b", ("tcp", Rates(5_000, n: 3))));
        Assert.Equal(GateVerdict.Inconclusive, report.Verdict);
        Assert.Equal(3, report.ExitCode);
        Assert.Contains(report.Rows, r => r.Reason.Contains("too few repeats", StringComparison.Ordinal) && r.Comparison!.RepeatsNeeded == 5);
    }

    [Fact]
    public void A_transport_that_failed_now_is_a_regression_and_a_missing_one_inconclusive()
    {
        var baseline = Run("a", ("tcp", Rates(10_000)), ("ws", Rates(8_000)));
        var current = Run("b", ("tcp", Rates(10_000)));
        current = current with { Transports = [.. current.Transports, new TransportResult { Transport = "ws", Label = "ws", Status = TransportStatus.Failed, Error = "connection reset" }] };
        var failed = Gate(baseline, current);
        Assert.Equal(GateVerdict.Regression, failed.Verdict);
        Assert.Contains(failed.Rows, r => r.Label == "ws" && r.MetricId == "" && r.Reason.Contains("connection reset", StringComparison.Ordinal));

        var missing = Gate(baseline, Run("b", ("tcp", Rates(10_000))));
        Assert.Equal(GateVerdict.Inconclusive, missing.Verdict);
        Assert.Contains(missing.Rows, r => r.Label == "ws" && r.Reason == "not measured in the current run");
    }

    [Fact]
    public void Differing_environments_are_refused_or_flagged_in_every_output()
    {
        var baseline = Run("a", ("tcp", Rates(10_000)));
        var current = Run("b", ("tcp", Rates(5_000))) with { Environment = Machine with { CpuModel = "Other CPU", DotnetVersion = "10.0.1" } };
        var refused = Assert.Throws<GateRefusedException>(() => Gate(baseline, current));
        Assert.Contains("CPU model: Test CPU 3000 vs Other CPU", refused.Message);
        Assert.Contains(".NET: 10.0.0 vs 10.0.1", refused.Message);
        Assert.DoesNotContain('\n', refused.Message);
        // The host name and memory may differ.
        Assert.Equal(GateVerdict.Regression, Gate(baseline, Run("b", ("tcp", Rates(5_000))) with { Environment = Machine with { MachineName = "other", MemoryBytes = 1 } }).Verdict);

        var report = Gate(baseline, current, allowMismatch: true);
        Assert.True(report.EnvironmentMismatch);
        Assert.Contains("ENVIRONMENT MISMATCH", GateMarkdown.Render(report));
        var junit = XDocument.Parse(GateJUnit.ToText(report));
        Assert.All(junit.Descendants("property").Where(p => (string?)p.Attribute("name") == "environment_mismatch"),
            p => Assert.Contains("CPU model", (string)p.Attribute("value")!));
        Assert.All(junit.Descendants("system-out"), o => Assert.StartsWith("ENVIRONMENT MISMATCH", o.Value));
        var annotations = GateAnnotations.Render(report);
        Assert.StartsWith("::warning title=transports gate%3A environment mismatch::", annotations[0]);
        Assert.All(annotations.Where(a => a.StartsWith("::error", StringComparison.Ordinal)), a => Assert.EndsWith("[environment mismatch]", a));
        Assert.Contains("ENVIRONMENT MISMATCH", ConsoleText(report));
    }

    [Fact]
    public void Different_scenarios_are_refused()
    {
        var baseline = Run("a", ("tcp", Rates(10_000)));
        var current = Run("b", ("tcp", Rates(10_000)));
        current = current with { Run = current.Run with { Scenario = "bigfile" } };
        Assert.Throws<GateRefusedException>(() => Gate(baseline, current));
    }

    [Fact]
    public void Markdown_parses_back_to_one_row_per_comparison()
    {
        var report = Gate(Run("a", ("tcp", Rates(10_000)), ("ws", Rates(8_000))), Run("b", ("tcp", Rates(5_000)), ("ws", Rates(8_000))));
        var markdown = GateMarkdown.Render(report);
        Assert.StartsWith("## Transports gate: regression (pingpong, baseline a vs current b)", markdown);
        var table = markdown.Split('\n').Where(l => l.StartsWith('|')).ToList();
        var header = Cells(table[0]);
        Assert.Equal(GateMarkdown.Columns, header);
        Assert.All(Cells(table[1]), c => Assert.Equal("---", c));
        var rows = table.Skip(2).Select(Cells).ToList();
        Assert.Equal(report.Rows.Count, rows.Count);
        Assert.All(rows, r => Assert.Equal(header.Count, r.Count));
        Assert.Equal("regression", rows[0][0]); // worst first
        var tcpRate = rows.Single(r => r[1] == "tcp" && r[2] == "delivered msg/s");
        Assert.Equal(["regression", "tcp", "delivered msg/s", "10050", "5025", "-50.0 %", "±5 %", "6 vs 6"], tcpRate.Take(8).ToArray());
    }

    [Fact]
    public void Junit_xml_parses_back_with_a_failure_per_regression_and_skipped_per_inconclusive()
    {
        var baseline = Run("a", ("tcp", Rates(10_000)), ("ws", Rates(8_000)), ("quic", Rates(7_000)));
        var current = Run("b", ("tcp", Rates(5_000)), ("ws", Rates(8_000)));
        var report = Gate(baseline, current);
        var xml = GateJUnit.ToText(report);
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", xml);
        var doc = XDocument.Parse(xml);
        var root = doc.Root!;
        Assert.Equal("testsuites", root.Name.LocalName);
        var cases = doc.Descendants("testcase").ToList();
        Assert.Equal(report.Rows.Count, cases.Count);
        Assert.Equal(report.Rows.Count, (int)root.Attribute("tests")!);
        int regressions = report.Rows.Count(r => r.Verdict == GateVerdict.Regression);
        Assert.Equal(4, regressions);
        Assert.Equal(regressions, (int)root.Attribute("failures")!);
        Assert.Equal(regressions, cases.Count(c => c.Element("failure") is not null));
        Assert.Equal(1, (int)root.Attribute("skipped")!); // quic missing now
        Assert.Equal(["pingpong.quic", "pingpong.tcp", "pingpong.ws"], doc.Descendants("testsuite").Select(s => (string)s.Attribute("name")!).Order().ToArray());
        var rate = cases.Single(c => (string)c.Attribute("classname")! == "transports.pingpong.tcp" && (string)c.Attribute("name")! == "messages_per_s");
        Assert.Equal("regression", (string)rate.Element("failure")!.Attribute("type")!);
        Assert.Contains("change -50.0 %", (string)rate.Element("failure")!.Attribute("message")!);
    }

    [Fact]
    public void Annotations_are_an_error_per_regression_with_escaped_text()
    {
        var report = Gate(Run("a", ("tcp", Rates(10_000))), Run("b", ("tcp", Rates(5_000))));
        var lines = GateAnnotations.Render(report);
        Assert.Equal(report.Rows.Count(r => r.Verdict == GateVerdict.Regression), lines.Count(l => l.StartsWith("::error title=", StringComparison.Ordinal)));
        Assert.All(lines, l => Assert.DoesNotContain('\n', l));
        // "-50.0 %" in the message: % escaped as %25 (GitHub workflow commands).
        Assert.Contains(lines, l => l.Contains("change -50.0 %25", StringComparison.Ordinal));
        Assert.Equal("a%25b%0Ac", GateAnnotations.Data("a%b\nc"));
        Assert.Equal("x%3A y%2C z", GateAnnotations.Property("x: y, z"));
    }

    [Fact]
    public void Config_overrides_change_the_margin_and_what_is_gated()
    {
        var baseline = Run("a", ("tcp", Rates(10_000)), ("ws", Rates(10_000)));
        var current = Run("b", ("tcp", Rates(8_500)), ("ws", Rates(8_500))); // 15 % fewer messages, RTT 18 % longer
        Assert.Equal(GateVerdict.Regression, Gate(baseline, current).Verdict);
        var config = GateConfig.Parse("""
            { "alpha": 0.01,
              // comments are allowed
              "metrics": { "messages_per_s": { "minimumEffectPercent": 20 }, "goodput_bits_per_s": { "gate": false } },
              "transports": { "tcp": { "rtt_p50_ms": { "minimumEffectPercent": 25 }, "rtt_p99_ms": { "minimumEffectPercent": 25 } } } }
            """);
        Assert.Equal(0.01, config.Alpha);
        var report = Gate(baseline, current, config);
        Assert.DoesNotContain(report.Rows, r => r.MetricId == "goodput_bits_per_s");
        Assert.All(report.Rows.Where(r => r.Transport == "tcp"), r => Assert.Equal(GateVerdict.Pass, r.Verdict));
        Assert.Contains(report.Rows, r => r.Transport == "ws" && r.MetricId == "rtt_p50_ms" && r.Verdict == GateVerdict.Regression);
        Assert.Contains(report.Rows, r => r.MetricId == "messages_per_s" && r.MarginText == "±20 %");
    }

    [Theory]
    [InlineData("{ \"alpha\": 0.9 }", "alpha must be in (0, 0.5]")]
    [InlineData("{ \"metrics\": { \"nope_ms\": {} } }", "unknown metric id 'nope_ms'")]
    [InlineData("{ \"metrics\": { \"delivered_bytes\": { \"gate\": true } } }", "has no better direction")]
    [InlineData("{ \"metrics\": { \"rtt_p50_ms\": { \"minimumEffect\": 5 } } }", "unknown key 'metrics.rtt_p50_ms.minimumEffect'")]
    [InlineData("{ \"transports\": { \"tcp\": { \"rtt_p50_ms\": { \"minimumAbsolute\": -1 } } } }", "transports.tcp.rtt_p50_ms.minimumAbsolute must be ≥ 0")]
    [InlineData("{ \"alhpa\": 0.05 }", "unknown key 'alhpa'")]
    [InlineData("not json", "not valid JSON")]
    public void Bad_config_is_one_line_naming_the_place(string json, string expected)
    {
        var e = Assert.Throws<FormatException>(() => GateConfig.Parse(json));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("gate config", e.Message);
    }

    /// <summary>The cells of a Markdown table row, split at unescaped pipes.</summary>
    private static List<string> Cells(string line)
    {
        var parts = System.Text.RegularExpressions.Regex.Split(line.Trim(), @"(?<!\\)\|");
        return parts[1..^1].Select(c => c.Trim().Replace("\\|", "|", StringComparison.Ordinal)).ToList();
    }

    private static string ConsoleText(GateReport report)
    {
        var text = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(text) });
        console.Profile.Width = 400;
        GateConsoleView.Write(console, report);
        return text.ToString();
    }
}
