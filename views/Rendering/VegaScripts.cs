namespace Transports.Views.Rendering;

/// <summary>
/// The browser builds of vega, vega-lite and vega-embed from report/node/node_modules, ready to inline into a
/// &lt;script&gt; element so the HTML report works offline from file:// (no CDN).
/// </summary>
internal sealed record VegaScripts(string Vega, string VegaLite, string VegaEmbed)
{
    /// <summary>Reads the three minified bundles.</summary>
    /// <exception cref="IOException">A bundle cannot be read.</exception>
    public static async Task<VegaScripts> ReadAsync(NodeSetup setup, CancellationToken cancellationToken)
    {
        async Task<string> Read(string relative)
            => Inlineable(await File.ReadAllTextAsync(setup.PackageFile(relative), cancellationToken).ConfigureAwait(false));
        return new VegaScripts(
            await Read("node_modules/vega/build/vega.min.js").ConfigureAwait(false),
            await Read("node_modules/vega-lite/build/vega-lite.min.js").ConfigureAwait(false),
            await Read("node_modules/vega-embed/build/vega-embed.min.js").ConfigureAwait(false));
    }

    /// <summary>
    /// Drops the source-map comment (the .map file is not shipped with the page) and breaks up any "&lt;/script" so
    /// the code cannot end its own element early (HTML Living Standard §4.12.1.3, restrictions for script contents).
    /// </summary>
    internal static string Inlineable(string script)
    {
        var lines = script.Split('\n').Where(l => !l.TrimStart().StartsWith("//# sourceMappingURL=", StringComparison.Ordinal));
        return string.Join('\n', lines).Replace("</script", "<\\/script", StringComparison.OrdinalIgnoreCase);
    }
}
