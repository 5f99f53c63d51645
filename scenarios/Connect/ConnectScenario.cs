using Transports.Abstractions;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.Connect;

/// <summary>
/// New connections per second and time to connect: each connect opens a connection of its own to the server role's
/// listener (the transport's handshakes and the run-membership hello included), proves it usable with one verified
/// request/response, and closes it in order. Reported: handshakes per second (HPS, as MsQuic's secnetperf names it:
/// completed connects per second), time to connect (connect start to the first response byte) and connect-only
/// (connect start to the transport's connect returning) percentiles, failed connects by kind, and full versus resumed
/// TLS handshakes where the connection tells (<see cref="Transports.Abstractions.Tls.ISecureConnection"/>). Closed loop
/// at -concurrency or open loop at -rate (coordinated-omission corrected). Applies to connection-oriented transports,
/// decided by capability: reliable with an orderly close (state a handshake sets up and both ends tear down). udp's
/// hello/ack is the harness's own and quic-dgram's handshake is quic's, so neither applies. docs/SCENARIOS-CONNECT.md.
/// </summary>
public sealed class ConnectScenario : Scenario<ConnectSettings, SingleVariant>
{
    /// <summary>The <see cref="Latency.Kind"/> of time to connect.</summary>
    public const string LatencyKind = "time_to_connect";

    /// <summary>What a transport must have for connect to apply.</summary>
    public const TransportFeatures Required = TransportFeatures.Reliable | TransportFeatures.OrderlyClose;

    /// <inheritdoc />
    public override string Name => "connect";

    /// <inheritdoc />
    public override string Description => "New connections per second (HPS) and time-to-connect percentiles, handshake included, closed loop at -concurrency or open loop at -rate";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options => ConnectScenarioOptions.All;

    /// <inheritdoc />
    public override ConnectSettings Parse(OptionValues options) => ConnectScenarioOptions.Parse(options);

    /// <inheritdoc />
    public override IReadOnlyList<SingleVariant> Variants(ConnectSettings settings) => [SingleVariant.Instance];

    /// <inheritdoc />
    public override string? WhyNotApplicable(TransportCapabilities capabilities, ConnectSettings settings, SingleVariant variant)
    {
        if (!capabilities.Supports(Required))
            return "connect needs a connection-oriented transport (reliable, with an orderly close); udp's hello is the harness's own and quic-dgram's handshake is quic's";
        if (capabilities.MaxMessageSizeBytes is int max && settings.RequestBytes > max)
            return $"request-size {settings.RequestBytes} B exceeds the transport's maximum message size of {max} B";
        return null;
    }

    /// <inheritdoc />
    protected override Task<Measurement> RunAsync(ScenarioContext context, ConnectSettings settings, SingleVariant variant, CancellationToken cancellationToken)
    {
        context.Progress.Unit = "conn";
        if (settings.MeasuredCount > 0) context.Progress.SetTotal(settings.MeasuredCount);
        return Cancellation.ReportAsCancellation(RunCoreAsync(context, settings, cancellationToken), cancellationToken);
    }

