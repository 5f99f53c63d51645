using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Transports.Views.Rendering;

/// <summary>Size and warnings of one chart as render.mjs reports them.</summary>
internal sealed record RenderedChart(string Name, int SvgWidthPx, int SvgHeightPx, int PngWidthPx, int PngHeightPx, IReadOnlyList<string> Warnings);

/// <summary>
/// Runs report/node/render.mjs once for a batch of charts: it writes &lt;name&gt;.svg and &lt;name&gt;.png into the
/// output folder and prints their sizes. Node is stopped (with its children) on timeout or cancellation.
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

        var start = new ProcessStartInfo(setup.NodeExecutable)
        {
            WorkingDirectory = setup.RenderDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(setup.RenderScript);
        start.ArgumentList.Add(jobPath);

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            return (null, $"charts skipped: node could not be started ({e.Message}); run scripts/bootstrap.sh");
        }

        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { /* already exited */ }
            await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            return (null, $"charts failed: node render.mjs took longer than {options.Timeout.TotalSeconds:0} s and was stopped");
        }

        string output = await stdout.ConfigureAwait(false);
        string errors = await stderr.ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            var reason = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault()
                ?? $"exit code {process.ExitCode}";
            return (null, $"charts failed: {reason}");
        }
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
