using System.Globalization;
using System.Xml.Linq;

namespace Transports.Views.Gate;

/// <summary>
/// The gate as JUnit XML, the report format Azure DevOps (PublishTestResults, testResultsFormat JUnit), GitLab
/// (artifacts:reports:junit) and Jenkins (junit step) read: one <c>testsuite</c> per transport result, one
/// <c>testcase</c> per gated metric; a regression is a <c>failure</c>, an inconclusive comparison is <c>skipped</c> with
/// its reason, pass and improvement are plain test cases. An environment mismatch is a suite property and part of
/// every case's <c>system-out</c>.
/// </summary>
public static class GateJUnit
{
    /// <summary>Renders <paramref name="report"/> as a JUnit XML document.</summary>
    /// <param name="report">The gate's report.</param>
    public static XDocument Render(GateReport report)
    {
        var warning = GateText.EnvironmentWarning(report);
        var suites = new XElement("testsuites",
            new XAttribute("name", $"transports gate {report.Scenario}"),
            new XAttribute("tests", report.Rows.Count),
            new XAttribute("failures", report.Rows.Count(r => r.Verdict == GateVerdict.Regression)),
            new XAttribute("skipped", report.Rows.Count(r => r.Verdict == GateVerdict.Inconclusive)));
        foreach (var group in report.Rows.GroupBy(r => r.Label))
        {
            var suite = new XElement("testsuite",
                new XAttribute("name", $"{report.Scenario}.{group.Key}"),
                new XAttribute("tests", group.Count()),
                new XAttribute("failures", group.Count(r => r.Verdict == GateVerdict.Regression)),
                new XAttribute("errors", 0),
                new XAttribute("skipped", group.Count(r => r.Verdict == GateVerdict.Inconclusive)),
                new XElement("properties",
                    new XElement("property", new XAttribute("name", "baseline"), new XAttribute("value", report.BaselineRunId)),
                    new XElement("property", new XAttribute("name", "current"), new XAttribute("value", report.CurrentRunId)),
                    new XElement("property", new XAttribute("name", "alpha"), new XAttribute("value", report.Alpha.ToString("0.###", CultureInfo.InvariantCulture))),
                    new XElement("property", new XAttribute("name", "environment_mismatch"), new XAttribute("value", report.EnvironmentMismatch ? string.Join("; ", report.EnvironmentDifferences) : "none"))));
            foreach (var row in group)
            {
                var testCase = new XElement("testcase",
                    new XAttribute("classname", $"transports.{report.Scenario}.{row.Label}"),
                    new XAttribute("name", row.MetricId.Length == 0 ? "result" : row.MetricId));
                string detail = $"{GateVerdicts.Word(row.Verdict)}: {GateText.Subject(row)}: baseline {Or(row.BaselineText)}, current {Or(row.CurrentText)}, change {GateText.Change(row)}, margin {GateText.Margin(row)}; {row.Reason}";
                if (row.Verdict == GateVerdict.Regression)
                    testCase.Add(new XElement("failure", new XAttribute("message", detail), new XAttribute("type", "regression"), detail));
                else if (row.Verdict == GateVerdict.Inconclusive)
                    testCase.Add(new XElement("skipped", new XAttribute("message", detail)));
                testCase.Add(new XElement("system-out", warning is null ? detail : $"{warning}\n{detail}"));
                suite.Add(testCase);
            }
            suites.Add(suite);
        }
        return new XDocument(new XDeclaration("1.0", "utf-8", null), suites);
    }

    /// <summary>The XML text of <see cref="Render"/>, declared and encoded as UTF-8.</summary>
    /// <param name="report">The gate's report.</param>
    public static string ToText(GateReport report)
    {
        using var writer = new Utf8StringWriter();
        Render(report).Save(writer);
        return writer.ToString();
    }

    private sealed class Utf8StringWriter : StringWriter
    {
        public override System.Text.Encoding Encoding => new System.Text.UTF8Encoding(false);
    }

    private static string Or(string text) => text.Length == 0 ? NumberFormat.None : text;
}
