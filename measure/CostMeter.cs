using System.Diagnostics;
using Transports.Results;

namespace Transports.Measure;

/// <summary>
/// Measures what an interval cost the whole process: CPU time (user + system, from
/// <see cref="Process.TotalProcessorTime"/>), managed allocations (<see cref="GC.GetTotalAllocatedBytes"/>),
/// GC counts per generation, and peak resident set. On Linux the kernel's peak-RSS mark (VmHWM) is reset at
/// <see cref="Start"/> by writing 5 to /proc/self/clear_refs (proc(5)), so the peak is the interval's own;
/// elsewhere the process-lifetime peak is reported.
/// </summary>
public sealed class CostMeter
{
    private readonly TimeSpan _cpuStart;
    private readonly long _allocatedStart;
    private readonly int[] _collectionsStart;
    private readonly bool _peakReset;

    private CostMeter()
    {
        _peakReset = TryResetPeakResidentSet();
        _collectionsStart = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
        _allocatedStart = GC.GetTotalAllocatedBytes(precise: true);
        _cpuStart = CurrentCpu();
    }

    /// <summary>Starts measuring now.</summary>
    public static CostMeter Start() => new();

    /// <summary>True when the peak working set covers only this interval (Linux with /proc/self/clear_refs).</summary>
    public bool PeakIsIntervalPeak => _peakReset;

    /// <summary>Ends the interval and computes the cost.</summary>
    /// <param name="bytesDelivered">Payload bytes delivered in the interval, for the per-GiB and per-MiB ratios.</param>
    public Cost Stop(long bytesDelivered)
    {
        var cpu = (CurrentCpu() - _cpuStart).TotalSeconds;
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocatedStart;
        int[] collections = [GC.CollectionCount(0) - _collectionsStart[0], GC.CollectionCount(1) - _collectionsStart[1], GC.CollectionCount(2) - _collectionsStart[2]];
        double gib = bytesDelivered / (double)(1L << 30);
        double mib = bytesDelivered / (double)(1L << 20);
        return new Cost
        {
            CpuSeconds = cpu,
            CpuSecondsPerGiB = bytesDelivered > 0 ? cpu / gib : null,
            PeakWorkingSetBytes = PeakResidentSetBytes(),
            GcAllocatedBytes = allocated,
            GcAllocatedBytesPerMiB = bytesDelivered > 0 ? allocated / mib : null,
            GcCollections = collections,
        };
    }

    private static TimeSpan CurrentCpu()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }

    private static bool TryResetPeakResidentSet()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Peak resident set in bytes: VmHWM from /proc/self/status on Linux, else the process peak working set.</summary>
    public static long PeakResidentSetBytes()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                    var kb = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(kb) * 1024;
                }
            }
            catch (IOException)
            {
                // fall through to the portable value
            }
        }
        using var self = Process.GetCurrentProcess();
        return self.PeakWorkingSet64;
    }
}
