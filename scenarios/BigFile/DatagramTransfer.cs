using Transports.Abstractions;
using Transports.Results;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// Bigfile over an unreliable datagram transport: the file is cut into datagrams of the transport's maximum size,
/// each with a <see cref="DatagramHeader"/>, sent paced at the target rate (in bursts of <see cref="DatagramBurst"/> when
/// the transport sends many datagrams per call, <see cref="IDatagramBatchSender"/>). The receiver places payloads at their
/// offsets in the sink and counts loss, duplicates, reordering and RFC 3550 jitter. Loss is a result, not an
/// error; the file counts as delivered only when every datagram arrived and the digest of the sink matches (file
/// sink), or every payload matched the input at its offset (null sink, <see cref="PayloadCheck"/>). Corruption fails.
/// </summary>
internal static class DatagramTransfer
{
    /// <summary>The receiver gives up this long after the last datagram when the end marker never came.</summary>
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    /// <summary>After the end marker, late (reordered) datagrams are awaited this long.</summary>
    private static readonly TimeSpan DrainAfterEnd = TimeSpan.FromMilliseconds(200);

    public static async Task<Measurement> RunAsync(Transfer t, CancellationToken cancellationToken)
    {
        var (pair, sender, receiver, input, source, settings, sink, context) = (t.Pair, t.Sender, t.Receiver, t.Input, t.Source, t.Settings, t.Sink, t.Context);
        int datagramBytes = sender.Capabilities.MaxMessageSizeBytes ?? 1472;
        int payloadBytes = datagramBytes - DatagramHeader.Size;
        if (payloadBytes <= 0)
            throw new ScenarioSetupException($"the transport's datagrams ({datagramBytes} B) are too small for the {DatagramHeader.Size}-byte header");
        long expected = (input.LengthBytes + payloadBytes - 1) / payloadBytes;
        var tracker = new DatagramTracker(expected);
        // The null sink keeps no copy to hash: each payload is compared with the input's bytes at its offset instead.
        var check = sink.IsNull ? new PayloadCheck(source, payloadBytes) : null;
        long firstSend = MonotonicClock.NowTicks();
        var ((sentDatagrams, sentBytes), _) = await SendReceive.RunAsync(
            ct => SendAsync(sender, source, datagramBytes, settings.RateBitsPerSecond, ct),
            async ct => { await ReceiveAsync(receiver, sink, tracker, check, input.LengthBytes, payloadBytes, context.Progress, ct).ConfigureAwait(false); return true; },
            onFailure: () => { sender.Abort(); receiver.Abort(); },
            cancellationToken).ConfigureAwait(false);
        var (costResult, points) = t.Interval.Stop(MonotonicClock.NowTicks());

        context.Progress.Phase = "verifying";
        source.EnsureUnchanged(); // a file rewritten under the run: name that cause rather than a digest mismatch
        var delivery = tracker.ToDelivery(sentDatagrams);
        var integrity = await VerifyAsync(sink, check, input, delivery, cancellationToken).ConfigureAwait(false);
        long end = MonotonicClock.NowTicks();
        double seconds = MonotonicClock.TicksToMilliseconds((tracker.LastArrival == 0 ? end : tracker.LastArrival) - firstSend) / 1000;
        return new Measurement
        {
            Throughput = Goodput.ToThroughput(sentBytes, tracker.DeliveredBytes, seconds,
                ttfbMs: tracker.FirstArrival == 0 ? 0 : MonotonicClock.TicksToMilliseconds(tracker.FirstArrival - pair.ConnectStartTimestamp),
                totalMs: MonotonicClock.TicksToMilliseconds(end - pair.ConnectStartTimestamp),
                messagesSent: sentDatagrams, messagesDelivered: delivery.Received,
                targetBitsPerSecond: settings.RateBitsPerSecond > 0 ? settings.RateBitsPerSecond : null),
            Delivery = delivery,
            Integrity = integrity,
            Cost = costResult,
            Timeline = points,
            TransportStatistics = DatagramBurst.MergeStatistics(receiver.GetStatistics(), sender.GetStatistics()),
        };
    }

    private static async Task<Integrity> VerifyAsync(ReceiveSink sink, PayloadCheck? check, BigFileInput input, Delivery delivery, CancellationToken cancellationToken)
    {
        // A datagram whose bytes differ is corruption, whatever else was lost: a number from it is not a result.
        if (check is { Mismatched: > 0 })
            throw new IntegrityException($"integrity check failed ({PayloadCheck.MethodName}): {check.Mismatched} of {check.Compared} datagrams that arrived differ from the input at their offsets (first: #{check.FirstMismatch})");
        if (delivery.Lost > 0)
            return new Integrity { Method = check is null ? ContentHash.NameOf(input.Method) : PayloadCheck.MethodName, ExpectedHash = check is null ? input.HashHex : null, Verified = false,
                Detail = $"file NOT delivered: {delivery.Lost} of {delivery.Sent} datagrams lost ({delivery.LossPercent:0.###}%)"
                    + (check is null ? "" : $"; the {check.Compared} that arrived match the input at their offsets") };
        if (check is not null)
            return new Integrity { Method = PayloadCheck.MethodName, Verified = true,
                Detail = $"every datagram arrived; each of the {check.Compared} payloads matches the input at its offset (null sink: compared, not hashed)" };
        var actual = await sink.HashAsync(cancellationToken).ConfigureAwait(false);
        bool ok = actual == input.HashHex && sink.FileLength == input.LengthBytes;
        // Loss is a result on an unreliable transport; every datagram arriving and the file still differing is corruption.
        if (!ok)
            throw new IntegrityException($"integrity check failed: every datagram arrived but the reassembled file differs ({ContentHash.NameOf(input.Method)} {actual[..16]}… expected {input.HashHex[..16]}…)");
        return new Integrity { Method = ContentHash.NameOf(input.Method), ExpectedHash = input.HashHex, ActualHash = actual, Verified = true,
            Detail = "every datagram arrived; reassembled file matches" };
    }

