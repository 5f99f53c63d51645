using System.Net;
using Transports.Measure.Processes;

namespace Transports.Harness.Remote;

/// <summary>This host's side of the path to an agent: the interface the kernel routes to it (<c>ip route get</c>) and its MTU.</summary>
internal static class PathProbe
{
    /// <summary>The outgoing interface toward <paramref name="address"/> and its MTU; nulls when <c>ip</c> or /sys cannot tell.</summary>
    /// <param name="address">The agent's address.</param>
    /// <param name="cancellationToken">Cancels.</param>
    public static async Task<(string? Interface, int? MtuBytes)> ToAsync(IPAddress address, CancellationToken cancellationToken)
    {
        string? device = null;
        try
        {
            await using var ip = ExternalProcess.Start("ip", ["route", "get", address.ToString()]);
            if (await ip.WaitForExitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false) == 0)
                device = DeviceOf(ip.StandardOutput);
        }
        catch (Exception e) when (e is ExternalProcessException or System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            // no iproute2 here: the path stays unknown
        }
        if (device is null) return (null, null);
        int? mtu = null;
        try
        {
            if (int.TryParse(File.ReadAllText($"/sys/class/net/{device}/mtu").Trim(), out int m)) mtu = m;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // unknown MTU
        }
        return (device, mtu);
    }

    /// <summary>The word after "dev" in <c>ip route get</c>'s answer, e.g. "10.213.0.1 dev veth-b src 10.213.0.2 uid 0".</summary>
    /// <param name="routeGet">The command's output.</param>
    public static string? DeviceOf(string routeGet)
    {
        var words = routeGet.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
        int i = Array.IndexOf(words, "dev");
        return i >= 0 && i + 1 < words.Length && !words[i + 1].Contains('/') ? words[i + 1] : null;
    }
}
