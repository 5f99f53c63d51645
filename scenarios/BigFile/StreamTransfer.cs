using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using Transports.Abstractions;
using Transports.Results;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// Bigfile over a reliable transport: the sender reads the file in chunks (<see cref="InputReader"/>) and sends
/// them; the receiver writes them to the sink; then the input is checked unchanged and the digest of what arrived is
/// compared with the file's.
/// <para>Verification: with a file sink the received file is hashed after the last byte (reported in total time,
/// not in the goodput interval); with the null sink the receiver hashes inline, so goodput includes hashing.</para>
/// </summary>
internal static class StreamTransfer
{
    public static async Task<Measurement> RunAsync(Transfer t, CancellationToken cancellationToken)
    {
        var (pair, sender, receiver, input, source, settings, sink, context) = (t.Pair, t.Sender, t.Receiver, t.Input, t.Source, t.Settings, t.Sink, t.Context);
        int chunk = Math.Min(settings.ChunkSizeBytes, sender.Capabilities.MaxMessageSizeBytes ?? int.MaxValue);
        int minimumReceive = receiver.Capabilities.MaxMessageSizeBytes ?? 1;
        long firstSend = MonotonicClock.NowTicks();
        var (sent, (received, firstByte, lastByte)) = await SendReceive.RunAsync(
            ct => SendFileAsync(sender, source, chunk, ct),
            ct => ReceiveAsync(receiver, sink, minimumReceive, context.Progress, ct),
            onFailure: () => { sender.Abort(); receiver.Abort(); },
            cancellationToken).ConfigureAwait(false);
        var (costResult, points) = t.Interval.Stop(MonotonicClock.NowTicks());

        context.Progress.Phase = "verifying";
        source.EnsureUnchanged(); // a file rewritten under the run: name that cause rather than a digest mismatch
        long verifyStart = MonotonicClock.NowTicks();
        string actual = await sink.HashAsync(cancellationToken).ConfigureAwait(false);
        long end = MonotonicClock.NowTicks();
        bool verified = received == input.LengthBytes && actual == input.HashHex;
        if (!verified)
            throw new IntegrityException($"integrity check failed: received {received} of {input.LengthBytes} bytes, {ContentHash.NameOf(input.Method)} {actual[..16]}… expected {input.HashHex[..16]}…");

        double transferSeconds = MonotonicClock.TicksToMilliseconds((received == 0 ? MonotonicClock.NowTicks() : lastByte) - firstSend) / 1000;
        return new Measurement
        {
            Throughput = Goodput.ToThroughput(sent, received, transferSeconds,
                ttfbMs: received == 0 ? 0 : MonotonicClock.TicksToMilliseconds(firstByte - pair.ConnectStartTimestamp),
                totalMs: MonotonicClock.TicksToMilliseconds(end - pair.ConnectStartTimestamp)),
            Integrity = new Integrity
            {
                Method = ContentHash.NameOf(input.Method),
                ExpectedHash = input.HashHex,
                ActualHash = actual,
                Verified = true,
                Detail = sink.IsNull ? "hashed inline (null sink)" : $"hashed after transfer in {MonotonicClock.TicksToMilliseconds(end - verifyStart):0} ms",
            },
            Cost = costResult,
            Timeline = points,
            TransportStatistics = receiver.GetStatistics(),
        };
    }

    /// <summary>
    /// Sends the file chunk by chunk (<see cref="InputReader.Chunk"/>: pread into a pooled buffer for <c>-file</c>, a
    /// mapped window of the generated test file), then completes the send side.
    /// </summary>
    private static async Task<long> SendFileAsync(ITransportConnection sender, InputReader source, int chunk, CancellationToken cancellationToken)
    {
        for (long offset = 0; offset < source.Length;)
        {
            var slice = source.Chunk(offset, chunk);
            await sender.SendAsync(slice, cancellationToken).ConfigureAwait(false);
            offset += slice.Length;
        }
        await sender.CompleteSendAsync(cancellationToken).ConfigureAwait(false);
        return source.Length;
    }

    private static async Task<(long Bytes, long FirstByte, long LastByte)> ReceiveAsync(ITransportConnection receiver, ReceiveSink sink,
        int minimumReceive, TransferProgress progress, CancellationToken cancellationToken)
    {
        long total = 0, first = 0, last = 0;
        while (true)
        {
            var buffer = sink.NextBuffer(total, minimumReceive);
            var r = await receiver.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (r.IsCompleted) return (total, first, last);
            if (r.Count == 0) continue;
            last = MonotonicClock.NowTicks();
            if (total == 0) first = last;
            sink.Commit(buffer, r.Count, total);
            total += r.Count;
            progress.Add(r.Count);
        }
    }
}
