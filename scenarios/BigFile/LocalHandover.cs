using System.Collections.Concurrent;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// An upload's receive sink, handed from the client role to a server role in the same process. The receiving role owns
/// its sink, but creating it preallocates the whole file (a quarter of a second for 1 GiB on tmpfs), which must happen
/// before the connect so time to first byte and goodput measure the transport only; the server role starts after the
/// accept. So in one process the client role prepares the sink and the server role takes it, keyed by the run's
/// <see cref="TransferProgress"/> (the one object both roles share only in one process; an agent has its own and creates
/// its sink itself). <see cref="ReceiveEnded"/> tells the client when the last byte is in, before hashing, where its
/// measured interval ends as it did when one method ran both sides.
/// </summary>
internal sealed class LocalHandover : IDisposable
{
    private static readonly ConcurrentDictionary<TransferProgress, LocalHandover> Offered = new(ReferenceEqualityComparer.Instance);
    private readonly TransferProgress _key;
    private int _taken;

    private LocalHandover(TransferProgress key, ReceiveSink sink, InputReader? payloadSource)
    {
        _key = key;
        Sink = sink;
        PayloadSource = payloadSource;
    }

    /// <summary>The prepared sink.</summary>
    public ReceiveSink Sink { get; }

    /// <summary>The client's open input, for the null sink's datagram payload check (positional reads: shared with the sender); the client disposes it.</summary>
    public InputReader? PayloadSource { get; }

    /// <summary>Completes when the receiving role has received everything (before it verifies).</summary>
    public TaskCompletionSource ReceiveEnded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Offers <paramref name="sink"/> (and the input, for a payload check) to the server role of the run counted by <paramref name="progress"/>.</summary>
    public static LocalHandover Offer(TransferProgress progress, ReceiveSink sink, InputReader? payloadSource)
    {
        var handover = new LocalHandover(progress, sink, payloadSource);
        Offered[progress] = handover;
        return handover;
    }

    /// <summary>The handover offered for this run, taken (the taker disposes the sink), or null (another process).</summary>
    public static LocalHandover? Take(TransferProgress progress)
        => Offered.TryRemove(progress, out var handover) && Interlocked.Exchange(ref handover._taken, 1) == 0 ? handover : null;

    /// <summary>Withdraws the offer; disposes the sink when no server role took it.</summary>
    public void Dispose()
    {
        Offered.TryRemove(new KeyValuePair<TransferProgress, LocalHandover>(_key, this));
        if (Interlocked.Exchange(ref _taken, 1) == 0) Sink.Dispose();
    }
}
