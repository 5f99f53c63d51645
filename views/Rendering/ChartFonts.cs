using SkiaSharp;

namespace Transports.Views.Rendering;

/// <summary>
/// Checks, before drawing, that the charts' font is installed: without it ScottPlot would fall back to another face
/// or draw no text at all, so the report says so in one line instead.
/// </summary>
internal static class ChartFonts
{
    /// <summary>Null when <paramref name="family"/> is installed, else the one-line "charts skipped: …" message.</summary>
    public static string? Missing(string family)
    {
        try
        {
            using var typeface = SKFontManager.Default.MatchFamily(family);
            if (typeface is not null && string.Equals(typeface.FamilyName, family, StringComparison.OrdinalIgnoreCase)) return null;
            return $"charts skipped: font {family} not found (Debian packages fonts-dejavu-core and fontconfig); run scripts/bootstrap.sh";
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            return $"charts skipped: SkiaSharp's native library could not be loaded ({e.GetBaseException().Message}); run scripts/bootstrap.sh";
        }
    }
}
