using Transports.Results;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// Bigfile over an unreliable datagram transport, the client role: upload, it sends the paced datagrams
/// (<see cref="DatagramSender"/>) and the server role receives them (<see cref="DatagramReceiver"/>) and reports what
/// arrived; download, the other way round. Loss is a result, not an error; the file counts as delivered only when every
/// datagram arrived and the digest of the sink matches (file sink), or every payload matched the input at its offset
/// (null sink, <see cref="PayloadCheck"/>). Corruption fails.
/// </summary>
internal static class DatagramTransfer
{
    public static async Task<Measurement> RunAsync(Transfer t, CancellationToken cancellationToken)
    {
        var (input, settings, context) = (t.Input, t.Settings, t.Context);
        SendReceipt sent;
        DatagramReceipt got;
        IReadOnlyDictionary<string, double> receiverStatistics, senderStatistics;
        Cost cost;
        IReadOnlyList<TimelinePoint> points;
        if (t.Upload)
        {
            sent = await t.ClientPartAsync(() => DatagramSender.SendAsync(t.Client, t.Source!, settings.RateBitsPerSecond, t.SentProgress, cancellationToken)).ConfigureAwait(false);
            await t.WaitForServerReceiverAsync(cancellationToken).ConfigureAwait(false);
            (cost, points) = t.StopInterval(t.ServerIsRemote ? await t.ReportAsync().ConfigureAwait(false) : null);
            context.Progress.Phase = "verifying";
            t.Source!.EnsureUnchanged(); // a file rewritten under the run: name that cause rather than a digest mismatch
            var report = await t.ReportAsync().ConfigureAwait(false);
            var receipt = report.Datagrams ?? throw new IntegrityException("the server's report has no datagram receipt");
            got = receipt with { FirstArrivalServerTicks = t.ClientTicks(receipt.FirstArrivalServerTicks), LastArrivalServerTicks = t.ClientTicks(receipt.LastArrivalServerTicks) };
            (receiverStatistics, senderStatistics) = (report.Statistics, t.Client.GetStatistics());
        }
        else
        {
            var receiver = new DatagramReceiver(t.Client, t.Sink!, t.Source, input.LengthBytes);
            await t.ClientPartAsync(async () => { await receiver.ReceiveAsync(context.Progress, cancellationToken).ConfigureAwait(false); return true; }).ConfigureAwait(false);
            var report = await t.ReportAsync().ConfigureAwait(false); // the sender is done (and found its input unchanged)
            var put = report.Sent ?? throw new IntegrityException("the server's report has no send receipt");
            sent = put with { FirstSendServerTicks = t.ClientTicks(put.FirstSendServerTicks) };
            (cost, points) = t.StopInterval(report);
            context.Progress.Phase = "verifying";
            got = await receiver.FinishAsync(cancellationToken).ConfigureAwait(false);
            (receiverStatistics, senderStatistics) = (t.Client.GetStatistics(), report.Statistics);
        }
        var delivery = DatagramTracker.WithSent(got.Delivery, sent.Datagrams);
        var integrity = Verify(got, input, delivery);
        long end = MonotonicClock.NowTicks();
        long connectStart = t.Run.ConnectStartTimestamp;
        double seconds = MonotonicClock.TicksToMilliseconds((got.LastArrivalServerTicks == 0 ? end : got.LastArrivalServerTicks) - sent.FirstSendServerTicks) / 1000;
        return new Measurement
        {
            Throughput = Goodput.ToThroughput(sent.Bytes, got.DeliveredBytes, seconds,
                ttfbMs: got.FirstArrivalServerTicks == 0 ? 0 : MonotonicClock.TicksToMilliseconds(got.FirstArrivalServerTicks - connectStart),
                totalMs: MonotonicClock.TicksToMilliseconds(end - connectStart),
                messagesSent: sent.Datagrams, messagesDelivered: delivery.Received,
                targetBitsPerSecond: settings.RateBitsPerSecond > 0 ? settings.RateBitsPerSecond : null),
            Delivery = delivery,
            Integrity = integrity,
            Cost = cost,
            Timeline = points,
            TransportStatistics = DatagramBurst.MergeStatistics(receiverStatistics, senderStatistics),
        };
    }

    /// <summary>The verdict on what the receiver found.</summary>
    /// <exception cref="IntegrityException">Corruption: a payload differed, or every datagram arrived and the file differs.</exception>
    private static Integrity Verify(DatagramReceipt got, BigFileInput input, Delivery delivery)
    {
        var check = got.Check;
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
        var actual = got.ActualHash ?? "";
        bool ok = actual == input.HashHex && got.SinkLengthBytes == input.LengthBytes;
        // Loss is a result on an unreliable transport; every datagram arriving and the file still differing is corruption.
        if (!ok)
            throw new IntegrityException($"integrity check failed: every datagram arrived but the reassembled file differs ({ContentHash.NameOf(input.Method)} {StreamTransfer.Short(actual)}… expected {StreamTransfer.Short(input.HashHex)}…)");
        return new Integrity { Method = ContentHash.NameOf(input.Method), ExpectedHash = input.HashHex, ActualHash = actual, Verified = true,
            Detail = "every datagram arrived; reassembled file matches" };
    }
}
