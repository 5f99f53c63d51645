using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// bigfile's receiving side over a reliable transport (whichever role receives): bytes land in the sink until the
/// sender's orderly close; then the digest of what arrived. With a file sink the file is hashed after the last byte
/// (not in the goodput interval); with the null sink inline, so goodput includes hashing.
/// </summary>
internal static class StreamReceiver
{
    /// <summary>Receives until the peer completes; adds each delivery to <paramref name="progress"/>.</summary>
    /// <returns>Bytes received and the arrival of the first and last (0 when none), this host's clock.</returns>
    public static Task<(long Bytes, long FirstByte, long LastByte)> ReceiveAsync(ITransportConnection receiver, ReceiveSink sink,
        TransferProgress progress, CancellationToken cancellationToken)
        => ReceiveAsync(receiver, sink, progress, null, cancellationToken);

    /// <summary>Receives until the peer completes; adds each delivery to <paramref name="progress"/> and to <paramref name="flow"/> (one of several parallel connections).</summary>
    /// <returns>Bytes received and the arrival of the first and last (0 when none), this host's clock.</returns>
    public static async Task<(long Bytes, long FirstByte, long LastByte)> ReceiveAsync(ITransportConnection receiver, ReceiveSink sink,
        TransferProgress progress, TransferProgress? flow, CancellationToken cancellationToken)
    {
        int minimumReceive = receiver.Capabilities.MaxMessageSizeBytes ?? 1;
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
            flow?.Add(r.Count);
        }
    }

    /// <summary>The digest of what arrived and the time hashing took after the transfer, ms.</summary>
    public static async Task<(string Hash, double HashMs)> HashAsync(ReceiveSink sink, CancellationToken cancellationToken)
    {
        long start = MonotonicClock.NowTicks();
        string actual = await sink.HashAsync(cancellationToken).ConfigureAwait(false);
        return (actual, MonotonicClock.TicksToMilliseconds(MonotonicClock.NowTicks() - start));
    }
}
