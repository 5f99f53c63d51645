using Spectre.Console;
using Spectre.Console.Rendering;
using Transports.Harness.Running;
using Transports.Views.Tables;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Views;
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
        var messages = new List<string>();
        var result = await AnsiConsole.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RateColumn(), new ElapsedTimeColumn())
            .StartAsync(async ctx =>
            {
                using var observer = new ProgressObserver(ctx, messages);
                return await run(observer).ConfigureAwait(false);
            }).ConfigureAwait(false);
        foreach (var message in messages) Console.Error.WriteLine(message); // after the live display, not as a bar
        return result;
    }

    /// <summary>One line per transport when it finishes: status and headline number.</summary>
    /// <param name="result">The result.</param>
    public static string Describe(TransportResult result)
    {
        var row = SummaryTable.Of(new ResultsDocument { Run = Placeholder, Environment = new EnvironmentInfo(), Transports = [result] }).Rows[0];
        string Value(MetricDefinition m) => $"{NumberFormat.Metric(m, row.Headline(m))} {m.DisplayUnit}";
        var latency = new[] { (MetricCatalog.RttP50, MetricCatalog.RttP99), (MetricCatalog.OwdP50, MetricCatalog.OwdP99) }
            .FirstOrDefault(p => row.Get(p.Item1) is not null);
        var headline = row.Get(MetricCatalog.Goodput) is not null && latency.Item1 is null
            ? $"{Value(MetricCatalog.Goodput)} ({Value(MetricCatalog.GoodputMiB)})"
            : latency.Item1 is { } p50 ? $"{p50.Header} {Value(p50)}, {latency.Item2.Header} {Value(latency.Item2)}" : "";
        var tail = result.Error is not null ? $": {result.Error}" : row.Integrity is "n/a" ? "" : $", {row.Integrity}";
        return $"{result.Label}: {row.Status}{(headline.Length > 0 ? " " + headline : "")}{tail}";
    }

    private static readonly RunInfo Placeholder = new() { Id = "", Scenario = "", StartedUtc = default };

    private sealed class PlainObserver : IRunObserver
    {
        public void RunStarted(string label, string run, TransferProgress progress) => Console.Error.WriteLine($"{label}: {run} …");
        public void TransportFinished(TransportResult result) => Console.Error.WriteLine(Describe(result));
        public void Message(string message) => Console.Error.WriteLine(message);
    }

    /// <summary>One progress row per transport: its bar tracks the current run, its text the run and phase, then the result.</summary>
    private sealed class ProgressObserver : IRunObserver, IDisposable
    {
        private readonly ProgressContext _context;
        private readonly Timer _timer;
        private readonly object _gate = new();
        private readonly Dictionary<string, ProgressTask> _rows = [];
        private readonly List<string> _messages;
        private (ProgressTask Task, TransferProgress Progress, string Text)? _current;

        public ProgressObserver(ProgressContext context, List<string> messages)
        {
            _context = context;
            _messages = messages;
            _timer = new Timer(_ => Poll(), null, 100, 100);
        }

        public void RunStarted(string label, string run, TransferProgress progress)
        {
            lock (_gate)
            {
                if (!_rows.TryGetValue(label, out var task)) _rows[label] = task = _context.AddTask(Markup.Escape(label), maxValue: 1);
                task.State.Update<bool>("messages", _ => progress.Unit != "B");
                task.Value = 0;
                _current = (task, progress, $"{label} {run}");
                Poll();
            }
        }

        public void TransportFinished(TransportResult result)
        {
            lock (_gate)
            {
                if (!_rows.TryGetValue(result.Label, out var task)) _rows[result.Label] = task = _context.AddTask("", maxValue: 1);
                if (_current?.Task == task) _current = null;
                var color = result.Status == TransportStatus.Ok ? "green" : result.Status.IsNotRun() ? "grey" : "red";
                task.Description = $"[{color}]{Markup.Escape(Describe(result))}[/]";
                task.Value = task.MaxValue;
                task.StopTask();
            }
        }

        public void Message(string message)
        {
            lock (_gate) _messages.Add(message);
        }

        private void Poll()
        {
            lock (_gate)
            {
                if (_current is not { } c) return;
                long total = c.Progress.TotalUnits, done = c.Progress.CompletedUnits;
                c.Task.MaxValue = total > 0 ? total : Math.Max(done, 1);
                c.Task.Value = done;
                c.Task.Description = Markup.Escape($"{c.Text} [{c.Progress.Phase}]");
            }
        }

        public void Dispose()
        {
            _timer.Dispose();
            lock (_gate) _current = null;
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
