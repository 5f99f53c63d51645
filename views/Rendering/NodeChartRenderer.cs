using System.Text.Json;
using System.Text.Json.Nodes;
using Transports.Measure.Processes;

namespace Transports.Views.Rendering;

/// <summary>Size and warnings of one chart as render.mjs reports them.</summary>
internal sealed record RenderedChart(string Name, int SvgWidthPx, int SvgHeightPx, int PngWidthPx, int PngHeightPx, IReadOnlyList<string> Warnings);

/// <summary>
/// Runs views/node/render.mjs once for a batch of charts: it writes &lt;name&gt;.svg and &lt;name&gt;.png into the
/// output folder and prints their sizes. Node runs as an <see cref="ExternalProcess"/>: stopped (with its children) on timeout or cancellation.
/// </summary>
internal static class NodeChartRenderer
{
    /// <summary>Renders <paramref name="charts"/> into <paramref name="outputDirectory"/>; returns the charts or a one-line failure.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<(IReadOnlyList<RenderedChart>? Charts, string? Failure)> RenderAsync(
        NodeSetup setup, IReadOnlyList<ChartSpec> charts, string outputDirectory, ReportOptions options, CancellationToken cancellationToken)
    {
        var job = new JsonObject
        {
            ["outputDirectory"] = Path.GetFullPath(outputDirectory),
            ["scale"] = Math.Clamp(options.PngScale, 0.5, 8),
            ["fontFamily"] = "DejaVu Sans",
            ["charts"] = new JsonArray(charts.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["spec"] = c.Spec.DeepClone() }).ToArray()),
        };
        var jobPath = Path.Combine(outputDirectory, "render-job.json");
        await File.WriteAllTextAsync(jobPath, job.ToJsonString(), cancellationToken).ConfigureAwait(false);

        ExternalProcess node;
        try
        {
            node = ExternalProcess.Start(setup.NodeExecutable, [setup.RenderScript, jobPath], setup.RenderDirectory);
        }
        catch (ExternalProcessException e)
        {
            return (null, $"charts skipped: node could not be started ({e.Message}); run scripts/bootstrap.sh");
        }
        await using var _ = node;
        int exitCode;
        try
        {
            exitCode = await node.WaitForExitAsync(options.Timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (ExternalProcessException)
        {
            return (null, $"charts failed: node render.mjs took longer than {options.Timeout.TotalSeconds:0} s and was stopped");
        }
        if (exitCode != 0)
        {
            var reason = node.StandardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
                ?? $"exit code {exitCode}";
            return (null, $"charts failed: {reason}");
        }
        string output = node.StandardOutput;
        return ParseManifest(output, charts);
    }

    private sealed record ManifestDto(List<ChartDto>? Charts);

    private sealed record ChartDto(string? Name, double SvgWidth, double SvgHeight, int PngWidth, int PngHeight, List<string>? Warnings);

    private static (IReadOnlyList<RenderedChart>?, string?) ParseManifest(string output, IReadOnlyList<ChartSpec> charts)
    {
        ManifestDto? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ManifestDto>(output.Trim(), new JsonSerializerOptions(JsonSerializerDefaults.Web));
        }
        catch (JsonException e)
        {
            return (null, $"charts failed: unreadable output from render.mjs ({e.Message})");
        }
        var rendered = (manifest?.Charts ?? []).Select(c => new RenderedChart(
            c.Name ?? "", (int)Math.Round(c.SvgWidth), (int)Math.Round(c.SvgHeight), c.PngWidth, c.PngHeight, c.Warnings ?? [])).ToArray();
        if (!rendered.Select(r => r.Name).SequenceEqual(charts.Select(c => c.Name)))
            return (null, "charts failed: render.mjs reported other charts than it was given");
        return (rendered, null);
    }
}
