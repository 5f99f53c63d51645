using Transports.Measure.Placement;

namespace Transports.Harness.Placement;

/// <summary>
/// What <c>-cpus</c> and <c>-socket-completions</c> asked for. Null members leave the current setting as it is.
/// </summary>
/// <param name="Cpus">CPUs to pin the harness (and, by inheritance, the anchor tools it starts) to; null: no pinning.</param>
/// <param name="SocketCompletions"><see cref="ProcessPlacement.ThreadPool"/> or <see cref="ProcessPlacement.Inline"/>;
/// null: as the environment already says (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c>).</param>
public sealed record PlacementRequest(CpuList? Cpus, string? SocketCompletions)
{
    /// <summary>Whether the current process already runs as asked.</summary>
    /// <param name="current">The current placement.</param>
    public bool IsSatisfiedBy(ProcessPlacement current)
        => (SocketCompletions is null || current.SocketCompletions == SocketCompletions) && (Cpus is null || Cpus.Equals(current.CpuAffinity));

    /// <summary>Parses the two option values.</summary>
    /// <param name="cpus">A cpu list ("0", "0-1"), or empty for no pinning.</param>
    /// <param name="completions">"thread-pool" (also "pool") or "inline"; empty: leave as the environment says.</param>
    /// <param name="cpuCount">CPUs of this machine.</param>
    /// <exception cref="FormatException">A bad value; the message is one line naming the option.</exception>
    public static PlacementRequest Parse(string cpus, string completions, int cpuCount)
    {
        CpuList? list = null;
        if (!string.IsNullOrWhiteSpace(cpus))
        {
            try
            {
                list = CpuList.Parse(cpus, cpuCount);
            }
            catch (FormatException e)
            {
                throw new FormatException($"--cpus: {e.Message}");
            }
        }
        var mode = completions.Trim().ToLowerInvariant() switch
        {
            "" => null,
            "thread-pool" or "pool" or "threadpool" => ProcessPlacement.ThreadPool,
            "inline" => ProcessPlacement.Inline,
            _ => throw new FormatException($"--socket-completions: '{completions}' is not thread-pool or inline"),
        };
        return new PlacementRequest(list, mode);
    }
}
