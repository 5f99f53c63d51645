using System.Globalization;
using System.Runtime.CompilerServices;
using Transports.Measure.Processes;
using Transports.Results;

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

    private static readonly string[] Protocols = ["tcp", "udp"];

    /// <inheritdoc />
    public string Name => "sockperf";

    /// <inheritdoc />
    public string Description => "sockperf ping-pong --full-rtt, closed loop; compared with pingpong over tcp and udp (RTT p50, p99)";

    /// <inheritdoc />
    public string? WhyNotApplicable(AnchorContext context)
        => context.Scenario != "pingpong" ? "sockperf anchors the pingpong scenario only"
            : context.Parameters.GetValueOrDefault("mode") != "closed_loop" ? "sockperf ping-pong is closed loop; this run is open loop (-rate)"
            : !Protocols.Any(context.Measured) ? "sockperf anchors tcp and udp, which this run did not measure"
            : null;

    /// <inheritdoc />
    public async IAsyncEnumerable<AnchorResult> RunAsync(AnchorContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int seconds = ToolRun.WholeSeconds(context.DurationSeconds);
        var path = ExecutablePath.Find(executable);
        string? version = null;
        foreach (var protocol in Protocols.Where(context.Measured))
        {
            foreach (var variant in context.Variants)
            {
                if (cancellationToken.IsCancellationRequested) yield break;
                var sizeText = variant.GetValueOrDefault("message_size_bytes", "");
                int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out int size);
                var template = new AnchorResult
                {
                    Tool = Name,
                    Label = context.Variants.Count > 1 ? $"sockperf {protocol} {size} B" : $"sockperf {protocol}",
                    ComparableTransport = protocol,
                    Parameters = new Dictionary<string, string> { ["message_size_bytes"] = sizeText },
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
