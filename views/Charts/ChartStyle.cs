using System.Globalization;
using ScottPlot;
using Transports.Results;

namespace Transports.Views.Charts;

/// <summary>What every chart shares: size, font, title and caption layout, the transport colors, the caption text.</summary>
internal static class ChartStyle
{
    /// <summary>Width of a chart (SVG) in CSS pixels: a plot of about 600 px plus axes and the legend outside it.</summary>
    public const int WidthPx = 840;

    /// <summary>Height of a chart (SVG) in CSS pixels.</summary>
    public const int HeightPx = 480;

    /// <summary>The sans-serif family every text is drawn in (Debian's fonts-dejavu-core); ScottPlot would fall back to a serif one.</summary>
    public const string FontFamily = "DejaVu Sans";

    /// <summary>Categorical colors (Tableau 10: distinguishable, colorblind-aware), given to transports in run order.</summary>
    public static readonly Color[] Palette =
    [
        Color.FromHex("#4E79A7"), Color.FromHex("#F28E2B"), Color.FromHex("#E15759"), Color.FromHex("#76B7B2"), Color.FromHex("#59A14F"),
        Color.FromHex("#EDC948"), Color.FromHex("#B07AA1"), Color.FromHex("#FF9DA7"), Color.FromHex("#9C755F"), Color.FromHex("#BAB0AC"),
    ];

    /// <summary>Whiskers, dots and value labels.</summary>
    public static readonly Color Ink = Color.FromHex("#333333");

    /// <summary>Anchor (reference tool) marks on bars.</summary>
    public static readonly Color AnchorRed = Color.FromHex("#D62728");

    /// <summary>The color of <paramref name="label"/>: its position in <paramref name="labels"/>, so a transport keeps its color in every chart of a run.</summary>
    public static Color ColorOf(IReadOnlyList<string> labels, string label)
    {
        int index = 0;
        for (; index < labels.Count; index++) if (labels[index] == label) break;
        return Palette[index % Palette.Length];
    }

    /// <summary>Title and subtitle lines (smaller, grey) above the plot, axis titles, white background, font sizes; every text in <paramref name="fontFamily"/>.</summary>
    public static void Frame(Plot plot, ChartSpec spec, string fontFamily)
    {
        plot.FigureBackground.Color = Colors.White;
        plot.DataBackground.Color = Colors.White;
        plot.Axes.Title.Label.Text = spec.Title;
        plot.Axes.Title.Label.FontSize = 16;
        plot.Axes.Title.Label.Bold = true;
        if (spec.Subtitle.Count > 0)
        {
            var subtitle = new ScottPlot.Panels.TitlePanel();
            subtitle.Label.Text = string.Join('\n', spec.Subtitle.SelectMany(Wrap));
            subtitle.Label.FontSize = 11;
            subtitle.Label.Bold = false;
            subtitle.Label.ForeColor = Color.FromHex("#555555");
            subtitle.Label.FontName = fontFamily;
            plot.Axes.AddPanel(subtitle);
        }
        plot.Axes.Bottom.Label.Text = spec.XAxisTitle;
        plot.Axes.Left.Label.Text = spec.YAxisTitle;
        foreach (var label in new[] { plot.Axes.Bottom.Label, plot.Axes.Left.Label })
        {
            label.FontSize = 13;
            label.Bold = false;
        }
        plot.Axes.Bottom.TickLabelStyle.FontSize = 11;
        plot.Axes.Left.TickLabelStyle.FontSize = 11;
        plot.Grid.MajorLineColor = Color.FromHex("#E6E6E6");
    }

    /// <summary>Longest subtitle line, in characters, that fits the chart's width at the subtitle's font size.</summary>
    public const int SubtitleLineChars = 120;

    /// <summary>Splits a subtitle line longer than <see cref="SubtitleLineChars"/> after a "; ", " · " or ", " separator.</summary>
    public static IEnumerable<string> Wrap(string line)
    {
        while (line.Length > SubtitleLineChars)
        {
            int cut = new[] { "; ", " · ", ", " }
                .Select(sep => (Sep: sep, At: line.LastIndexOf(sep, SubtitleLineChars, StringComparison.Ordinal)))
                .Where(c => c.At > 0)
                .Select(c => c.At + c.Sep.Length)
                .DefaultIfEmpty(-1)
                .Max();
            if (cut <= 0) break;
            yield return line[..cut].TrimEnd();
            line = line[cut..];
        }
        yield return line;
    }

    /// <summary>
    /// The caption naming the machine, the date and the run, as two subtitle lines:
    /// "CPU, N cores · OS · .NET x" and "yyyy-MM-dd HH:mm UTC · scenario, run id" (plus "· INCOMPLETE: reason").
    /// </summary>
    public static string[] Caption(ResultsDocument doc)
    {
        var env = doc.Environment;
        var machine = new List<string> { Machine(doc) };
        if (!string.IsNullOrWhiteSpace(env.Os)) machine.Add(env.Os.Trim());
        if (!string.IsNullOrWhiteSpace(env.DotnetVersion)) machine.Add($".NET {env.DotnetVersion.Trim()}");
        string run = $"{When(doc)} · {doc.Run.Scenario}, run {doc.Run.Id}";
        if (!doc.Run.Complete) run += $" · INCOMPLETE: {doc.Run.IncompleteReason ?? "interrupted"}";
        return Path(doc) is { } path ? [string.Join(" · ", machine), run, path] : [string.Join(" · ", machine), run];
    }

    /// <summary>
    /// The path the run crossed when it was not loopback in one process: "path: emulated link wan: RTT 40 ms, …" or
    /// "path: agent 10.0.0.2:7000 (base RTT 61 µs)"; null on loopback.
    /// </summary>
    public static string? Path(ResultsDocument doc)
    {
        if (doc.Run.Link is { } link) return "path: " + Tables.LinkView.Short(link);
        if (doc.Run.Remote is { } remote)
            return string.Create(CultureInfo.InvariantCulture, $"path: agent {remote.Agent} (base RTT {remote.BaseRttMs * 1000:0.#} µs)");
        return null;
    }

    /// <summary>"CPU model, N cores".</summary>
    public static string Machine(ResultsDocument doc)
        => $"{(string.IsNullOrWhiteSpace(doc.Environment.CpuModel) ? "unknown CPU" : doc.Environment.CpuModel.Trim())}, {doc.Environment.LogicalCores} cores";

    /// <summary>The run's start, "yyyy-MM-dd HH:mm UTC".</summary>
    public static string When(ResultsDocument doc)
        => doc.Run.StartedUtc.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>A number with four significant digits for hover texts, invariant culture, no trailing zeros.</summary>
    public static string Num(double value)
        => !double.IsFinite(value) ? "–" : Math.Abs(value) >= 1e4 ? value.ToString("0", CultureInfo.InvariantCulture) : value.ToString("G4", CultureInfo.InvariantCulture);

    /// <summary>A number with three significant digits for labels drawn on the chart (e.g. a bar's median).</summary>
    public static string Short(double value) => double.IsFinite(value) ? NumberFormat.Significant(value) : "–";
}
