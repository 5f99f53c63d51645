namespace Transports.Harness.Remote;

/// <summary>
/// <c>serve -parent-pid PID</c>: an agent started for one run (by <c>-link</c>, behind an emulated path) ends when the
/// process that started it is gone, even if that process was killed (SIGKILL leaves it no chance to stop the agent).
/// Checked once a second.
/// </summary>
internal static class ParentWatch
{
    /// <summary>A token cancelled when process <paramref name="pid"/> no longer runs, or with <paramref name="stop"/>.</summary>
    /// <param name="pid">The parent's PID; 0 = no watch.</param>
    /// <param name="stop">The agent's own stop token.</param>
    public static CancellationToken Watch(int pid, CancellationToken stop)
    {
        if (pid <= 0) return stop;
        var cts = CancellationTokenSource.CreateLinkedTokenSource(stop);
        _ = Task.Run(async () =>
        {
            try
            {
                while (Directory.Exists($"/proc/{pid}")) await Task.Delay(1000, cts.Token).ConfigureAwait(false);
                Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} process {pid} that started this agent is gone: stopping");
                cts.Cancel();
            }
            catch (OperationCanceledException)
            {
                // the agent stopped first
            }
        }, CancellationToken.None);
        return cts.Token;
    }
}
