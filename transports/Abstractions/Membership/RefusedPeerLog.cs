namespace Transports.Abstractions.Membership;

/// <summary>A thread-safe, bounded list of refused peers for a listener's <see cref="ITransportListener.Refused"/>.</summary>
/// <param name="capacity">Most entries kept; later refusals are counted in <see cref="DroppedCount"/> only (a flood
/// of strangers must not grow memory without bound).</param>
public sealed class RefusedPeerLog(int capacity = 100)
{
    private readonly List<RefusedPeer> _peers = [];
    private long _dropped;

    /// <summary>Refusals beyond the capacity, not kept.</summary>
    public long DroppedCount => Interlocked.Read(ref _dropped);

    /// <summary>All refusals: the ones kept plus <see cref="DroppedCount"/>.</summary>
    public long TotalCount
    {
        get
        {
            lock (_peers) return _peers.Count + DroppedCount;
        }
    }

    /// <summary>Records a refusal.</summary>
    public void Add(RefusedPeer peer)
    {
        lock (_peers)
        {
            if (_peers.Count < capacity) _peers.Add(peer);
            else Interlocked.Increment(ref _dropped);
        }
    }

    /// <summary>A copy of the refusals kept so far, oldest first.</summary>
    public IReadOnlyList<RefusedPeer> Snapshot()
    {
        lock (_peers) return _peers.ToArray();
    }
}
