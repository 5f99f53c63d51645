using BenchmarkDotNet.Running;

namespace Transports.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project benchmarks/Transports.Benchmarks</c> runs the BenchmarkDotNet suite (arguments go to
/// BenchmarkDotNet, e.g. <c>--filter *Histogram*</c>); <c>... -- pingpong [options]</c> runs the pingpong scenario directly
/// (see <see cref="PingPongRunner"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == "pingpong") return await PingPongRunner.RunAsync(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, ShortInProcessConfig.Create());
        return 0;
    }
}
