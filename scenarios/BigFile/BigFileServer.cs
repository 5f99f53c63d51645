using Transports.Measure;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// bigfile's server role, on the accepted connection. Download: it sends the input (read here: <c>settings.Input</c>
/// as prepared on this host, or the warm-up file) and reports what it sent and when it started. Upload: it receives
/// into its sink (handed over by the client role in one process, <see cref="LocalHandover"/>; else made here),
/// verifies what arrived (digest, or per-datagram payload comparison) and reports its findings, transport statistics
/// and goodput timeline; the client role gives the verdict.
/// </summary>
internal static class BigFileServer
{
    public static async Task<ServerReport> ServeAsync(ServerRoleContext context, BigFileSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Connections > 1) return await ParallelServer.ServeAsync(context, settings, cancellationToken).ConfigureAwait(false);
        var connection = context.Connection;
        bool reliable = connection.Capabilities.IsReliable;
        if (settings.Direction == TransferDirection.Download)
        {
            var input = context.IsWarmup ? await BigFileInputs.WarmupAsync(settings.Input, settings, cancellationToken).ConfigureAwait(false) : settings.Input;
            using var reader = InputReader.Open(input);
            var sent = reliable
                ? await StreamSender.SendAsync(connection, reader, StreamTransfer.ChunkBytes(settings, connection), null, cancellationToken).ConfigureAwait(false)
                : await DatagramSender.SendAsync(connection, reader, settings.RateBitsPerSecond, null, cancellationToken).ConfigureAwait(false);
            reader.EnsureUnchanged(); // a file rewritten under the run: name that cause rather than a digest mismatch
            return ServerReport.Of(new BigFileServerReport(sent, null, null, BigFileServerReport.Finite(connection.GetStatistics()), [], 0));
        }

        long length = context.IsWarmup ? BigFileInputs.WarmupLength(settings, settings.SizeBytes) : settings.SizeBytes;
        var handover = LocalHandover.Take(context.Progress);
        using var sink = handover?.Sink ?? BigFileInputs.CreateSink(settings, "server", connection.Capabilities, length);
        InputReader? ownSource = null, source = null;
        if (!reliable && sink.IsNull) source = handover?.PayloadSource ?? (ownSource = await OpenPayloadSourceAsync(context, settings, cancellationToken).ConfigureAwait(false));
        using var ownedSource = ownSource;
        long start = MonotonicClock.NowTicks();
        using var timeline = new TimelineSampler(() => context.Progress.CompletedUnits);
        timeline.Start(start);
        if (reliable)
        {
            var (bytes, first, last) = await StreamReceiver.ReceiveAsync(connection, sink, context.Progress, cancellationToken).ConfigureAwait(false);
            handover?.ReceiveEnded.TrySetResult();
            var points = timeline.Stop(MonotonicClock.NowTicks());
            var (hash, hashMs) = await StreamReceiver.HashAsync(sink, cancellationToken).ConfigureAwait(false);
            return Report(new StreamReceipt(bytes, first, last, hash, hashMs), null, points);
        }
        var receiver = new DatagramReceiver(connection, sink, source, length);
        await receiver.ReceiveAsync(context.Progress, cancellationToken).ConfigureAwait(false);
        handover?.ReceiveEnded.TrySetResult();
        var timelinePoints = timeline.Stop(MonotonicClock.NowTicks());
        return Report(null, await receiver.FinishAsync(cancellationToken).ConfigureAwait(false), timelinePoints);

        ServerReport Report(StreamReceipt? stream, DatagramReceipt? datagrams, IReadOnlyList<Results.TimelinePoint> points)
            => ServerReport.Of(new BigFileServerReport(null, stream, datagrams, BigFileServerReport.Finite(connection.GetStatistics()), points, start));
    }

    /// <summary>The input for the null sink's payload comparison (the warm-up file in a warm-up run).</summary>
    /// <exception cref="ScenarioSetupException">This host has no copy of the input.</exception>
    private static async Task<InputReader> OpenPayloadSourceAsync(ServerRoleContext context, BigFileSettings settings, CancellationToken cancellationToken)
    {
        if (ServingHost.HasNoInput(settings)) throw ServingHost.NoInputHere(settings);
        var input = context.IsWarmup ? await BigFileInputs.WarmupAsync(settings.Input, settings, cancellationToken).ConfigureAwait(false) : settings.Input;
        return InputReader.Open(input);
    }
}
