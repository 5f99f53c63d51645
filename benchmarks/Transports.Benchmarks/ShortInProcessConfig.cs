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
/// <remarks>
/// A job given on the command line (<c>--job short</c>, <c>--job medium</c>, …) replaces the built-in one and runs in
/// process too (<see cref="WithInProcessJobs"/>): BenchmarkDotNet would otherwise add it beside ours with its default
/// toolchain, which generates and builds a project under bin/, where this repository's Directory.Build.props makes its
/// undocumented public types (CS1591) an error, so that job fails to build and reports NA.
/// </remarks>
public static class ShortInProcessConfig
{
    /// <summary>The configuration; without the built-in job when the command line names its own.</summary>
    /// <param name="withJob">False when the command line gives <c>--job</c>.</param>
    public static IConfig Create(bool withJob = true)
    {
        var config = DefaultConfig.Instance
            .AddDiagnoser(MemoryDiagnoser.Default)
            .WithOptions(ConfigOptions.DisableOptimizationsValidator);
        return withJob ? config.AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance)) : config;
    }

    /// <summary>True when <paramref name="args"/> name a job (<c>--job X</c>, <c>-j X</c>, <c>--job=X</c>).</summary>
    /// <param name="args">BenchmarkDotNet's command line.</param>
    public static bool NamesJob(IReadOnlyList<string> args) => args.Any(a => a is "--job" or "-j" || a.StartsWith("--job=", StringComparison.Ordinal));

    /// <summary><paramref name="args"/> with <c>--inProcess</c> added when they name a job and do not say it already.</summary>
    /// <param name="args">BenchmarkDotNet's command line.</param>
    public static string[] WithInProcessJobs(string[] args) =>
        NamesJob(args) && !args.Any(a => a is "--inProcess" or "-i") ? [.. args, "--inProcess"] : args;
}
