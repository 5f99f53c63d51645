using System.Net;
using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Results;
using Transports.Results.Metrics;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.Rpc;

/// <summary>
/// Request/response under concurrency, as MsQuic's secnetperf (RPS) and h2load/ghz measure it: requests of
/// -request-size answered by responses of -response-size, -outstanding in flight over -connections connections and,
/// on a transport with multiplexed streams, -streams streams per connection (pipelined on each stream). Reported:
/// requests per second (RPS), request latency percentiles (send, or intended start in open loop, to the whole
/// verified response), failed requests by kind, completed requests per connection. Closed loop, or open loop at -rate
/// timed from each request's intended start (coordinated-omission corrected). Applies to reliable, ordered transports,
/// decided by capability; -streams above 1 only to transports with multiplexed streams. docs/SCENARIOS-RPC.md.
/// </summary>
public sealed class RpcScenario : Scenario<RpcSettings, SingleVariant>
{
    /// <summary>The <see cref="Latency.Kind"/> of request latency.</summary>
    public const string LatencyKind = "rpc";

    /// <summary>What a transport must have for rpc to apply: every request answered, in order on its stream.</summary>
    public const TransportFeatures Required = TransportFeatures.Reliable | TransportFeatures.Ordered;

    private static readonly ConnectOptions NewConnection = new(StreamDirection.Bidirectional) { NewConnection = true };

    /// <inheritdoc />
    public override string Name => "rpc";

    /// <inheritdoc />
    public override string Description => "Request/response under concurrency: requests per second (RPS) and latency percentiles over -connections x -streams with -outstanding in flight, closed loop or open loop at -rate";

    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options => RpcScenarioOptions.All;

    /// <inheritdoc />
    public override RpcSettings Parse(OptionValues options) => RpcScenarioOptions.Parse(options);

    /// <inheritdoc />
    public override IReadOnlyList<SingleVariant> Variants(RpcSettings settings) => [SingleVariant.Instance];

    /// <inheritdoc />
    public override string? WhyNotApplicable(TransportCapabilities capabilities, RpcSettings settings, SingleVariant variant)
    {
        if (!capabilities.Supports(Required))
            return "rpc needs a reliable, ordered transport: every request is answered, in order on its stream";
        if (settings.StreamsPerConnection > 1 && !capabilities.HasMultiplexedStreams)
            return $"-streams {settings.StreamsPerConnection} needs several streams per connection (multiplexed streams); this transport carries one per connection";
        if (capabilities.MaxMessageSizeBytes is int max && Math.Max(settings.RequestBytes, settings.ResponseBytes) > max)
            return $"request/response size {Math.Max(settings.RequestBytes, settings.ResponseBytes)} B exceeds the transport's maximum message size of {max} B";
        return null;
    }

    /// <inheritdoc />
    protected override Task<Measurement> RunAsync(ScenarioContext context, RpcSettings settings, SingleVariant variant, CancellationToken cancellationToken)
    {
        context.Progress.Unit = "req";
        if (settings.MeasuredCount > 0) context.Progress.SetTotal(settings.MeasuredCount);
        return Cancellation.ReportAsCancellation(RunCoreAsync(context, settings, cancellationToken), cancellationToken);
    }

