using System.Text.Json;
using Transports.Views.Tables;
using Transports.Results;

namespace Transports.Harness.Output;

/// <summary>
/// A run's folder, <c>results/&lt;yyyyMMdd-HHmmss&gt;-&lt;scenario&gt;/</c>, and the files in it: results.json (the source),
/// summary.csv, timeline.csv, summary.md, environment.json and one HdrHistogram interval log per transport result with
/// latency histograms, <c>latency-&lt;label&gt;.hlog</c> (views of it). Every file is written atomically,
/// so an interrupted run still leaves valid files.
/// </summary>
public sealed class RunFolder
{
    private RunFolder(string path, string id)
    {
        Path = path;
        Id = id;
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The run id (the folder's name).</summary>
    public string Id { get; }

    /// <summary>Creates a new, unique run folder under <paramref name="root"/>.</summary>
    /// <param name="root">Parent folder (created if missing).</param>
    /// <param name="scenario">Scenario name.</param>
    /// <param name="startedUtc">Run start.</param>
    /// <exception cref="IOException">The folder cannot be created.</exception>
    public static RunFolder Create(string root, string scenario, DateTimeOffset startedUtc)
    {
        Directory.CreateDirectory(root);
        var id = $"{startedUtc.ToLocalTime():yyyyMMdd-HHmmss}-{scenario}";
        var path = System.IO.Path.Combine(root, id);
        for (int i = 2; Directory.Exists(path); i++)
        {
            id = $"{startedUtc.ToLocalTime():yyyyMMdd-HHmmss}-{scenario}-{i}";
            path = System.IO.Path.Combine(root, id);
        }
        Directory.CreateDirectory(path);
        return new RunFolder(path, id);
    }

    /// <summary>Opens an existing run folder (for re-rendering).</summary>
    /// <param name="path">The folder.</param>
    public static RunFolder Open(string path) => new(System.IO.Path.GetFullPath(path), System.IO.Path.GetFileName(System.IO.Path.TrimEndingDirectorySeparator(path)));

    /// <summary>Writes results.json and every view derived from it.</summary>
    /// <param name="document">The results so far.</param>
    /// <param name="chartImages">Chart PNGs to embed in summary.md (relative paths), if rendered.</param>
    /// <exception cref="IOException">Disk full or folder not writable.</exception>
    public void Write(ResultsDocument document, IReadOnlyList<(string Path, string Title)>? chartImages = null)
    {
        AtomicFile.WriteAllText(File("results.json"), ResultsJson.Serialize(document));
        WriteViews(document, chartImages);
    }

    /// <summary>Writes the views only (summary.csv, timeline.csv, summary.md, environment.json, latency-&lt;label&gt;.hlog).</summary>
    /// <param name="document">The results.</param>
    /// <param name="chartImages">Chart PNGs to embed in summary.md, if any.</param>
    public void WriteViews(ResultsDocument document, IReadOnlyList<(string Path, string Title)>? chartImages = null)
    {
        AtomicFile.WriteAllText(File("summary.csv"), CsvViews.Summary(document));
        AtomicFile.WriteAllText(File("timeline.csv"), CsvViews.Timeline(document));
        AtomicFile.WriteAllText(File("summary.md"), MarkdownView.Render(document, chartImages));
        AtomicFile.WriteAllText(File("environment.json"), JsonSerializer.Serialize(document.Environment, ResultsJson.Options));
        foreach (var (name, text) in HistogramLogView.Render(document)) AtomicFile.WriteAllText(File(name), text);
    }

    /// <summary>Path of <paramref name="name"/> inside the folder.</summary>
    /// <param name="name">File name.</param>
    public string File(string name) => System.IO.Path.Combine(Path, name);
}
