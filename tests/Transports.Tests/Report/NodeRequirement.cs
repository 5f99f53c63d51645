using Transports.Views;
using Xunit;

namespace Transports.Tests.Report;

/// <summary>Skips a rendering test, with the renderer's own reason, when Node or the npm packages are not installed (scripts/bootstrap.sh installs both).</summary>
internal static class NodeRequirement
{
    public static async Task<ReportResult> RenderOrSkipAsync(string directory, Transports.Results.ResultsDocument doc)
    {
        var result = await ReportRenderer.RenderAsync(directory, doc);
        Skip.If(result.Status == ReportStatus.Skipped, result.Message);
        Assert.True(result.Status == ReportStatus.Rendered, result.Message);
        return result;
    }

    public static bool NodeOnPath()
        => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, "node")));
}
