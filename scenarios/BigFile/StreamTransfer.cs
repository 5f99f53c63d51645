using Transports.Results;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// Bigfile over a reliable transport, the client role: upload, it sends (<see cref="StreamSender"/>) and the server role
/// receives (<see cref="StreamReceiver"/>) and reports what arrived and its digest; download, the other way round. Then
/// the input is checked unchanged and the digest of what arrived is compared with the file's.
/// <para>Verification: with a file sink the received file is hashed after the last byte (reported in total time,
/// not in the goodput interval); with the null sink the receiver hashes inline, so goodput includes hashing.</para>
/// </summary>
internal static class StreamTransfer
{
    /// <summary>Bytes per send on <paramref name="settings"/>' transport: the chunk size, capped by the max message size.</summary>
    public static int ChunkBytes(BigFileSettings settings, Abstractions.ITransportConnection sender)
        => Math.Min(settings.ChunkSizeBytes, sender.Capabilities.MaxMessageSizeBytes ?? int.MaxValue);

    public static async Task<Measurement> RunAsync(Transfer t, CancellationToken cancellationToken)
    {
        var (input, settings, context) = (t.Input, t.Settings, t.Context);
        long firstSend, sent, received, firstByte, lastByte;
        string actual;
        double hashMs;
        IReadOnlyDictionary<string, double> receiverStatistics;
        Cost cost;
        IReadOnlyList<TimelinePoint> points;
        if (t.Upload)
        {
            var receipt = await t.ClientPartAsync(() => StreamSender.SendAsync(t.Client, t.Source!, ChunkBytes(settings, t.Client), t.SentProgress, cancellationToken)).ConfigureAwait(false);
            (firstSend, sent) = (receipt.FirstSendServerTicks, receipt.Bytes); // the client's own clock
            await t.WaitForServerReceiverAsync(cancellationToken).ConfigureAwait(false);
            (cost, points) = t.StopInterval(t.ServerIsRemote ? await t.ReportAsync().ConfigureAwait(false) : null);
            context.Progress.Phase = "verifying";
            t.Source!.EnsureUnchanged(); // a file rewritten under the run: name that cause rather than a digest mismatch
            var report = await t.ReportAsync().ConfigureAwait(false);
            var got = report.Stream ?? throw new IntegrityException("the server's report has no stream receipt");
            (received, firstByte, lastByte, actual, hashMs) = (got.Bytes, t.ClientTicks(got.FirstByteServerTicks), t.ClientTicks(got.LastByteServerTicks), got.ActualHash, got.HashMs);
            receiverStatistics = report.Statistics;
        }
        else
        {
            (received, firstByte, lastByte) = await t.ClientPartAsync(() => StreamReceiver.ReceiveAsync(t.Client, t.Sink!, context.Progress, cancellationToken)).ConfigureAwait(false);
            var report = await t.ReportAsync().ConfigureAwait(false); // the sender is done (and found its input unchanged)
            var put = report.Sent ?? throw new IntegrityException("the server's report has no send receipt");
            (firstSend, sent) = (t.ClientTicks(put.FirstSendServerTicks), put.Bytes);
            (cost, points) = t.StopInterval(report);
            context.Progress.Phase = "verifying";
            (actual, hashMs) = await StreamReceiver.HashAsync(t.Sink!, cancellationToken).ConfigureAwait(false);
            receiverStatistics = t.Client.GetStatistics();
        }
        long end = MonotonicClock.NowTicks();
        bool verified = received == input.LengthBytes && actual == input.HashHex;
        if (!verified)
            throw new IntegrityException($"integrity check failed: received {received} of {input.LengthBytes} bytes, {ContentHash.NameOf(input.Method)} {Short(actual)}… expected {Short(input.HashHex)}…");

        long connectStart = t.Run.ConnectStartTimestamp;
        double transferSeconds = MonotonicClock.TicksToMilliseconds((received == 0 ? MonotonicClock.NowTicks() : lastByte) - firstSend) / 1000;
        return new Measurement
        {
            Throughput = Goodput.ToThroughput(sent, received, transferSeconds,
                ttfbMs: received == 0 ? 0 : MonotonicClock.TicksToMilliseconds(firstByte - connectStart),
                totalMs: MonotonicClock.TicksToMilliseconds(end - connectStart)),
            Integrity = new Integrity
            {
                Method = ContentHash.NameOf(input.Method),
                ExpectedHash = input.HashHex,
                ActualHash = actual,
                Verified = true,
                Detail = settings.Sink == BigFileSink.Null ? "hashed inline (null sink)" : $"hashed after transfer in {hashMs:0} ms",
            },
            Cost = cost,
            Timeline = points,
            TransportStatistics = receiverStatistics,
        };
    }

    /// <summary>The first 16 hex digits of a digest, for messages.</summary>
    public static string Short(string hex) => hex.Length > 16 ? hex[..16] : hex;
}