    private async Task<Measurement> RunCoreAsync(ScenarioContext context, RpcSettings settings, CancellationToken cancellationToken)
    {
        await using var run = await ClientRun.OpenAsync(this, context, StreamDirection.Bidirectional, cancellationToken).ConfigureAwait(false);
        var opened = new List<ITransportConnection>(); // every stream and connection but the run's first, streams before their connection
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _ = run.Server.Report.ContinueWith(static (_, s) => Cancellation.TryCancel((CancellationTokenSource)s!), stop,
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        var interval = new MeasuredInterval();
        try
        {
            return await run.RunAsync(async () =>
            {
                var streams = await OpenStreamsAsync(context.Transport, run, settings, opened, context.Progress, stop.Token).ConfigureAwait(false);
                if (settings.WarmupCount > 0)
                {
                    var warmup = new RpcPhase(null, -settings.WarmupCount, settings.WarmupCount, 0, 0, streams.Count);
                    await RunPhaseAsync(streams, warmup, stop.Token).ConfigureAwait(false);
                    if (streams.FirstOrDefault(s => s.Failure is not null) is { } failed)
                        throw new TransportException(TransportError.Unknown, $"rpc: stream {failed.Index} failed in the warm-up: {failed.Failure}");
                }
                var tally = new RpcTally(settings.Connections);
                var phase = new RpcPhase(tally, 0, settings.MeasuredCount, settings.DurationSeconds, settings.RateRequestsPerSecond, streams.Count);
                interval.Start(MonotonicClock.NowTicks());
                await RunPhaseAsync(streams, phase, stop.Token).ConfigureAwait(false);
                var (cost, _) = interval.Stop(MonotonicClock.NowTicks());
                // Every stream closed in order: the server role ends once all have ended.
                await Task.WhenAll(streams.Select(s => s.CloseAsync(stop.Token))).ConfigureAwait(false);
                var server = (await run.ReportAsync().ConfigureAwait(false)).Read<RpcServerReport>();
                var values = new Dictionary<string, double>();
                if (settings.IsOpenLoop) values[MetricCatalog.SendLateMax.Id] = phase.StartLateMaxMs;
                return new Measurement
                {
                    Latency = tally.ToLatency(settings.IsOpenLoop),
                    Rpcs = tally.ToRpcSet(settings, streams.Count / settings.Connections, phase.StartTicks, server),
                    Cost = cost,
                    Values = values,
                };
            }).ConfigureAwait(false);
        }
        finally
        {
            interval.Dispose();
            foreach (var c in opened) await ClientRun.SafeDisposeAsync(c).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The run's streams: the first connection's (the run's own, then -streams − 1 opened on it), then each further
    /// connection (a connection of its own: <see cref="ConnectOptions.NewConnection"/>) and its streams. Each connect
    /// and stream open is bounded by the request deadline.
    /// </summary>
    private static async Task<IReadOnlyList<RpcStream>> OpenStreamsAsync(ITransport transport, ClientRun run, RpcSettings settings,
        List<ITransportConnection> opened, TransferProgress progress, CancellationToken cancellationToken)
    {
        var streams = new List<RpcStream>();
        for (int c = 0; c < settings.Connections; c++)
        {
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            deadline.CancelAfter(settings.RequestTimeoutMs);
            try
            {
                ITransportConnection connection = run.Client;
                if (c > 0)
                {
                    connection = await transport.ConnectAsync(run.Server.EndPoint, NewConnection, deadline.Token).ConfigureAwait(false);
                    opened.Add(connection);
                }
                streams.Add(new RpcStream(connection, c, streams.Count, settings, progress, cancellationToken));
                if (settings.StreamsPerConnection <= 1) continue;
                var multiplexed = connection as IMultiplexedTransportConnection
                    ?? throw new TransportException(TransportError.NotSupported, $"rpc: {transport.Name} declares multiplexed streams but its connection cannot open them");
                for (int s = 1; s < settings.StreamsPerConnection; s++)
                {
                    var stream = await multiplexed.OpenStreamAsync(deadline.Token).ConfigureAwait(false);
                    opened.Insert(0, stream);
                    streams.Add(new RpcStream(stream, c, streams.Count, settings, progress, cancellationToken));
                }
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new TransportException(TransportError.Timeout, $"rpc: connection {c} and its streams did not open within {settings.RequestTimeoutMs} ms");
            }
        }
        return streams;
    }

    private static Task RunPhaseAsync(IReadOnlyList<RpcStream> streams, RpcPhase phase, CancellationToken cancellationToken)
    {
        phase.Start();
        return Task.WhenAll(streams.Select(s => s.RunPhaseAsync(phase, cancellationToken)));
    }

    /// <summary>The server role: answers every request of every connection and stream until the client closes the run's first stream.</summary>
    protected override Task<ServerReport> ServeAsync(ServerRoleContext context, RpcSettings settings, SingleVariant variant, CancellationToken cancellationToken)
        => new RpcServerRole(context, settings).RunAsync(cancellationToken);
}
