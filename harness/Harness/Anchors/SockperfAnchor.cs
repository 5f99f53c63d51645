using System.Globalization;
using System.Runtime.CompilerServices;
using Transports.Measure.Processes;
using Transports.Abstractions;
using Transports.Results;
using Transports.Scenarios.Core;
using Transports.Scenarios.Messages;
using Transports.Scenarios.PingPong;

namespace Transports.Harness.Anchors;

/// <summary>
/// sockperf (Debian package sockperf) as the anchor of closed-loop <c>pingpong</c> over <c>tcp</c> and <c>udp</c>:
/// <c>sockperf ping-pong -i ADDRESS -m SIZE -t SECONDS --mps=max --full-rtt [--tcp]</c> against <c>sockperf server</c>,
/// one run per measured protocol and message size. One message outstanding, like the harness's closed loop;
/// <c>--full-rtt</c> makes sockperf report round-trip times (by default it prints half of them). Its warm-up
/// (400 ms) is excluded by sockperf itself. Message sizes sockperf cannot send (below 14 B, above 65507 B) are skipped.
/// </summary>
/// <param name="executable">The sockperf executable (name on PATH or a path).</param>
public sealed class SockperfAnchor(string executable = "sockperf") : IAnchor
{
    /// <summary>Smallest message sockperf sends, bytes (its header).</summary>
    public const int MinMessageBytes = 14;

    /// <summary>Largest message sockperf sends, bytes.</summary>
    public const int MaxMessageBytes = 65507;

    /// <summary>sockperf's two protocols and the transports' feature sets they anchor.</summary>
    private static readonly (string Protocol, TransportFeatures Features)[] Protocols =
        [("tcp", AnchorWorkloads.PlainReliableStream), ("udp", AnchorWorkloads.PlainDatagrams)];

    /// <inheritdoc />
    public string Name => "sockperf";

    /// <inheritdoc />
    public string Description => "sockperf ping-pong --full-rtt, closed loop; compared with pingpong over tcp and udp (RTT p50, p99)";

    /// <inheritdoc />
    public string? WhyNotApplicable(AnchorContext context)
        => context.Scenario is not PingPongScenario || context.Settings is not MessageSettings settings ? "sockperf anchors the pingpong scenario only"
            : settings.IsOpenLoop ? "sockperf ping-pong is closed loop; this run is open loop (-rate)"
            : !Protocols.Any(p => context.Measured(p.Features)) ? "sockperf anchors plaintext tcp and udp, which this run did not measure"
            : null;

    /// <inheritdoc />
    public async IAsyncEnumerable<AnchorResult> RunAsync(AnchorContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int seconds = ToolRun.WholeSeconds(context.DurationSeconds);
        var path = ExecutablePath.Find(executable);
        string? version = null;
        foreach (var (protocol, features) in Protocols.Where(p => context.Measured(p.Features)))
        {
            foreach (var variant in context.Variants.OfType<MessageVariant>())
            {
                if (cancellationToken.IsCancellationRequested) yield break;
                int size = variant.MessageSizeBytes;
                var sizeText = size.ToString(CultureInfo.InvariantCulture);
                var template = new AnchorResult
                {
                    Tool = Name,
                    Label = context.Variants.Count > 1 ? $"sockperf {protocol} {size} B" : $"sockperf {protocol}",
                    ComparableFeatures = AnchorWorkloads.Names(features),
                    Parameters = ParameterJson.ToObject(variant),
                    Description = $"ping-pong, {size} B messages, {seconds} s, round-trip times (--full-rtt)",
                };
                if (path is null)
                {
                    yield return ToolRun.NotInstalled(template, "sockperf");
                    continue;
                }
                if (size is < MinMessageBytes or > MaxMessageBytes)
                {
                    yield return template with { Status = TransportStatus.Skipped, Error = $"sockperf sends {MinMessageBytes}..{MaxMessageBytes} B messages, not {sizeText} B" };
                    continue;
                }
                version ??= await ToolRun.VersionAsync(path, "--version", cancellationToken).ConfigureAwait(false);
                yield return await ToolRun.GuardedAsync(template, async () =>
                {
                    string address = context.Address.ToString();
                    string port = FreePort.Pick(context.Address).ToString(CultureInfo.InvariantCulture);
                    string[] tcp = protocol == "tcp" ? ["--tcp"] : [];
                    var run = await ToolRun.ServerClientAsync(path, ["server", "-i", address, "-p", port, .. tcp],
                        line => line.Contains("[tid", StringComparison.Ordinal),
                        ["ping-pong", "-i", address, "-p", port, "-m", sizeText, "-t", seconds.ToString(CultureInfo.InvariantCulture), "--mps=max", "--full-rtt", .. tcp],
                        TimeSpan.FromSeconds(seconds) + ToolRun.ClientGrace, cancellationToken).ConfigureAwait(false);
                    var latency = SockperfOutput.Parse(run.Output);
                    return template with { Status = TransportStatus.Ok, ToolVersion = version, Command = run.Command, Latency = latency };
                }, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
