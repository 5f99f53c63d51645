using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Transports.Benchmarks;

/// <summary>
/// The default BenchmarkDotNet configuration with a short in-process job (ShortRun: 1 launch, 3 warm-up, 3 measured
/// iterations) and the memory diagnoser: enough for nanosecond-scale per-message costs on a shared machine, and no
/// generated project to build.
/// </summary>
public static class ShortInProcessConfig
{
    public static IConfig Create() => DefaultConfig.Instance
        .AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance))
        .AddDiagnoser(MemoryDiagnoser.Default)
        .WithOptions(ConfigOptions.DisableOptimizationsValidator);
}
