using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Transports.Measure.Processes;

/// <summary>
/// An external program the harness runs (the anchors' iperf3 and sockperf, the chart renderer's node): started with an
/// argument list (no shell), its output collected line by line, waited for with a deadline, and killed with its
/// children when disposed. Every wait is bounded. The one process runner of the project.
/// </summary>
public sealed class ExternalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly object _gate = new();
    private (Func<string, bool> Predicate, TaskCompletionSource Seen)? _waiter;

    private ExternalProcess(Process process) => _process = process;

    /// <summary>The tool's process ID.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The command line, for results and error messages.</summary>
    public string CommandLine => $"{Path.GetFileName(_process.StartInfo.FileName)} {string.Join(' ', _process.StartInfo.ArgumentList)}";

    /// <summary>Starts <paramref name="executable"/> with <paramref name="arguments"/>.</summary>
    /// <param name="executable">Full path of the program.</param>
    /// <param name="arguments">Arguments, passed as they are.</param>
    /// <param name="workingDirectory">Working directory; null for the current one.</param>
    /// <exception cref="ExternalProcessException">The process cannot be started.</exception>
    public static ExternalProcess Start(string executable, IEnumerable<string> arguments, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var tool = new ExternalProcess(process);
        process.OutputDataReceived += (_, e) => tool.OnLine(tool._stdout, e.Data);
        process.ErrorDataReceived += (_, e) => tool.OnLine(tool._stderr, e.Data);
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new ExternalProcessException($"cannot start {executable}: {e.Message}");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return tool;
    }

    private void OnLine(StringBuilder sink, string? line)
    {
        if (line is null) return;
        lock (_gate)
        {
            sink.Append(line).Append('\n');
            if (_waiter is { } w && w.Predicate(line)) w.Seen.TrySetResult();
        }
    }

    /// <summary>Standard output so far.</summary>
    public string StandardOutput { get { lock (_gate) return _stdout.ToString(); } }

    /// <summary>Standard error so far.</summary>
    public string StandardError { get { lock (_gate) return _stderr.ToString(); } }

    /// <summary>Waits until the tool prints a line (stdout or stderr) that matches <paramref name="predicate"/>, e.g. a server's "listening".</summary>
    /// <param name="predicate">Line test.</param>
    /// <param name="timeout">Longest wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <exception cref="ExternalProcessException">The tool exited or the timeout passed first.</exception>
    public async Task WaitForLineAsync(Func<string, bool> predicate, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if ((_stdout.ToString() + _stderr).Split('\n').Any(predicate)) return;
            _waiter = (predicate, seen);
        }
        var exited = _process.WaitForExitAsync(cancellationToken);
        var finished = await Task.WhenAny(seen.Task, exited, Task.Delay(timeout, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (finished == seen.Task) return;
        throw new ExternalProcessException(finished == exited
            ? $"{CommandLine} exited with code {_process.ExitCode} before it was ready: {LastLine()}"
            : $"{CommandLine} was not ready after {timeout.TotalSeconds:0} s");
    }

    /// <summary>Waits for the tool to exit and returns its exit code.</summary>
    /// <param name="timeout">Longest wait; the tool is killed after it.</param>
    /// <param name="cancellationToken">Cancels the wait (the tool is killed on dispose).</param>
    /// <exception cref="ExternalProcessException">The timeout passed first.</exception>
    public async Task<int> WaitForExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExternalProcessException($"{CommandLine} did not finish within {timeout.TotalSeconds:0} s");
        }
        return _process.ExitCode;
    }

    /// <summary>The last non-empty line the tool printed (stderr first), for error messages.</summary>
    public string LastLine()
    {
        var text = StandardError.Trim().Length > 0 ? StandardError : StandardOutput;
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(no output)";
    }

    /// <summary>Kills the tool and its children if still running, and releases the process.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or OperationCanceledException)
        {
            // already gone, or it would not die in 5 s: nothing more to do
        }
        _process.Dispose();
    }
}
