using System.Runtime.InteropServices;

namespace Transports.Quic.Quinn;

/// <summary>Whether libtransports_quinn can be loaded here, its dependency versions, and if not, which step is missing.</summary>
internal static class QuinnLibrary
{
    private static readonly Lazy<(string? Version, string? Reason)> Probe = new(Load);

    /// <summary>True when the native library loaded.</summary>
    public static bool IsAvailable => Probe.Value.Version is not null;

    /// <summary>Versions the library was built with, e.g. "quinn 0.9.3, quinn-proto 0.9.2, rustls 0.20.8, tokio 1.24.2".</summary>
    public static string Version => Probe.Value.Version ?? "unavailable";

    /// <summary>Why the library is unavailable (the missing package or step); null when available.</summary>
    public static string? UnavailableReason => Probe.Value.Reason;

    private static (string?, string?) Load()
    {
        try
        {
            return (Marshal.PtrToStringUTF8(QuinnNative.tq_version()) ?? "?", null);
        }
        catch (DllNotFoundException)
        {
            return (null, $"{QuinnNative.FileName} not found in {AppContext.BaseDirectory}; {MissingStep()}");
        }
        catch (Exception e) when (e is EntryPointNotFoundException or BadImageFormatException)
        {
            return (null, $"{QuinnNative.FileName} is stale or broken ({FirstLine(e.Message)}); {MissingStep()}");
        }
    }

    /// <summary>Names the first missing piece of the native build chain.</summary>
    private static string MissingStep()
    {
        const string fix = "run ./scripts/bootstrap.sh, then rebuild (dotnet build runs cargo in transports/Quic/native)";
        if (!OperatingSystem.IsLinux()) return "the quinn backend is built for Linux only";
        if (!File.Exists("/usr/bin/cargo") && !File.Exists("/usr/bin/rustc"))
            return $"Debian packages cargo and rustc are not installed: {fix}";
        if (!Directory.Exists("/usr/share/cargo/registry") || !Directory.EnumerateDirectories("/usr/share/cargo/registry", "quinn-0.9*").Any())
            return $"Debian package librust-quinn-dev is not installed: {fix}";
        return $"the native build did not run or failed: {fix}, or run transports/Quic/native/build.sh to see the error";
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
