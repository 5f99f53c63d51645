using Spectre.Console;
using Spectre.Console.Rendering;
using Transports.Harness.Running;
using Transports.Harness.Views;
using Transports.Metrics.Results;
using Transports.Scenarios.Core;

namespace Transports.Harness.Output;

/// <summary>
/// Shows a run as it happens: on an interactive terminal a Spectre.Console progress display (one bar per transport
/// run with its phase and current rate), otherwise one plain line per event on stderr (CI logs stay readable).
/// </summary>
public static class LiveDisplay
{
    /// <summary>Runs <paramref name="run"/> with a display suited to the console.</summary>
    /// <param name="live">Use the live display when the console is interactive.</param>
    /// <param name="run">The run, given the observer to report to.</param>
    public static async Task<T> RunAsync<T>(bool live, Func<IRunObserver, Task<T>> run)
    {
        if (!live || !AnsiConsole.Profile.Capabilities.Interactive) return await run(new PlainObserver()).ConfigureAwait(false);
        return await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                using var observer = new ProgressObserver(ctx);
                return await run(observer).ConfigureAwait(false);
            }).ConfigureAwait(false);
    }

    /// <summary>One line per transport when it finishes: status and headline number.</summary>
    /// <param name="result">The result.</param>
    public static string Describe(TransportResult result)
    {
        var row = SummaryRow.From(result);
        var headline = row.GoodputGbitPerSecond is not null ? $"{Units.Format(row.GoodputGbitPerSecond)} Gbit/s ({Units.Format(row.GoodputMiBPerSecond, "0")} MiB/s)"
            : row.LatencyP50Ms is not null ? $"p50 {Units.Format(row.LatencyP50Ms, "0.000")} ms, p99 {Units.Format(row.LatencyP99Ms, "0.000")} ms" : "";
        var tail = row.Error is not null ? $": {row.Error}" : row.Integrity is "n/a" ? "" : $", {row.Integrity}";
        return $"{row.Label}: {row.Status}{(headline.Length > 0 ? " " + headline : "")}{tail}";
    }

    private sealed class PlainObserver : IRunObserver
    {
        public void RunStarted(string label, string run, TransferProgress progress) => Console.Error.WriteLine($"{label}: {run} …");
        public void TransportFinished(TransportResult result) => Console.Error.WriteLine(Describe(result));
        public void Message(string message) => Console.Error.WriteLine(message);
    }

    private sealed class ProgressObserver : IRunObserver, IDisposable
    {
        private readonly ProgressContext _context;
        private readonly Timer _timer;
        private readonly object _gate = new();
        private (ProgressTask Task, TransferProgress Progress, string Label)? _current;

        public ProgressObserver(ProgressContext context)
        {
            _context = context;
            _timer = new Timer(_ => Poll(), null, 100, 100);
        }

        public void RunStarted(string label, string run, TransferProgress progress)
        {
            lock (_gate)
            {
                Finish();
                var task = _context.AddTask(Markup.Escape($"{label} {run}"), maxValue: 1);
                task.State.Update<bool>("messages", _ => progress.Unit != "B");
                _current = (task, progress, $"{label} {run}");
            }
        }

        public void TransportFinished(TransportResult result)
        {
            lock (_gate)
            {
                Finish();
                var color = result.Status switch { TransportStatus.Ok => "green", TransportStatus.Skipped => "grey", _ => "red" };
                var line = _context.AddTask($"[{color}]{Markup.Escape(Describe(result))}[/]", maxValue: 1);
                line.Value = 1;
                line.StopTask();
            }
        }

        public void Message(string message)
        {
            lock (_gate) _context.AddTask(Markup.Escape(message), maxValue: 1).StopTask();
        }

        private void Poll()
        {
            lock (_gate)
            {
                if (_current is not { } c) return;
                long total = c.Progress.TotalUnits, done = c.Progress.CompletedUnits;
                c.Task.MaxValue = total > 0 ? total : Math.Max(done, 1);
                c.Task.Value = done;
                c.Task.Description = Markup.Escape($"{c.Label} [{c.Progress.Phase}]");
            }
        }

        private void Finish()
        {
            if (_current is not { } c) return;
            Poll();
            c.Task.Description = Markup.Escape(c.Label);
            c.Task.StopTask();
            _current = null;
        }

        public void Dispose()
        {
            _timer.Dispose();
            lock (_gate) Finish();
        }
    }

    /// <summary>Current rate of a progress bar: Gbit/s for bytes, msg/s for messages.</summary>
    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            bool messages = task.State.Get<bool>("messages");
            if (task.Speed is not double speed || task.IsFinished) return new Text("");
            return messages ? new Text($"{speed,8:0} msg/s") : new Text($"{speed * 8 / 1e9,6:0.00} Gbit/s");
        }
    }
}
