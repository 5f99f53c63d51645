namespace Transports.Paths.Emulation;

/// <summary>
/// The model of one direction of an emulated link, without any I/O: given a packet's size and arrival time it decides
/// the packet's fate and, when delivered, its departure time. Loss first (random, then Gilbert–Elliott), then a drop-tail
/// queue in front of the bottleneck (a packet of B bytes occupies it for B·8/rate seconds, after the packets before it),
/// then the propagation delay plus jitter; departures keep arrival order (a packet never leaves before the one ahead of
/// it) except the packets picked for reordering, which are held back and overtaken. Times are ns on any monotonic
/// clock. One thread drives an instance (not thread-safe). Deterministic for a given seed, which the tests use.
/// </summary>
public sealed class LinkDirection
{
    private readonly LinkDirectionSpec _spec;
    private readonly Random _random;
    private readonly Queue<(long DoneNs, int Bytes)> _queue = new();
    private readonly double _nsPerByte;
    private long _queuedBytes;
    private long _bottleneckFreeNs;
    private long _lastDepartureNs;
    private bool _bad;

    /// <summary>Creates the direction.</summary>
    /// <param name="spec">Its parameters (validated).</param>
    /// <param name="seed">Seed of its random choices.</param>
    /// <exception cref="ArgumentException">The spec is out of range.</exception>
    public LinkDirection(LinkDirectionSpec spec, int seed)
    {
        spec.Validate("link");
        _spec = spec;
        _random = new Random(seed);
        _nsPerByte = spec.RateBitsPerSecond is double rate ? 8e9 / rate : 0;
    }

    /// <summary>Packets offered, and per fate.</summary>
    public LinkCounters Counters { get; } = new();

    /// <summary>Packets in the queue (waiting or in service) at the last <see cref="Offer"/>.</summary>
    public int QueuedPackets => _queue.Count;

    /// <summary>Decides the fate of a packet of <paramref name="bytes"/> bytes arriving at <paramref name="nowNs"/>.</summary>
    /// <param name="bytes">IP packet size in bytes (≥ 1).</param>
    /// <param name="nowNs">Arrival time, ns; not earlier than the previous call's.</param>
    /// <param name="departureNs">When delivered: the time it leaves the link, ns.</param>
    /// <returns>Its fate.</returns>
    public PacketFate Offer(int bytes, long nowNs, out long departureNs)
    {
        departureNs = 0;
        while (_queue.TryPeek(out var head) && head.DoneNs <= nowNs)
        {
            _queue.Dequeue();
            _queuedBytes -= head.Bytes;
        }
        var fate = Decide(bytes);
        Counters.Count(fate, bytes);
        if (fate != PacketFate.Delivered) return fate;

        long done = nowNs;
        if (_nsPerByte > 0)
        {
            done = Math.Max(nowNs, _bottleneckFreeNs) + (long)Math.Round(bytes * _nsPerByte);
            _bottleneckFreeNs = done;
            _queue.Enqueue((done, bytes));
            _queuedBytes += bytes;
        }
        long due = done + Math.Max(0, _spec.DelayNs + JitterNs());
        if (_spec.ReorderProbability > 0 && _random.NextDouble() < _spec.ReorderProbability)
        {
            Counters.Reordered++;
            departureNs = Math.Max(due, _lastDepartureNs) + _spec.ReorderDelayNs; // held back; the order rule skips it
            return fate;
        }
        departureNs = _lastDepartureNs = Math.Max(due, _lastDepartureNs);
        return fate;
    }

    private PacketFate Decide(int bytes)
    {
        if (_spec.LossProbability > 0 && _random.NextDouble() < _spec.LossProbability) return PacketFate.RandomLoss;
        if (_spec.BurstLoss is { } ge)
        {
            // The chain steps once per packet, then the state's loss rate applies (netem's order).
            _bad = _bad ? _random.NextDouble() >= ge.R : _random.NextDouble() < ge.P;
            double loss = _bad ? ge.LossInBad : ge.LossInGood;
            if (loss > 0 && _random.NextDouble() < loss) return PacketFate.BurstLoss;
        }
        if (_spec.QueuePackets is int packets && _queue.Count >= packets) return PacketFate.QueueDrop;
        if (_spec.QueueBytes is long limit && _queuedBytes + bytes > limit) return PacketFate.QueueDrop;
        return PacketFate.Delivered;
    }

    private long JitterNs()
    {
        long j = _spec.JitterNs;
        if (j == 0) return 0;
        return _spec.Jitter switch
        {
            JitterDistribution.Normal => (long)(Math.Clamp(StandardNormal(), -3, 3) * j),
            _ => (long)((_random.NextDouble() * 2 - 1) * j),
        };
    }

    /// <summary>Box–Muller transform (Box and Muller, 1958).</summary>
    private double StandardNormal()
    {
        double u1 = 1 - _random.NextDouble(), u2 = _random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}

/// <summary>Packet counts of one link direction, by fate. Written by its one driving thread; read any time (approximate while it runs).</summary>
public sealed class LinkCounters
{
    /// <summary>Packets offered.</summary>
    public long Offered { get; private set; }

    /// <summary>Bytes offered.</summary>
    public long OfferedBytes { get; private set; }

    /// <summary>Packets delivered (reordered ones included).</summary>
    public long Delivered { get; private set; }

    /// <summary>Packets lost at random.</summary>
    public long RandomLoss { get; private set; }

    /// <summary>Packets lost in bursts.</summary>
    public long BurstLoss { get; private set; }

    /// <summary>Packets dropped by the full queue.</summary>
    public long QueueDrops { get; private set; }

    /// <summary>Packets held back for reordering.</summary>
    public long Reordered { get; set; }

    internal void Count(PacketFate fate, int bytes)
    {
        Offered++;
        OfferedBytes += bytes;
        switch (fate)
        {
            case PacketFate.Delivered: Delivered++; break;
            case PacketFate.RandomLoss: RandomLoss++; break;
            case PacketFate.BurstLoss: BurstLoss++; break;
            case PacketFate.QueueDrop: QueueDrops++; break;
        }
    }
}
