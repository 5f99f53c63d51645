using System.Text;
using Transports.Advice.Ranking;

namespace Transports.Advice.Output;

/// <summary>
/// The advice as Markdown (advice.md, the report's advice section and the console): the recommendation, the candidates ×
/// constraints table (verdict, median, 95% interval, margin), the reasons, the caveats and the plan. A pure function of
/// the document.
/// </summary>
public static class AdviceMarkdown
{
    /// <summary>The file name in an advise folder.</summary>
    public const string FileName = "advice.md";

    /// <summary>Renders <paramref name="advice"/>.</summary>
    /// <param name="advice">The advice.</param>
    /// <param name="heading">Markdown heading level of the section title (2 for "##").</param>
    public static string Render(AdviceDocument advice, int heading = 2)
    {
        string h = new('#', heading), h2 = new('#', heading + 1);
        var md = new StringBuilder();
        md.AppendLine($"{h} Advice").AppendLine();
        md.AppendLine($"**{(advice.Recommendation is { } r ? $"Use {r}" : "No recommendation")}.** {advice.Headline}").AppendLine();
        md.AppendLine("Profile: " + string.Join("; ", advice.Profile) + ".").AppendLine();

        var constraints = advice.Candidates.SelectMany(c => c.Checks).Select(k => k.Constraint).Distinct().ToList();
        md.AppendLine($"{h2} Candidates × constraints").AppendLine();
        md.AppendLine("| rank | candidate | protocol | verdict | " + string.Join(" | ", constraints.Select(Cell)) + " |");
        md.AppendLine("|---:|---|---|---|" + string.Concat(constraints.Select(_ => "---|")));
        foreach (var c in advice.Candidates)
        {
            var cells = constraints.Select(name => c.Checks.FirstOrDefault(k => k.Constraint == name) is { } k ? Check(k) : c.RuledOut.Count > 0 ? "ruled out" : "");
            string verdict = c.RuledOut.Count > 0 ? "ruled out: " + string.Join(", ", c.RuledOut.Select(o => o.Rule)) : Word(c.Verdict);
            md.AppendLine($"| {c.Rank?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} | {Cell(c.Name)} | {Cell(c.Protocol)} | {Cell(verdict)} | {string.Join(" | ", cells.Select(Cell))} |");
        }
        md.AppendLine().AppendLine("A cell: verdict, median [95% interval of the median] and the margin to the bound (positive: inside). Pass needs the whole interval inside the bound; marginal: only the median.").AppendLine();
        Section(md, $"{h2} Reasons", advice.Reasons);
        Section(md, $"{h2} Caveats", advice.Caveats);
        md.AppendLine($"{h2} Plan").AppendLine();
        md.AppendLine("| need | scenario | deciding metric | options |").AppendLine("|---|---|---|---|");
        foreach (var s in advice.Plan)
            md.AppendLine($"| {Cell(s.Need)} | {s.Scenario} | {s.MetricId} | {Cell(s.Arguments.Count > 0 ? string.Join(' ', s.Arguments) : "(not run)")} |");
        md.AppendLine();
        if (advice.Runs.Count > 0) md.AppendLine("Runs read: " + string.Join(", ", advice.Runs) + ".").AppendLine();
        return md.ToString();
    }

    /// <summary>One cell: "pass 48.0 ms [45.0 ms to 51.0 ms] +52 %".</summary>
    /// <param name="k">The check.</param>
    public static string Check(ConstraintCheck k)
    {
        if (k.Median is not double m) return Word(k.Verdict) + (k.Detail is { } d ? $": {d}" : "");
        var text = $"{Word(k.Verdict)} {Advisor.Fmt(m, k.Unit)} [{Advisor.Fmt(k.Ci95Low!.Value, k.Unit)} to {Advisor.Fmt(k.Ci95High!.Value, k.Unit)}]";
        if (k.MarginPercent is double margin) text += FormattableString.Invariant($" {margin:+0.#;-0.#;0} %");
        return text;
    }

    /// <summary>The verdict as a word.</summary>
    /// <param name="v">The verdict.</param>
    public static string Word(Verdict v) => v switch
    {
        Verdict.Pass => "pass", Verdict.Info => "measured", Verdict.Marginal => "marginal", Verdict.NotMeasured => "not measured", _ => "fail",
    };

    private static void Section(StringBuilder md, string title, IReadOnlyList<string> lines)
    {
        if (lines.Count == 0) return;
        md.AppendLine(title).AppendLine();
        foreach (var line in lines) md.AppendLine($"- {line}");
        md.AppendLine();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
