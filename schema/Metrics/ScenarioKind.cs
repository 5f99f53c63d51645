namespace Transports.Results.Metrics;

/// <summary>
/// The kinds of scenario a metric describes. A table of a bulk run leaves out message-only metrics and a table of a
/// message run leaves out bulk-only ones, so each shows the numbers its workload is read by.
/// </summary>
[Flags]
public enum ScenarioKind
{
    /// <summary>Bulk transfer (bigfile): read per byte (goodput, time to first byte, CPU per GiB).</summary>
    Bulk = 1,
    /// <summary>Message exchange (pingpong, datagrams): read per message (messages per second, RTT or one-way delay, CPU per message).</summary>
    Messages = 2,
    /// <summary>Both kinds (goodput, loss, jitter, peak working set).</summary>
    Any = Bulk | Messages,
    /// <summary>A BenchmarkDotNet report read as a run (<see cref="ScenarioKinds.BenchmarkDotNetScenario"/>): time and allocations per operation.</summary>
    Benchmark = 4,
}

/// <summary>Which <see cref="ScenarioKind"/> a run is.</summary>
public static class ScenarioKinds
{
    /// <summary>The <see cref="RunInfo.Scenario"/> of a BenchmarkDotNet report read as a run.</summary>
    public const string BenchmarkDotNetScenario = "benchmarkdotnet";

    /// <summary>
    /// <see cref="ScenarioKind.Benchmark"/> for a BenchmarkDotNet report; else <see cref="ScenarioKind.Messages"/> when any repeat of any transport measured per-message latency (message
    /// scenarios do, bulk transfers do not), else <see cref="ScenarioKind.Bulk"/>.
    /// </summary>
    /// <param name="document">The results.</param>
    public static ScenarioKind Of(ResultsDocument document)
        => document.Run.Scenario == BenchmarkDotNetScenario ? ScenarioKind.Benchmark
        : document.Transports.Any(t => t.Repeats.Any(m => m.Latency is not null)) ? ScenarioKind.Messages : ScenarioKind.Bulk;
}
