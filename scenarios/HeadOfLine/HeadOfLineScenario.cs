using Transports.Abstractions;
using Transports.Results;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.HeadOfLine;

/// <summary>
/// Head-of-line blocking: N independent flows of small paced messages from client to server over one connection, each
/// flow's one-way delay measured on its own. How the flows share the connection follows from the transport's
/// capabilities (<see cref="FlowMappings.For"/>): interleaved on one ordered stream (tcp, ws, grpc), a stream per flow
/// (quic), a datagram per message (udp, quic-dgram). Under loss, one lost packet stalls every flow behind it on one
/// ordered stream, only its own flow on independent streams, and nothing on datagrams (the message is lost instead);
/// the per-flow percentiles, the share of messages delayed above the base delay and the share of those stalls shared
/// with other flows show which. On loopback nothing is lost, so the mappings look alike: it needs a lossy path
/// (<c>-link</c>). See docs/SCENARIOS-HOL.md.
/// </summary>
public sealed class HeadOfLineScenario : Scenario<HolSettings, SingleVariant>
{
    /// <inheritdoc />
    public override string Name => "hol";

    /// <inheritdoc />
    public override string Description => "Head-of-line blocking: N paced flows over one connection, per-flow one-way delay, delay above base, stalls shared across flows";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options => HolOptions.All;

    /// <inheritdoc />
    public override HolSettings Parse(OptionValues options) => HolOptions.Parse(options);

    /// <inheritdoc />
    public override IReadOnlyList<SingleVariant> Variants(HolSettings settings) => [SingleVariant.Instance];

    /// <inheritdoc />
    public override string? WhyNotApplicable(TransportCapabilities capabilities, HolSettings settings, SingleVariant variant)
    {
        if (FlowMappings.For(capabilities) is null)
            return "hol needs a reliable transport or one with message boundaries (an unreliable byte stream cannot delimit messages)";
        if (capabilities.MaxMessageSizeBytes is int max && settings.MessageSizeBytes > max)
            return $"message-size {settings.MessageSizeBytes} B exceeds the transport's maximum message size of {max} B";
        return null;
    }

    /// <inheritdoc />
    protected override Task<Measurement> RunAsync(ScenarioContext context, HolSettings settings, SingleVariant variant, CancellationToken cancellationToken)
    {
        context.Progress.Unit = "msg";
        context.Progress.SetTotal((long)Math.Ceiling(settings.TotalRateMessagesPerSecond * settings.DurationSeconds)); // for the display
        return Cancellation.ReportAsCancellation(RunCoreAsync(context, settings, cancellationToken), cancellationToken);
    }

    private async Task<Measurement> RunCoreAsync(ScenarioContext context, HolSettings settings, CancellationToken cancellationToken)
    {
        var mapping = FlowMappings.For(context.Transport.Capabilities)
            ?? throw new InvalidOperationException($"hol cannot run over {context.Transport.Name}: {context.Transport.Capabilities}");
        await using var run = await ClientRun.OpenAsync(this, context, StreamDirection.ClientToServer, cancellationToken).ConfigureAwait(false);
        var flows = new List<ITransportConnection> { run.Client };
        try
        {
            return await run.RunAsync(async () =>
            {
                if (mapping == FlowMapping.StreamPerFlow)
                {
                    var multiplexed = run.Client as IMultiplexedTransportConnection
                        ?? throw new TransportException(TransportError.NotSupported, $"hol: {context.Transport.Name} declares multiplexed streams but its connection cannot open them");
                    for (int i = 1; i < settings.Flows; i++) flows.Add(await multiplexed.OpenStreamAsync(cancellationToken).ConfigureAwait(false));
                }
                var client = new HolRun(run, settings, mapping, flows, context.Progress);
                await client.RunAsync(cancellationToken).ConfigureAwait(false);
                return client.ToMeasurement();
            }).ConfigureAwait(false);
        }
        finally
        {
            foreach (var stream in flows.Skip(1)) await ClientRun.SafeDisposeAsync(stream).ConfigureAwait(false);
        }
    }

    /// <summary>The server role: receives, verifies and counts every flow, and reports the per-flow and head-of-line figures.</summary>
    protected override Task<ServerReport> ServeAsync(ServerRoleContext context, HolSettings settings, SingleVariant variant, CancellationToken cancellationToken)
        => new HolReceiverRole(context, settings).RunAsync(cancellationToken);
}
