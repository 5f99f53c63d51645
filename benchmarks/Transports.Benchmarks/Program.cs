using BenchmarkDotNet.Running;

namespace Transports.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Transports.Benchmarks</c> runs the BenchmarkDotNet suite (arguments go to
/// BenchmarkDotNet, e.g. <c>--job short --filter '*Histogram*'</c>; every job runs in process, see
/// <see cref="ShortInProcessConfig"/>); <c>... -- pingpong [options]</c> runs the pingpong scenario directly
/// (see <see cref="PingPongRunner"/>); <c>... -- budget</c> runs the harness cost benchmarks and checks them against
/// budget.json (see <see cref="Budget.BudgetCommand"/>); <c>... -- emulator</c> measures the link emulator's ceiling
/// (see <see cref="Emulator.EmulatorCeiling"/>); <c>... -- tcp-model</c> compares TCP across lossy emulated links with
/// the Mathis and CUBIC response functions (see <see cref="Emulator.LossyTcpModelCommand"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "pingpong") return await PingPongRunner.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "budget") return Budget.BudgetCommand.Run(args[1..]);
        if (args.Length > 0 && args[0] == "emulator") return await Emulator.EmulatorCeiling.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "tcp-model") return await Emulator.LossyTcpModelCommand.RunAsync(args[1..]);
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly)
            .Run(ShortInProcessConfig.WithInProcessJobs(args), ShortInProcessConfig.Create(withJob: !ShortInProcessConfig.NamesJob(args)));
        // A benchmark that failed to build or run shows as NA in the table; make it a failing exit code too.
        return summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
    }
}
