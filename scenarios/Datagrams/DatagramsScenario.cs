using Transports.Abstractions;
using Transports.Results;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;
using Transports.Scenarios.Messages;

namespace Transports.Scenarios.Datagrams;

/// <summary>
/// A one-way stream of small sequence-numbered, timestamped messages from client to server, at <c>rate</c> messages/s
/// (open loop) or as fast as the transport accepts them. The receiver measures delivered messages/s, loss, duplicates,
/// RFC 4737 reordering, one-way delay percentiles (same host clock on loopback), RFC 3550 interarrival jitter, and the
/// delay above the run's minimum (queueing, retransmission and head-of-line blocking on reliable transports). On
/// unreliable transports loss is a result, not an error: the sender ends with several end markers and the receiver also
/// stops once idle for <c>loss-timeout</c> after the sender finished. See docs/SCENARIOS-MESSAGES.md.
/// </summary>
public sealed class DatagramsScenario : MessageScenario
{
    /// <inheritdoc />
    public override string Name => "datagrams";

    /// <inheritdoc />
    public override string Description => "One-way stream of small messages: loss, duplicates, reordering (RFC 4737), one-way delay, jitter (RFC 3550)";

    /// <inheritdoc />
    protected override async Task<Measurement> RunAsync(ScenarioContext context, MessageSettings settings, int size, CancellationToken cancellationToken)
    {
        await using var pair = await ConnectedPair.OpenAsync(context, StreamDirection.ClientToServer, cancellationToken).ConfigureAwait(false);
        var run = new DatagramRun(pair, settings, size, context.Progress);
        await run.RunAsync(cancellationToken).ConfigureAwait(false);
        return run.ToMeasurement(pair.Client.GetStatistics());
    }

    /// <inheritdoc />
    protected override Task<ServerReport> ServeAsync(ServerRoleContext context, MessageSettings settings, MessageVariant variant, CancellationToken cancellationToken)
        => throw new NotSupportedException("not split yet");
}
