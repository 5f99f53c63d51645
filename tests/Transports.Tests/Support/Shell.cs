using System.Diagnostics;

namespace Transports.Tests.Support;

/// <summary>Runs a system command, bounded to 30 s; returns its exit code (-1 when it cannot start).</summary>
public static class Shell
{
    public static async Task<int> RunAsync(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        try
        {
            using var p = Process.Start(psi)!;
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await p.WaitForExitAsync(cts.Token);
            return p.ExitCode;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or OperationCanceledException)
        {
            return -1;
        }
    }
}
