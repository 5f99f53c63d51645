using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Results;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// bigfile's client role: sets up what costs time before the connect (the input reader, the receiving side's sink),
/// opens the run (<see cref="ClientRun"/>: the server side here or on an agent), moves the file with its half of the
/// transfer and builds the <see cref="Measurement"/> from its own observations and the server role's report.
/// </summary>
internal static class BigFileClient
{
    public static async Task<Measurement> RunAsync(IScenario scenario, ScenarioContext context, BigFileSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Connections > 1) return await ParallelTransfer.RunAsync(scenario, context, settings, cancellationToken).ConfigureAwait(false);
        var input = settings.Input;
        if (context.IsWarmup) input = await BigFileInputs.WarmupAsync(input, settings, cancellationToken).ConfigureAwait(false);
        bool upload = settings.Direction == TransferDirection.Upload;
        bool reliable = context.Transport.Capabilities.IsReliable;
        bool remote = context.Server is not null and not LocalServerSide;
        var direction = upload ? StreamDirection.ClientToServer : StreamDirection.ServerToClient;
        context.Progress.SetTotal(input.LengthBytes);
        // Everything that costs time is set up before the connect, so time to first byte is transport time only: the
        // receiving side's sink (the client's own on download; on upload handed to a server role in this process) and
        // the input reader (the sender's; on download the null sink's datagram payload check reads it).
        // -file is read by pread, never mapped: truncated under the run it is an error for this transport, not SIGBUS (InputReader).
        using var sink = upload ? null : BigFileInputs.CreateSink(settings, context.Transport.Name, context.Transport.Capabilities, input.LengthBytes);
        using var source = upload || (!reliable && settings.Sink == BigFileSink.Null) ? InputReader.Open(input) : null;
        using var handover = upload && !remote
            ? LocalHandover.Offer(context.Progress, BigFileInputs.CreateSink(settings, context.Transport.Name, context.Transport.Capabilities, input.LengthBytes), source)
            : null;
        // The measured interval includes the connect; the timeline samples the progress counter (delivered bytes).
        using var interval = new MeasuredInterval(() => context.Progress.CompletedUnits);
        long start = MonotonicClock.NowTicks();
        interval.Start(start);
        context.Progress.Phase = "connecting";
        await using var run = await ClientRun.OpenAsync(scenario, context, direction, cancellationToken).ConfigureAwait(false);
        context.Progress.Phase = "transferring";
        var transfer = new Transfer(run, input, source, settings, sink, handover, interval, start, context, remote);
        return reliable
            ? await StreamTransfer.RunAsync(transfer, cancellationToken).ConfigureAwait(false)
            : await DatagramTransfer.RunAsync(transfer, cancellationToken).ConfigureAwait(false);
    }
}