    private async Task<Measurement> RunCoreAsync(ScenarioContext context, ConnectSettings settings, CancellationToken cancellationToken)
    {
        await using var run = await ClientRun.OpenAsync(this, context, StreamDirection.Bidirectional, cancellationToken).ConfigureAwait(false);
        var loops = new ConnectLoops(context.Transport, run.Server.EndPoint, settings, context.Progress);
        var tally = new ConnectTally();
        var interval = new MeasuredInterval();
        try
        {
            await run.RunAsync(async () =>
            {
                await ConnectSession.ExchangeAsync(run.Client, settings, cancellationToken).ConfigureAwait(false);
                await MeasureAsync(run, loops, tally, interval, settings, cancellationToken).ConfigureAwait(false);
                await EndRunAsync(run.Client, settings, cancellationToken).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
        }
        finally
        {
            interval.Dispose();
        }
        var (cost, _) = interval.Stop( // no byte timeline: a connect run moves 2 x request-size bytes per connect
            Transports.Measure.Timing.MonotonicClock.NowTicks());
        var server = (await run.ReportAsync().ConfigureAwait(false)).Read<ConnectServerReport>();
        var connects = tally.ToConnectSet(settings.IsOpenLoop ? "open" : "closed", loops.MeasuredStartTicks, server);
        var values = new Dictionary<string, double>();
        if (settings.IsOpenLoop) values[MetricCatalog.SendLateMax.Id] = loops.StartLateMaxMs;
        return new Measurement
        {
            Latency = tally.TimeToConnect(settings.IsOpenLoop),
            Connects = connects,
            Cost = cost,
            Values = values,
        };
    }

    /// <summary>
    /// Warm-up and the measured connects, with the session kept alive beside them. A failed keep-alive or a failed server
    /// role stops the connects at once (each would otherwise wait out its deadline against a server that no longer
    /// answers) and is what the run reports.
    /// </summary>
    private static async Task MeasureAsync(ClientRun run, ConnectLoops loops, ConnectTally tally, MeasuredInterval interval, ConnectSettings settings,
        CancellationToken cancellationToken)
    {
        using var stopConnects = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var stopKeepAlive = new CancellationTokenSource();
        var keepAlive = ConnectSession.KeepAliveAsync(run.Client, settings, stopKeepAlive.Token, cancellationToken);
        _ = keepAlive.ContinueWith(static (_, s) => Cancellation.TryCancel((CancellationTokenSource)s!), stopConnects,
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        _ = run.Server.Report.ContinueWith(static (_, s) => Cancellation.TryCancel((CancellationTokenSource)s!), stopConnects,
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        try
        {
            await loops.WarmUpAsync(stopConnects.Token).ConfigureAwait(false);
            interval.Start(Transports.Measure.Timing.MonotonicClock.NowTicks());
            if (settings.IsOpenLoop) await loops.RunOpenLoopAsync(tally, stopConnects.Token).ConfigureAwait(false);
            else await loops.RunClosedLoopAsync(tally, stopConnects.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && keepAlive.IsFaulted)
        {
            // the session failed: its failure (below) is the cause
        }
        finally
        {
            stopKeepAlive.Cancel();
            try
            {
                await keepAlive.ConfigureAwait(false);
            }
            catch (Exception) when (cancellationToken.IsCancellationRequested || stopConnects.IsCancellationRequested && !keepAlive.IsFaulted)
            {
                // cancelled, or the server role failed: that failure is reported
            }
        }
    }

    /// <summary>
    /// Ends the run on the session connection: the client completes it, the server role stops accepting, lets its
    /// connections end (each bounded by the connect deadline) and completes its side. Bounded: twice the connect deadline
    /// plus 5 s.
    /// </summary>
    /// <exception cref="TransportException"><see cref="TransportError.Timeout"/>: the server role did not end in time.</exception>
    private static async Task EndRunAsync(ITransportConnection session, ConnectSettings settings, CancellationToken cancellationToken)
    {
        var limit = TimeSpan.FromMilliseconds(2.0 * settings.ConnectTimeoutMs + 5000);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(limit);
        try
        {
            await session.CompleteSendAsync(deadline.Token).ConfigureAwait(false);
            await ConnectExchange.ReadEndAsync(session, new byte[ConnectExchange.ReceiveBufferBytes(session.Capabilities, settings.RequestBytes)], deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportException(TransportError.Timeout, $"connect: the server role did not end the run within {limit.TotalSeconds:0.#} s of the last connect");
        }
    }

    /// <summary>The server role: answers every further connection of the run until the client completes the session's.</summary>
    protected override Task<ServerReport> ServeAsync(ServerRoleContext context, ConnectSettings settings, SingleVariant variant, CancellationToken cancellationToken)
        => new ConnectServerRole(context, settings).RunAsync(cancellationToken);
}