    private static async Task<(long Datagrams, long Bytes)> SendAsync(ITransportConnection sender, InputReader source, int datagramBytes,
        double rateBitsPerSecond, CancellationToken cancellationToken)
    {
        int payloadBytes = datagramBytes - DatagramHeader.Size;
        // A transport that sends many datagrams in one call gets them in bursts, paced per burst (DatagramBurst).
        var batch = sender as IDatagramBatchSender;
        int burst = batch is null ? 1 : DatagramBurst.Datagrams(datagramBytes, rateBitsPerSecond);
        var datagrams = GC.AllocateUninitializedArray<byte>(burst * datagramBytes, pinned: true);
        var schedule = new ByteRateSchedule(rateBitsPerSecond);
        using var pacer = new SendPacer();
        long offset = 0, sequence = 0, bytes = 0;
        while (offset < source.Length)
        {
            int count = 0, used = 0, burstPayload = 0;
            while (count < burst && offset + burstPayload < source.Length)
            {
                // full but the last; a truncated file fails here
                int n = source.Read(datagrams.AsSpan(used + DatagramHeader.Size, payloadBytes), offset + burstPayload);
                used += DatagramHeader.Size + n;
                burstPayload += n;
                count++;
            }
            if (schedule.IsPaced)
                await pacer.WaitUntilAsync(schedule.NextDue(MonotonicClock.NowTicks(), used), cancellationToken).ConfigureAwait(false);
            long now = MonotonicClock.NowTicks();
            for (int i = 0; i < count; i++)
                DatagramHeader.Write(datagrams.AsSpan(i * datagramBytes), (ulong)(sequence + i), now, (ulong)(offset + (long)i * payloadBytes));
            if (batch is not null) await batch.SendBatchAsync(datagrams.AsMemory(0, used), datagramBytes, cancellationToken).ConfigureAwait(false);
            else await sender.SendAsync(datagrams.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
            offset += burstPayload;
            bytes += burstPayload;
            sequence += count;
        }
        var datagram = datagrams.AsMemory(0, datagramBytes);
        // The end marker carries the count; sent several times since any datagram can be lost. After the first one
        // the receiver may already have everything and have closed its side (a cancelled QUIC receive closes the
        // connection), so a later marker that cannot be sent ends the repeats instead of failing the transfer.
        for (int i = 0; i < 5; i++)
        {
            DatagramHeader.Write(datagram.Span, DatagramHeader.EndMarker, MonotonicClock.NowTicks(), (ulong)sequence);
            try
            {
                await sender.SendAsync(datagram[..DatagramHeader.Size], cancellationToken).ConfigureAwait(false);
            }
            catch (TransportException) when (i > 0)
            {
                break;
            }
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
        return (sequence, bytes);
    }

    private static async Task ReceiveAsync(ITransportConnection receiver, ReceiveSink sink, DatagramTracker tracker, PayloadCheck? check, long fileBytes, int payloadBytes,
        TransferProgress progress, CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(Math.Max(receiver.Capabilities.MaxMessageSizeBytes ?? 0, payloadBytes + DatagramHeader.Size), pinned: true);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var watchdog = new Timer(_ =>
        {
            long idleSince = tracker.LastArrival == 0 ? tracker.Created : tracker.LastArrival;
            var idle = TimeSpan.FromMilliseconds(MonotonicClock.TicksToMilliseconds(MonotonicClock.NowTicks() - idleSince));
            if (idle > IdleTimeout || (tracker.EndSeen && (tracker.Complete || idle > DrainAfterEnd))) Cancellation.TryCancel(stop);
        }, null, 50, 50);
        try
        {
            while (true)
            {
                var r = await receiver.ReceiveAsync(buffer, stop.Token).ConfigureAwait(false);
                long now = MonotonicClock.NowTicks();
                if (r.IsCompleted) return;
                var d = DatagramHeader.Parse(buffer.AsSpan(0, r.Count), fileBytes, payloadBytes);
                if (d.Kind == DatagramKind.Foreign) continue; // not ours (or corrupted): never written, shows as loss
                if (d.Kind == DatagramKind.End)
                {
                    tracker.OnEnd(d.Offset);
                    continue;
                }
                int n = d.PayloadBytes;
                if (tracker.OnData(d.Sequence, d.Timestamp, now, n))
                {
                    check?.Check(d.Sequence, (ulong)d.Offset, buffer.AsSpan(DatagramHeader.Size, n));
                    sink.Write(buffer.AsSpan(DatagramHeader.Size, n), d.Offset);
                    progress.Add(n);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the watchdog ended the receive: end marker seen, or idle
        }
    }
}
