using System.Xml.Linq;
using SkiaSharp;
using Transports.Views;
using Transports.Views.Rendering;

namespace Transports.Tests.Report;

/// <summary>A chart drawn by the real renderer (ScottPlot, in-process), with queries on its SVG and PNG for assertions.</summary>
internal sealed class DrawnChart
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private DrawnChart(ChartSpec spec, ChartImage image)
    {
        Spec = spec;
        Image = image;
        Document = XDocument.Parse(image.Svg);
    }

    public ChartSpec Spec { get; }

    public ChartImage Image { get; }

    public XDocument Document { get; }

    public static DrawnChart Of(ChartSpec spec) => new(spec, ChartRenderer.Render(spec, "DejaVu Sans", 2));

    public static DrawnChart Of(IReadOnlyList<ChartSpec> specs, string name) => Of(specs.Single(s => s.Name == name));

    /// <summary>Leaves the SVG and PNG in tests/Transports.Tests/TestResults/charts/ (as &lt;prefix&gt;-&lt;name&gt;) for a human look.</summary>
    public void Save(string prefix)
    {
        var directory = Path.Combine(ReportFixtures.RepositoryRoot(), "tests", "Transports.Tests", "TestResults", "charts");
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, $"{prefix}-{Image.Name}.svg"), Image.Svg);
        File.WriteAllBytes(Path.Combine(directory, $"{prefix}-{Image.Name}.png"), Image.Png);
    }

    /// <summary>Every drawn text (axis titles, tick labels, title, subtitle lines, legend, value labels), trimmed.</summary>
    public IReadOnlyList<string> Texts => Document.Descendants(Svg + "text").Select(t => t.Value.Trim()).ToArray();

    /// <summary>The hover values: the &lt;title&gt; of each target in the hover layer, in drawing order.</summary>
    public IReadOnlyList<string> Hovers => HoverGroup.Descendants(Svg + "title").Select(t => t.Value).ToArray();

    /// <summary>The bars: rectangles drawn 85% opaque inside the plot area (its clip path), so not legend symbols or hover targets.</summary>
    public IReadOnlyList<XElement> Bars => Document.Descendants(Svg + "rect")
        .Where(r => r.Attribute("fill-opacity") is { } o && Math.Abs(double.Parse(o.Value, System.Globalization.CultureInfo.InvariantCulture) - 0.85) < 0.01)
        .Where(r => r.Ancestors(Svg + "g").Any(g => g.Attribute("clip-path") is not null))
        .Where(r => double.Parse((string)r.Attribute("width")!, System.Globalization.CultureInfo.InvariantCulture) >= 25) // not a legend symbol
        .ToArray();

    /// <summary>The transport (first hover line) of the bar whose left edge is at <paramref name="bar"/>'s.</summary>
    public string LabelOf(XElement bar)
    {
        double x = double.Parse((string)bar.Attribute("x")!, System.Globalization.CultureInfo.InvariantCulture);
        return HoverGroup.Elements(Svg + "rect")
            .Where(r => Math.Abs(double.Parse((string)r.Attribute("x")!, System.Globalization.CultureInfo.InvariantCulture) - x) < 1)
            .Select(r => r.Element(Svg + "title")!.Value.Split('\n')[0])
            .First();
    }

    /// <summary>The stroked paths of color <paramref name="hex"/> (e.g. "#F28E2B"; Skia may write "#333" for "#333333").</summary>
    public IReadOnlyList<XElement> Strokes(string hex) => Document.Descendants(Svg + "path")
        .Where(p => Hex((string?)p.Attribute("stroke")) == Hex(hex))
        .ToArray();

    /// <summary>A color as "#RRGGBB", upper case (expands the short form "#RGB").</summary>
    public static string Hex(string? color)
    {
        if (color is not { Length: > 0 }) return "";
        if (color.Length == 4 && color[0] == '#') color = $"#{color[1]}{color[1]}{color[2]}{color[2]}{color[3]}{color[3]}";
        return color.ToUpperInvariant();
    }

    /// <summary>The longest stroked path of color <paramref name="hex"/>: a series' line.</summary>
    public XElement Line(string hex) => Strokes(hex).MaxBy(p => ((string?)p.Attribute("d") ?? "").Length)!;

    /// <summary>Share of PNG pixels that are not (near) white: 0 for a blank image.</summary>
    public double InkShare()
    {
        using var bitmap = SKBitmap.Decode(Image.Png);
        long ink = 0;
        for (int y = 0; y < bitmap.Height; y += 2)
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                var c = bitmap.GetPixel(x, y);
                if (c.Alpha > 0 && (c.Red < 235 || c.Green < 235 || c.Blue < 235)) ink++;
            }
        return ink / (double)((bitmap.Height + 1) / 2 * ((bitmap.Width + 1) / 2));
    }

    /// <summary>Distinct colors with at least <paramref name="minPixels"/> pixels in the PNG (sampled every 2 px).</summary>
    public int ColorCount(int minPixels = 50)
    {
        using var bitmap = SKBitmap.Decode(Image.Png);
        var counts = new Dictionary<uint, int>();
        for (int y = 0; y < bitmap.Height; y += 2)
            for (int x = 0; x < bitmap.Width; x += 2)
            {
                uint key = (uint)bitmap.GetPixel(x, y);
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
        return counts.Count(c => c.Value >= minPixels);
    }

    /// <summary>True when the line's path moves only vertically or horizontally between points (a step line).</summary>
    public static bool IsStepPath(XElement path)
    {
        var numbers = ((string)path.Attribute("d")!).Replace('M', ' ').Replace('L', ' ')
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(n => double.Parse(n, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        for (int i = 2; i + 1 < numbers.Length; i += 2)
        {
            double dx = Math.Abs(numbers[i] - numbers[i - 2]), dy = Math.Abs(numbers[i + 1] - numbers[i - 1]);
            if (dx > 0.01 && dy > 0.01) return false;
        }
        return numbers.Length >= 6;
    }

    private XElement HoverGroup => Document.Descendants(Svg + "g").Single(g => (string?)g.Attribute("class") == "hover");
}
