using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// bigfile's receiving side over an unreliable datagram transport (whichever role receives): places payloads at their
/// offsets in the sink and counts loss, duplicates, reordering and RFC 3550 jitter (<see cref="DatagramTracker"/>);
/// with the null sink each payload is compared with the input at its offset (<see cref="PayloadCheck"/>); with a file
/// sink the reassembled file is hashed once every datagram arrived. The verdict is the client role's
/// (<see cref="DatagramTransfer"/>), from the <see cref="DatagramReceipt"/>.
/// </summary>
internal sealed class DatagramReceiver
{
    /// <summary>The receiver gives up this long after the last datagram when the end marker never came.</summary>
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(2);

    /// <summary>After the end marker, late (reordered) datagrams are awaited this long.</summary>
    private static readonly TimeSpan DrainAfterEnd = TimeSpan.FromMilliseconds(200);

    private readonly ITransportConnection _receiver;
    private readonly ReceiveSink _sink;
    private readonly DatagramTracker _tracker;
    private readonly PayloadCheck? _check;
    private readonly long _fileBytes;
    private readonly int _payloadBytes;

    /// <param name="receiver">The receiving connection.</param>
    /// <param name="sink">Where payloads go.</param>
    /// <param name="source">The input, for the null sink's payload check (null with a file sink).</param>
    /// <param name="fileBytes">The file's length.</param>
    public DatagramReceiver(ITransportConnection receiver, ReceiveSink sink, InputReader? source, long fileBytes)
    {
        _receiver = receiver;
        _sink = sink;
        _fileBytes = fileBytes;
        _payloadBytes = DatagramSender.Sizes(receiver).PayloadBytes;
        _tracker = new DatagramTracker((fileBytes + _payloadBytes - 1) / _payloadBytes);
        // The null sink keeps no copy to hash: each payload is compared with the input's bytes at its offset instead.
        _check = sink.IsNull ? new PayloadCheck(source ?? throw new ArgumentNullException(nameof(source)), _payloadBytes) : null;
    }

    /// <summary>Receives until the end marker (plus a drain for late datagrams) or an idle timeout; adds each new payload to <paramref name="progress"/>.</summary>
    public async Task ReceiveAsync(TransferProgress progress, CancellationToken cancellationToken)
    {
        var tracker = _tracker;
        var buffer = GC.AllocateUninitializedArray<byte>(Math.Max(_receiver.Capabilities.MaxMessageSizeBytes ?? 0, _payloadBytes + DatagramHeader.Size), pinned: true);
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
                var r = await _receiver.ReceiveAsync(buffer, stop.Token).ConfigureAwait(false);
                long now = MonotonicClock.NowTicks();
                if (r.IsCompleted) return;
                var d = DatagramHeader.Parse(buffer.AsSpan(0, r.Count), _fileBytes, _payloadBytes);
                if (d.Kind == DatagramKind.Foreign) continue; // not ours (or corrupted): never written, shows as loss
                if (d.Kind == DatagramKind.End)
                {
                    tracker.OnEnd(d.Offset);
                    continue;
                }
                int n = d.PayloadBytes;
                if (tracker.OnData(d.Sequence, d.Timestamp, now, n))
                {
                    _check?.Check(d.Sequence, (ulong)d.Offset, buffer.AsSpan(DatagramHeader.Size, n));
                    _sink.Write(buffer.AsSpan(DatagramHeader.Size, n), d.Offset);
                    progress.Add(n);
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the watchdog ended the receive: end marker seen, or idle
        }
    }

    /// <summary>
    /// What arrived: the delivery figures (without the sender's count), the payload check's outcome, and with a file
    /// sink that got every datagram, the digest of the reassembled file.
    /// </summary>
    public async Task<DatagramReceipt> FinishAsync(CancellationToken cancellationToken)
    {
        string? actual = null;
        if (_check is null && _tracker.Received == _tracker.Expected) actual = await _sink.HashAsync(cancellationToken).ConfigureAwait(false);
        return new DatagramReceipt(_tracker.ToDelivery(0), _tracker.DeliveredBytes, _tracker.FirstArrival, _tracker.LastArrival,
            _check?.ToResult(), actual, _sink.FileLength);
    }
}
