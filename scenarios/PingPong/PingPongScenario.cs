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
    /// <summary>Most bulk flows <c>-under-load</c> accepts.</summary>
    public const int MaxLoadFlows = 16;

    /// <summary><c>--under-load</c>: bulk flows beside the round trips.</summary>
    public static readonly OptionSpec UnderLoad = new("under-load",
        $"Latency under load (flent RRUL): N bulk flows of the same transport on the same path, 0-{MaxLoadFlows}; the first 40 % of -duration is idle, the bulk starts then, round trips sent after 50 % are the loaded RTT; reports idle RTT, RTT inflation and the load's verified goodput (needs -duration, -count 0)",
        "0", "flows");

    /// <inheritdoc />
    public override string Name => "pingpong";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options => [.. MessageOptions.All, UnderLoad];

    /// <inheritdoc />
    /// <exception cref="OptionException">A value is invalid, or -under-load without a duration-bounded run.</exception>
    public override MessageSettings Parse(OptionValues options)
    {
        var settings = base.Parse(options) with { UnderLoadConnections = options.GetInt32(UnderLoad, 0, MaxLoadFlows) };
        if (settings.UnderLoadConnections > 0 && (settings.DurationSeconds <= 0 || settings.MeasuredCount > 0))
            throw new OptionException($"--{UnderLoad.Name}: the idle and loaded phases split -duration: give a -duration and -count 0");
        return settings;
    }

    /// <inheritdoc />
    public override string? WhyNotApplicable(TransportCapabilities capabilities, MessageSettings settings, MessageVariant variant)
        => base.WhyNotApplicable(capabilities, settings, variant)
           ?? (settings.UnderLoadConnections > 0 && !(capabilities.IsReliable && capabilities.HasOrderlyClose)
               ? "-under-load needs a reliable transport with orderly close: its bulk flows are byte streams verified end to end (unpaced datagrams would measure the sender's drops, not a queue)"
               : null);

    /// <inheritdoc />
    public override string Description => "Request/response round-trip latency (RTT percentiles), closed loop or open loop at --rate, message-size sweep";

    /// <inheritdoc />
    protected override async Task<Measurement> RunAsync(ScenarioContext context, MessageSettings settings, int size, CancellationToken cancellationToken)
    {
        await using var run = await ClientRun.OpenAsync(this, context, StreamDirection.Bidirectional, cancellationToken).ConfigureAwait(false);
        if (settings.UnderLoadConnections > 0 && !context.IsWarmup) return await UnderLoadAsync(run, context, settings, size, cancellationToken).ConfigureAwait(false);
        var client = new PingPongRun(run, settings, size, context.Progress);
        await run.RunAsync(async () =>
        {
            await client.RunClientAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);
        return client.ToMeasurement(run.Client.GetStatistics());
    }

    /// <summary>
    /// The round trips with bulk flows beside them: idle phase, then the flows (<see cref="LoadFlows"/>) until the last
    /// round trip, then every bulk byte verified against the server's digests (<see cref="LoadSink"/>).
    /// </summary>
    private static async Task<Measurement> UnderLoadAsync(ClientRun run, ScenarioContext context, MessageSettings settings, int size, CancellationToken cancellationToken)
    {
        var phases = new LoadPhases(settings.DurationSeconds);
        var client = new PingPongRun(run, settings, size, context.Progress) { Phases = phases };
        using var stopLoad = new CancellationTokenSource();
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var load = LoadFlows.RunAsync(run, context.Transport, settings.UnderLoadConnections, phases, stopLoad.Token, abort.Token);
        IReadOnlyList<LoadFlowSent> sent;
        try
        {
            await run.RunAsync(async () =>
            {
                // A failing bulk flow ends the round trips too (its cause is reported, not a hang).
                var pingpong = client.RunClientAsync(abort.Token);
                if (await Task.WhenAny(pingpong, load).ConfigureAwait(false) == load && load.IsFaulted) await load.ConfigureAwait(false);
                await pingpong.ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
            await stopLoad.CancelAsync().ConfigureAwait(false);
            sent = await run.RunAsync(() => load).ConfigureAwait(false);
        }
        catch
        {
            await abort.CancelAsync().ConfigureAwait(false);
            try { await load.ConfigureAwait(false); } catch (Exception e) when (e is TransportException or OperationCanceledException or ObjectDisposedException) { }
            throw;
        }
        var report = (await run.ReportAsync().ConfigureAwait(false)).Read<LoadReport>();
        return client.ToMeasurement(run.Client.GetStatistics(), LoadVerdict.Verify(sent, report.Flows));
    }

    /// <summary>
    /// The server role: echoes every message until the client completes (then completes too), or, on transports without
    /// orderly close, until the client side ends the run.
    /// </summary>
    protected override async Task<ServerReport> ServeAsync(ServerRoleContext context, MessageSettings settings, MessageVariant variant, CancellationToken cancellationToken)
    {
        var server = context.Connection;
        // -under-load: the bulk flows connect once the idle phase's round trips were answered on this connection.
        var load = settings.UnderLoadConnections > 0 && !context.IsWarmup && context.Listener is { } listener
            ? LoadSink.DrainAsync(listener, settings.UnderLoadConnections, cancellationToken) : null;
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
        return load is null ? ServerReport.Empty : ServerReport.Of(new LoadReport(await load.ConfigureAwait(false)));
    }
}
