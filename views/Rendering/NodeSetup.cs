using System.Reflection;
using Transports.Measure.Processes;

namespace Transports.Views.Rendering;

/// <summary>
/// The Node.js executable and the render folder (views/node: render.mjs, package.json, node_modules), found
/// without starting anything. <see cref="Find"/> returns the reason instead when either is missing.
/// </summary>
internal sealed record NodeSetup(string NodeExecutable, string RenderDirectory)
{
    /// <summary>The npm files the renderer needs: the browser bundles inlined into the HTML, and the PNG renderer.</summary>
    public static readonly string[] RequiredPackageFiles =
    [
        "node_modules/vega/build/vega.min.js",
        "node_modules/vega-lite/build/vega-lite.min.js",
        "node_modules/vega-embed/build/vega-embed.min.js",
        "node_modules/@resvg/resvg-js/package.json",
    ];

    private const string BootstrapHint = "run scripts/bootstrap.sh";

    /// <summary>The render script.</summary>
    public string RenderScript => Path.Combine(RenderDirectory, "render.mjs");

    /// <summary>The file of the npm package at <paramref name="relativePath"/> under the render folder.</summary>
    public string PackageFile(string relativePath) => Path.Combine(RenderDirectory, relativePath);

    /// <summary>The setup, or a one-line "charts skipped: …" message naming what is missing and how to install it.</summary>
    public static (NodeSetup? Setup, string? SkipMessage) Find(ReportOptions options)
    {
        var renderDirectory = FindRenderDirectory(options);
        if (renderDirectory is null)
            return (null, $"charts skipped: views/node/render.mjs not found (set {ReportOptions.RenderDirectoryVariable} to the folder holding it)");

        var node = ExecutablePath.Find(options.NodeExecutable ?? Environment.GetEnvironmentVariable(ReportOptions.NodeVariable) ?? "node");
        if (node is null) return (null, $"charts skipped: node not found; {BootstrapHint}");

        var missing = RequiredPackageFiles.FirstOrDefault(f => !File.Exists(Path.Combine(renderDirectory, f)));
        if (missing is not null)
            return (null, $"charts skipped: npm packages missing ({missing} in {renderDirectory}); {BootstrapHint}");
        return (new NodeSetup(node, renderDirectory), null);
    }

    private static string? FindRenderDirectory(ReportOptions options)
    {
        if (options.RenderDirectory is { } explicitDirectory)
            return HasScript(explicitDirectory) ? Path.GetFullPath(explicitDirectory) : null;
        if (Environment.GetEnvironmentVariable(ReportOptions.RenderDirectoryVariable) is { Length: > 0 } fromVariable)
            return HasScript(fromVariable) ? Path.GetFullPath(fromVariable) : null;

        var builtFrom = typeof(NodeSetup).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "Transports.Views.NodeDirectory")?.Value;
        if (builtFrom is not null && HasScript(builtFrom)) return Path.GetFullPath(builtFrom);

        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "report", "node");
                if (HasScript(candidate)) return candidate;
            }
        }
        return null;
    }

    private static bool HasScript(string directory) => File.Exists(Path.Combine(directory, "render.mjs"));
}
