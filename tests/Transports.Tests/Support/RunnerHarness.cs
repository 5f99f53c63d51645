using System.Net;
using Transports.Abstractions;
using Transports.Harness.Catalog;
using Transports.Harness.Running;
using Transports.Results;
using Transports.Scenarios.Core;

namespace Transports.Tests.Support;

/// <summary>Runs the harness runner in-process (no CLI) with a silent observer.</summary>
public static class RunnerHarness
{
    public static async Task<RunOutcome> RunAsync(string scenario, IReadOnlyList<ITransportFactory> transports, string resultsRoot,
        IDictionary<string, string>? options = null, TimeSpan? stallTimeout = null, TimeSpan? timeout = null, int warmups = 0, int repeats = 1,
        CancellationToken cancellationToken = default)
    {
        Environment.SetEnvironmentVariable("TRANSPORTS_CACHE", TempDirectory.Cache);
        var request = new RunRequest
        {
            Scenario = ScenarioCatalog.Find(scenario)!,
            Transports = transports,
            Options = new OptionValues(new Dictionary<string, string>(options ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase)),
            Warmups = warmups,
            Repeats = repeats,
            StallTimeout = stallTimeout ?? TimeSpan.FromSeconds(15),
            Timeout = timeout ?? TimeSpan.FromSeconds(120),
            ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 0),
            ResultsRoot = resultsRoot,
            LiveProgress = false,
        };
        return await new Runner(request, new SilentObserver()).RunAsync(cancellationToken);
    }

    private sealed class SilentObserver : IRunObserver
    {
        public void RunStarted(string label, string run, TransferProgress progress) { }
        public void TransportFinished(TransportResult result) { }
        public void Message(string message) { }
    }
}
