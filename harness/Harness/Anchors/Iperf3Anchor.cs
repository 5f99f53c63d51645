using System.Globalization;
using System.Runtime.CompilerServices;
using Transports.Measure.Processes;
using Transports.Results;
using Transports.Scenarios.BigFile;

namespace Transports.Harness.Anchors;

/// <summary>
/// iperf3 (Debian package iperf3) as the anchor of <c>bigfile</c> over <c>tcp</c>: <c>iperf3 -c ADDRESS -t SECONDS -J</c>
/// against <c>iperf3 -s -1</c> on the run's loopback address, compared with the transport that is a plaintext reliable
/// byte stream (<see cref="AnchorWorkloads.PlainReliableStream"/>), one TCP stream, memory to memory (iperf3's default:
/// 128 KiB writes from one buffer, received into another). <c>-R</c> when the run's direction is download. The number
/// taken is the receiver's <c>bits_per_second</c>. With <c>bigfile -connections N</c> it runs <c>-P N</c> parallel streams
/// (the run's workload); the number is then their sum, and each stream's receiver rate gives the tool's own per-flow
/// goodput and Jain's fairness index, shown beside the transports'. bigfile moves a file instead (read from the page cache, written to
/// the sink), so the ratio includes that cost: see docs/METHODOLOGY.md.
/// </summary>
/// <param name="executable">The iperf3 executable (name on PATH or a path).</param>
public sealed class Iperf3Anchor(string executable = "iperf3") : IAnchor
{
    /// <inheritdoc />
    public string Name => "iperf3";

    /// <inheritdoc />
    public string Description => "iperf3 -c, one TCP stream (-P N with -connections N), memory to memory; compared with bigfile over tcp (goodput, fairness)";

    /// <inheritdoc />
    public string? WhyNotApplicable(AnchorContext context)
        => context.Settings is not BigFileSettings ? "iperf3 anchors the bigfile scenario only"
            : !context.Measured(AnchorWorkloads.PlainReliableStream) ? "iperf3 anchors a plaintext reliable byte stream (tcp), which this run did not measure"
            : null;

    /// <inheritdoc />
    public async IAsyncEnumerable<AnchorResult> RunAsync(AnchorContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int seconds = ToolRun.WholeSeconds(context.DurationSeconds);
        bool download = context.Settings is BigFileSettings { Direction: TransferDirection.Download };
        int streams = context.Settings is BigFileSettings { Connections: > 1 } parallel ? parallel.Connections : 1;
        string streamText = streams == 1 ? "one TCP stream" : $"{streams} parallel TCP streams (-P {streams})";
        var template = new AnchorResult
        {
            Tool = Name,
            Label = streams == 1 ? "iperf3 tcp" : $"iperf3 tcp -P {streams}",
            ComparableFeatures = AnchorWorkloads.Names(AnchorWorkloads.PlainReliableStream),
            Description = $"memory to memory, {streamText}, {seconds} s{(download ? ", server to client (-R)" : "")}",
        };
        var path = ExecutablePath.Find(executable);
        if (path is null)
        {
            yield return ToolRun.NotInstalled(template, "iperf3");
            yield break;
        }
        yield return await ToolRun.GuardedAsync(template, async () =>
        {
            string address = context.Address.ToString();
            string port = FreePort.Pick(context.Address).ToString(CultureInfo.InvariantCulture);
            var client = new List<string> { "-c", address, "-p", port, "-t", seconds.ToString(CultureInfo.InvariantCulture), "-J" };
            if (download) client.Add("-R");
            if (streams > 1) client.AddRange(["-P", streams.ToString(CultureInfo.InvariantCulture)]);
            var run = await ToolRun.ServerClientAsync(path, ["-s", "-1", "-B", address, "-p", port, "--forceflush"],
                line => line.Contains("Server listening", StringComparison.Ordinal), client,
                TimeSpan.FromSeconds(seconds) + ToolRun.ClientGrace, cancellationToken).ConfigureAwait(false);
            var (bitsPerSecond, version) = Iperf3Output.Parse(run.Output);
            var perStream = streams > 1 ? Iperf3Output.ParseStreams(run.Output) : [];
            return template with
            {
                Status = TransportStatus.Ok, ToolVersion = version, Command = run.Command, GoodputBitsPerSecond = bitsPerSecond,
                FlowGoodputBitsPerSecond = perStream,
                JainFairness = perStream.Count > 1 ? Results.Statistics.JainFairness.Of(perStream) : null,
            };
        }, cancellationToken).ConfigureAwait(false);
    }
}
