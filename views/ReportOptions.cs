namespace Transports.Views;

/// <summary>Where the renderer finds Node.js and its script, and how it renders. The defaults suit a source checkout.</summary>
public sealed record ReportOptions
{
    /// <summary>Environment variable naming the node executable, used when <see cref="NodeExecutable"/> is null.</summary>
    public const string NodeVariable = "TRANSPORTS_NODE";

    /// <summary>Environment variable naming the folder with render.mjs and node_modules, used when <see cref="RenderDirectory"/> is null.</summary>
    public const string RenderDirectoryVariable = "TRANSPORTS_REPORT_NODE_DIR";

    /// <summary>The node executable (path or name on PATH); null: <see cref="NodeVariable"/>, else <c>node</c> on PATH.</summary>
    public string? NodeExecutable { get; init; }

    /// <summary>
    /// The folder holding render.mjs, package.json and node_modules; null: <see cref="RenderDirectoryVariable"/>, else
    /// the source tree's report/node recorded at build time, else a report/node found upward from the executable.
    /// </summary>
    public string? RenderDirectory { get; init; }

    /// <summary>PNG pixels per SVG pixel (2 gives sharp images on high-density screens). Range 0.5 to 8.</summary>
    public double PngScale { get; init; } = 2;

    /// <summary>Longest a render may take before Node is stopped and the report fails.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(2);
}
