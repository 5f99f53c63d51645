using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Results;
using Transports.Results.Statistics;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// bigfile's client role with <c>-connections N</c> (N ≥ 2), the way iperf3 -P runs parallel streams: the run's
/// connection and N−1 more to the same server side (new connections, never a pooled one), then every flow at once, each
/// carrying its own copy of the file, verified on its own. Upload: the client sends N copies and the server role
/// receives and hashes them (<see cref="ParallelServer"/>); download: the other way round. Aggregate goodput is every
/// verified byte over the first send to the last byte; fairness compares the flows over their common interval
/// (<see cref="CommonInterval"/>, <see cref="JainFairness"/>).
/// </summary>
internal static class ParallelTransfer
{
    public static async Task<Measurement> RunAsync(IScenario scenario, ScenarioContext context, BigFileSettings settings, CancellationToken cancellationToken)
    {
        int n = settings.Connections;
        var input = settings.Input;
        if (context.IsWarmup) input = await BigFileInputs.WarmupAsync(input, settings, cancellationToken).ConfigureAwait(false);
        bool upload = settings.Direction == TransferDirection.Upload;
        bool remote = context.Server is not null and not LocalServerSide;
        var direction = upload ? StreamDirection.ClientToServer : StreamDirection.ServerToClient;
        context.Progress.SetTotal(input.LengthBytes * n);
        var sinks = new List<ReceiveSink>();
        var sources = new List<InputReader>();
        var connections = new List<ITransportConnection>();
        try
        {
            for (int i = 0; i < n; i++)
            {
                if (upload) sources.Add(InputReader.Open(input));
                else sinks.Add(BigFileInputs.CreateSink(settings, $"{context.Transport.Name}-{i}", context.Transport.Capabilities, input.LengthBytes));
            }
            using var interval = new MeasuredInterval(() => context.Progress.CompletedUnits);
            long start = MonotonicClock.NowTicks();
            interval.Start(start);
            context.Progress.Phase = "connecting";
            await using var run = await ClientRun.OpenAsync(scenario, context, direction, cancellationToken).ConfigureAwait(false);
            connections.Add(run.Client);
            try
            {
                while (connections.Count < n)
                    connections.Add(await context.Transport.ConnectAsync(run.Server.EndPoint, new ConnectOptions(direction) { NewConnection = true }, cancellationToken).ConfigureAwait(false));
                context.Progress.Phase = "transferring";
                return upload
                    ? await UploadAsync(run, connections, sources, settings, context, interval, remote, cancellationToken).ConfigureAwait(false)
                    : await DownloadAsync(run, connections, sinks, context, interval, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                foreach (var c in connections) c.Abort();
                throw;
            }
        }
        finally
        {
            foreach (var extra in connections.Skip(1)) await ClientRun.SafeDisposeAsync(extra).ConfigureAwait(false);
            foreach (var sink in sinks) sink.Dispose();
            foreach (var source in sources) source.Dispose();
        }

        Measurement Verified(ClientRun run, IReadOnlyList<SendReceipt> sent, ParallelReceipt received, Func<long, long> receiverTicks,
            (Cost Cost, IReadOnlyList<TimelinePoint> Timeline) interval, IReadOnlyDictionary<string, double> statistics)
        {
            for (int i = 0; i < received.Flows.Count; i++)
            {
                var r = received.Flows[i];
                if (r.Bytes != input.LengthBytes || r.ActualHash != input.HashHex)
                    throw new IntegrityException($"integrity check failed on connection {i + 1} of {n}: received {r.Bytes} of {input.LengthBytes} bytes, {ContentHash.NameOf(input.Method)} {StreamTransfer.Short(r.ActualHash)}… expected {StreamTransfer.Short(input.HashHex)}…");
            }
            long firstSend = sent.Min(s => s.FirstSendServerTicks);
            long firstByte = received.Flows.Min(f => receiverTicks(f.FirstByteServerTicks));
            long lastByte = received.Flows.Max(f => receiverTicks(f.LastByteServerTicks));
            long end = MonotonicClock.NowTicks();
            double Ms(long ticks) => MonotonicClock.TicksToMilliseconds(ticks - firstSend);
            double commonSeconds = received.CommonEndServerTicks > received.CommonStartServerTicks
                ? MonotonicClock.TicksToMilliseconds(received.CommonEndServerTicks - received.CommonStartServerTicks) / 1000 : 0;
            var flows = received.Flows.Select((f, i) =>
            {
                double own = MonotonicClock.TicksToMilliseconds(f.LastByteServerTicks - f.FirstByteServerTicks) / 1000;
                return new ParallelFlow(i, f.Bytes, Verified: true, own > 0 ? f.Bytes * 8 / own : 0,
                    commonSeconds > 0 ? received.CommonBytes[i] * 8 / commonSeconds : 0,
                    Ms(receiverTicks(f.FirstByteServerTicks)), Ms(receiverTicks(f.LastByteServerTicks)));
            }).ToList();
            long delivered = received.Flows.Sum(f => f.Bytes);
            return new Measurement
            {
                Throughput = Goodput.ToThroughput(sent.Sum(s => s.Bytes), delivered, MonotonicClock.TicksToMilliseconds(lastByte - firstSend) / 1000,
                    ttfbMs: MonotonicClock.TicksToMilliseconds(firstByte - run.ConnectStartTimestamp),
                    totalMs: MonotonicClock.TicksToMilliseconds(end - run.ConnectStartTimestamp)),
                Integrity = new Integrity
                {
                    Method = ContentHash.NameOf(input.Method),
                    ExpectedHash = input.HashHex,
                    ActualHash = received.Flows[0].ActualHash,
                    Verified = true,
                    Detail = $"each of {n} connections carried the file and was verified on its own",
                },
                Cost = interval.Cost,
                Timeline = interval.Timeline,
                TransportStatistics = statistics,
                ParallelFlows = new ParallelFlowSet
                {
                    Connections = n,
                    CommonIntervalMs = commonSeconds * 1000,
                    JainFairness = commonSeconds > 0 ? JainFairness.Of(flows.Select(f => f.CommonGoodputBitsPerSecond).ToArray()) : null,
                    Flows = flows,
                },
            };
        }

        async Task<Measurement> UploadAsync(ClientRun run, List<ITransportConnection> conns, List<InputReader> readers, BigFileSettings s, ScenarioContext ctx,
            MeasuredInterval measured, bool isRemote, CancellationToken ct)
        {
            var sent = await run.RunAsync(() => Flows.AllOrAbortAsync(conns, i =>
                StreamSender.SendAsync(conns[i], readers[i], StreamTransfer.ChunkBytes(s, conns[i]), isRemote ? ctx.Progress : null, ct))).ConfigureAwait(false);
            var report = (await run.ReportAsync().ConfigureAwait(false)).Read<ParallelServerReport>();
            var stopped = measured.Stop(MonotonicClock.NowTicks());
            ctx.Progress.Phase = "verifying";
            foreach (var reader in readers) reader.EnsureUnchanged();
            var received = report.Received ?? throw new IntegrityException("the server's report has no receipts");
            if (received.Flows.Count != n) throw new IntegrityException($"the server received {received.Flows.Count} of {n} connections");
            return Verified(run, sent, received, t => t == 0 ? 0 : run.Server.ToClientTicks(t), stopped, report.Statistics);
        }

        async Task<Measurement> DownloadAsync(ClientRun run, List<ITransportConnection> conns, List<ReceiveSink> receiveSinks, ScenarioContext ctx,
            MeasuredInterval measured, CancellationToken ct)
        {
            var received = await run.RunAsync(() => ParallelReceiver.ReceiveAsync(conns, receiveSinks, ctx.Progress, ct)).ConfigureAwait(false);
            var report = (await run.ReportAsync().ConfigureAwait(false)).Read<ParallelServerReport>();
            var stopped = measured.Stop(MonotonicClock.NowTicks());
            ctx.Progress.Phase = "verifying";
            var sent = (report.Sent ?? throw new IntegrityException("the server's report has no send receipts"))
                .Select(r => r with { FirstSendServerTicks = run.Server.ToClientTicks(r.FirstSendServerTicks) }).ToList();
            return Verified(run, sent, received, t => t, stopped, conns[0].GetStatistics());
        }
    }
}
