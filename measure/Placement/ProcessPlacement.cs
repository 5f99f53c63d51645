namespace Transports.Measure.Placement;

/// <summary>
/// Where this process runs and how its socket completions are dispatched: the two settings that decide most of a
/// loopback RTT on a small VM (a wake-up across vCPUs costs tens of µs; a thread-pool hop per receive costs a context
/// switch). Both must be in force from process start, so the harness relaunches itself to change them.
/// </summary>
/// <param name="CpuAffinity">CPUs the process may run on (from <c>Cpus_allowed_list</c> in /proc/self/status; see
/// sched_setaffinity(2)); null where the kernel does not say.</param>
/// <param name="SocketCompletions">How .NET dispatches socket completions: <see cref="ThreadPool"/> (the default every
/// .NET API sees: the epoll thread queues each continuation to the thread pool) or <see cref="Inline"/> (continuations run
/// on the epoll thread itself, runtime switch <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>).</param>
public sealed record ProcessPlacement(CpuList? CpuAffinity, string SocketCompletions)
{
    /// <summary>Socket completions dispatched to the thread pool (.NET's default).</summary>
    public const string ThreadPool = "thread-pool";

    /// <summary>Socket completions run inline on the socket engine's epoll thread.</summary>
    public const string Inline = "inline";

    /// <summary>The runtime's switch for inline completions (read once, when the socket engine starts).</summary>
    public const string InlineCompletionsVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>The placement of the current process.</summary>
    public static ProcessPlacement Current() => new(CurrentAffinity(), CompletionsFromEnvironment());

    /// <summary>Logical CPUs of the machine (online ones, from /sys/devices/system/cpu/online; else the runtime's count).</summary>
    public static int MachineCpuCount()
    {
        try
        {
            var online = File.ReadAllText("/sys/devices/system/cpu/online").Trim();
            return CpuList.Parse(online, int.MaxValue).Cpus[^1] + 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return Environment.ProcessorCount;
        }
    }

    private static string CompletionsFromEnvironment()
        => Environment.GetEnvironmentVariable(InlineCompletionsVariable) == "1" ? Inline : ThreadPool;

    private static CpuList? CurrentAffinity()
    {
        try
        {
            var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
            return line is null ? null : CpuList.Parse(line["Cpus_allowed_list:".Length..].Trim(), int.MaxValue);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
