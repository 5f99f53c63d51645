using System.Runtime.InteropServices;

namespace Transports.Paths.Emulation;

/// <summary>
/// Puts the calling thread under SCHED_FIFO (sched(7)), so an emulator thread preempts the transports it carries, as a
/// hardware link would not wait for them: on a loaded 2-core machine a normal thread can be kept off the CPU for
/// milliseconds and every packet behind it leaves late. Safe for threads that block between packets (ppoll); the
/// kernel's RT throttling (sched_rt_runtime_us) still leaves 5% of each second to everything else.
/// </summary>
internal static partial class RealtimeThread
{
    private const int SCHED_FIFO = 1;

    /// <summary>The priority used (1..99); low, so kernel threads that need more keep it.</summary>
    public const int Priority = 10;

    /// <summary>Tries; false (and the thread stays as it was) without CAP_SYS_NICE.</summary>
    public static bool TryEnter()
    {
        int priority = Priority;
        return sched_setscheduler(0, SCHED_FIFO, ref priority) == 0;
    }

    // int sched_setscheduler(pid_t pid, int policy, const struct sched_param *param); pid 0 = the calling thread.
    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int sched_setscheduler(int pid, int policy, ref int param);
}
