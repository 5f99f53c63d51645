using System.Runtime;
using System.Runtime.InteropServices;
using Transports.Results;

namespace Transports.Measure;

/// <summary>Reads the machine and runtime description recorded with every run (Linux /proc and /sys where present).</summary>
public static class EnvironmentCollector
{
    private static readonly string[] NetworkSysctls =
    [
        "net/core/rmem_max", "net/core/wmem_max", "net/core/rmem_default", "net/core/wmem_default",
        "net/ipv4/tcp_rmem", "net/ipv4/tcp_wmem", "net/ipv4/tcp_congestion_control", "net/ipv4/udp_mem",
    ];

    /// <summary>Collects the environment; fields that cannot be read are left empty, never throw.</summary>
    /// <param name="interfaceName">Network interface whose MTU is recorded; "lo" for loopback runs.</param>
    public static EnvironmentInfo Collect(string interfaceName = "lo")
    {
        var placement = Placement.ProcessPlacement.Current();
        var network = new Dictionary<string, string>();
        foreach (var key in NetworkSysctls)
        {
            var value = ReadText("/proc/sys/" + key);
            if (value is not null) network[key.Replace('/', '.')] = value.Replace('\t', ' ');
        }
        return new EnvironmentInfo
        {
            Os = OsName(),
            Kernel = ReadText("/proc/sys/kernel/osrelease") ?? Environment.OSVersion.VersionString,
            CpuModel = CpuModel(),
            LogicalCores = Environment.ProcessorCount,
            MemoryBytes = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            DotnetVersion = Environment.Version.ToString(),
            GcMode = (GCSettings.IsServerGC ? "server" : "workstation") + (GCSettings.LatencyMode == GCLatencyMode.Batch ? "" : ", concurrent"),
            MachineName = Environment.MachineName,
            MtuBytes = int.TryParse(ReadText($"/sys/class/net/{interfaceName}/mtu"), out var mtu) ? mtu : null,
            NetworkSettings = network,
            CpuAffinity = placement.CpuAffinity?.ToString(),
            SocketCompletions = placement.SocketCompletions,
        };
    }

    private static string OsName()
    {
        var release = ReadText("/etc/os-release");
        var pretty = release?.Split('\n').FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        return pretty is null ? RuntimeInformation.OSDescription : pretty["PRETTY_NAME=".Length..].Trim('"');
    }

    private static string CpuModel()
    {
        var cpuinfo = ReadText("/proc/cpuinfo");
        var line = cpuinfo?.Split('\n').FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':') + 1)..].Trim();
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
