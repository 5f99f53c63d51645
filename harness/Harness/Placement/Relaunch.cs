using System.Diagnostics;
using System.Runtime.InteropServices;
using Transports.Measure.Placement;

namespace Transports.Harness.Placement;

/// <summary>
/// Runs the same command again in a child process placed as asked: under <c>taskset -c CPUS</c> (sched_setaffinity(2)
/// from the first instruction, so the runtime sizes its thread pool and spin-waiting for those CPUs and every thread
/// and child tool inherits the mask) and with <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> set or cleared, which
/// the runtime reads once when its socket engine starts. The child runs in its own session (<c>setsid</c>) so a
/// terminal's Ctrl-C reaches it exactly once, forwarded by this process; its exit code is this process's.
/// </summary>
internal static partial class Relaunch
{
    /// <summary>Set in the child so a placement that did not take is an error rather than a relaunch loop.</summary>
    public const string MarkerVariable = "TRANSPORTS_PLACED";

    private static volatile int s_childPid;

    /// <summary>The running child's PID, 0 when there is none; signals go to it while it runs.</summary>
    public static int ChildPid => s_childPid;

    /// <summary>Whether this process is a relaunched child.</summary>
    public static bool IsChild => Environment.GetEnvironmentVariable(MarkerVariable) == "1";

    /// <summary>Forwards a signal to the child (SIGINT 2, SIGTERM 15); false when no child runs.</summary>
    /// <param name="signal">The POSIX signal number.</param>
    public static bool Forward(int signal)
    {
        int pid = s_childPid;
        return pid > 0 && Kill(pid, signal) == 0;
    }

    /// <summary>Runs this command again placed as <paramref name="request"/> asks, and waits for it.</summary>
    /// <param name="request">The placement.</param>
    /// <returns>The child's exit code.</returns>
    /// <exception cref="InvalidOperationException">taskset or setsid (util-linux) cannot be started; the message says so.</exception>
    public static async Task<int> RunAsync(PlacementRequest request)
    {
        var start = new ProcessStartInfo { FileName = "setsid", UseShellExecute = false };
        if (request.Cpus is not null)
        {
            start.ArgumentList.Add("taskset");
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add(request.Cpus.ToString());
        }
        start.ArgumentList.Add(Environment.ProcessPath ?? "dotnet");
        var args = Environment.GetCommandLineArgs();
        // Under the dotnet host the first argument is the entry assembly (harness.dll); for an apphost it is the program.
        bool viaHost = Path.GetFileNameWithoutExtension(Environment.ProcessPath ?? "") == "dotnet";
        foreach (var a in viaHost ? args : args.Skip(1)) start.ArgumentList.Add(a);
        start.Environment[MarkerVariable] = "1";
        if (request.SocketCompletions == ProcessPlacement.Inline) start.Environment[ProcessPlacement.InlineCompletionsVariable] = "1";
        else if (request.SocketCompletions == ProcessPlacement.ThreadPool) start.Environment.Remove(ProcessPlacement.InlineCompletionsVariable);
        Process child;
        try
        {
            child = Process.Start(start) ?? throw new InvalidOperationException("setsid did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"cannot place the run (-cpus/-socket-completions need setsid and taskset from util-linux): {e.Message}");
        }
        using (child)
        {
            s_childPid = child.Id;
            try
            {
                await child.WaitForExitAsync().ConfigureAwait(false);
                return child.ExitCode;
            }
            finally
            {
                s_childPid = 0;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
