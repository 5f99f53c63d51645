using System.Diagnostics;
using Transports.Metrics.Results;

namespace Transports.Metrics;

/// <summary>
/// Measures what an interval cost the harness process: CPU time (user + system, <see cref="Process.TotalProcessorTime"/>),
/// managed allocations (<see cref="GC.GetTotalAllocatedBytes"/>, precise), GC counts per generation and the peak working
/// set (<see cref="Process.PeakWorkingSet64"/>, the process-wide high-water mark: on loopback client and server share
/// the process, so this is their sum). Start before the measured interval, stop after it.
/// </summary>
public sealed class CostMeter
{
    private const double BytesPerGiB = 1024.0 * 1024 * 1024;
    private const double BytesPerMiB = 1024.0 * 1024;

    private readonly TimeSpan _cpuStart;
    private readonly long _allocatedStart;
    private readonly int[] _collectionsStart;

    private CostMeter()
    {
        using var process = Process.GetCurrentProcess();
        _cpuStart = process.TotalProcessorTime;
        _allocatedStart = GC.GetTotalAllocatedBytes(precise: true);
        _collectionsStart = [GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)];
    }

    /// <summary>Starts measuring now.</summary>
    public static CostMeter Start() => new();

    /// <summary>Stops measuring and returns the cost of the interval.</summary>
    /// <param name="bytesDelivered">Payload bytes delivered in the interval, for the per-GiB and per-MiB ratios (0: ratios are null).</param>
    public Cost Stop(long bytesDelivered)
    {
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - _allocatedStart;
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        double cpuSeconds = (process.TotalProcessorTime - _cpuStart).TotalSeconds;
        return new Cost
        {
            CpuSeconds = cpuSeconds,
            CpuSecondsPerGiB = bytesDelivered > 0 ? cpuSeconds / (bytesDelivered / BytesPerGiB) : null,
            PeakWorkingSetBytes = process.PeakWorkingSet64,
            GcAllocatedBytes = allocated,
            GcAllocatedBytesPerMiB = bytesDelivered > 0 ? allocated / (bytesDelivered / BytesPerMiB) : null,
            GcCollections = [GC.CollectionCount(0) - _collectionsStart[0], GC.CollectionCount(1) - _collectionsStart[1], GC.CollectionCount(2) - _collectionsStart[2]],
        };
    }
}
