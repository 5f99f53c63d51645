using Transports.Abstractions;
using Transports.Results;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;
using Transports.Scenarios.Messages;

namespace Transports.Scenarios.PingPong;

/// <summary>
/// Round-trip latency of request/response messages (like netperf TCP_RR and sockperf ping-pong). The client sends a
/// message of <c>message-size</c> bytes, the server echoes it, the client records the RTT into a log-linear histogram.
/// Closed loop (default): one request outstanding, RTT from the actual send time. Open loop (<c>rate</c>): requests
/// leave at fixed intended times whatever the responses do, and RTT is measured from the intended send time, which
/// corrects for coordinated omission. Works over any transport: on a byte stream a response is exactly message-size
/// bytes; with message boundaries it is one message; on an unreliable transport a response not back within
/// <c>loss-timeout</c> counts as lost and the client moves on. See docs/SCENARIOS-MESSAGES.md.
/// </summary>
public sealed class PingPongScenario : MessageScenario
{
    /// <inheritdoc />
    public override string Name => "pingpong";

    /// <inheritdoc />
    public override string Description => "Request/response round-trip latency (RTT percentiles), closed loop or open loop at --rate, message-size sweep";

    /// <inheritdoc />
    protected override async Task<Measurement> RunAsync(ScenarioContext context, MessageSettings settings, int size, CancellationToken cancellationToken)
    {
        await using var run = await ClientRun.OpenAsync(this, context, StreamDirection.Bidirectional, cancellationToken).ConfigureAwait(false);
        var client = new PingPongRun(run, settings, size, context.Progress);
        await run.RunAsync(async () =>
        {
            await client.RunClientAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        return client.ToMeasurement(run.Client.GetStatistics());
    }

    /// <summary>
    /// The server role: echoes every message until the client completes (then completes too), or, on transports without
    /// orderly close, until the client side ends the run.
    /// </summary>
    protected override async Task<ServerReport> ServeAsync(ServerRoleContext context, MessageSettings settings, MessageVariant variant, CancellationToken cancellationToken)
    {
        var server = context.Connection;
        var receiver = new MessageReceiver(server, variant.MessageSizeBytes);
        try
        {
            while (await receiver.ReceiveAsync(cancellationToken).ConfigureAwait(false))
                await server.SendAsync(receiver.Current, cancellationToken).ConfigureAwait(false);
            await server.CompleteSendAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TransportException or OperationCanceledException
                                  && (cancellationToken.IsCancellationRequested || !server.Capabilities.HasOrderlyClose))
        {
            // The run is over and the connection is being torn down. Without orderly close, the client going away is
            // how the echo learns the end (its stopped receive may close the connection, e.g. QUIC); a failure
            // mid-run still shows on the client side as lost or failed requests.
        }
        return ServerReport.Empty;
    }
}
