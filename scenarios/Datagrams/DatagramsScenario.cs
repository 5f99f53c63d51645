using Transports.Abstractions;
using Transports.Results;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;
using Transports.Scenarios.Messages;

namespace Transports.Scenarios.Datagrams;

/// <summary>
/// A one-way stream of small sequence-numbered, timestamped messages from client to server, at <c>rate</c> messages/s
/// (open loop) or as fast as the transport accepts them. The receiver (the server role) measures delivered messages/s,
/// loss, duplicates, RFC 4737 reordering, one-way delay percentiles (the client's timestamps against the server's clock
/// minus the estimated offset: the same clock on one host), RFC 3550 interarrival jitter, and the delay above the run's
/// minimum (queueing, retransmission and head-of-line blocking on reliable transports). On unreliable transports loss is
/// a result, not an error: the sender ends with several end markers and the receiver also stops once idle for
/// <c>loss-timeout</c> after the sender finished. See docs/SCENARIOS-MESSAGES.md.
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
        await using var run = await ClientRun.OpenAsync(this, context, StreamDirection.ClientToServer, cancellationToken).ConfigureAwait(false);
        var client = new DatagramRun(run, settings, size, context.Progress);
        return await run.RunAsync(async () =>
        {
            await client.RunAsync(cancellationToken).ConfigureAwait(false);
            return client.ToMeasurement();
        }).ConfigureAwait(false);
    }

    /// <summary>
    /// The server role: receives, verifies and counts every message until the end marker (or, on transports that may
    /// lose it, until idle or until the client ends the session), and reports what arrived (<see cref="DatagramsReport"/>).
    /// </summary>
    protected override Task<ServerReport> ServeAsync(ServerRoleContext context, MessageSettings settings, MessageVariant variant, CancellationToken cancellationToken)
        => new DatagramReceiverRole(context, settings, variant.MessageSizeBytes).RunAsync(cancellationToken);
}
