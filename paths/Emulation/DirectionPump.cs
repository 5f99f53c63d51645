using System.Buffers;
using Transports.Measure.Timing;
using Transports.Paths.Emulation.Tun;

namespace Transports.Paths.Emulation;

/// <summary>
/// Moves one direction of an emulated link on its own thread: reads packets from the ingress TUN device, asks the
/// <see cref="LinkDirection"/> model their fate, and writes the delivered ones to the egress device at their departure
/// time. One thread both reads and schedules (ppoll with a nanosecond timeout until the next departure), so the model needs
/// no lock. How late packets leave is measured: that is the emulator's own error, and its ceiling shows there first.
/// </summary>
internal sealed class DirectionPump
{
    /// <summary>Longest wait between checks of the stop flag, ns.</summary>
    private const long StopCheckNs = 50_000_000;

    /// <summary>Packets read per wake-up at most, so departures are not starved by a flood.</summary>
    private const int ReadBatch = 64;

    /// <summary>A packet is "late" when it leaves more than this after its departure time, ns.</summary>
    public const long LateThresholdNs = 500_000;

    private readonly TunDevice _ingress;
    private readonly TunDevice _egress;
    private readonly LinkDirection _model;
    private readonly PriorityQueue<(byte[] Buffer, int Length), (long Due, long Serial)> _inFlight = new();
    private readonly Thread _thread;
    private long _serial;
    private volatile bool _stopping;

    public DirectionPump(string name, TunDevice ingress, TunDevice egress, LinkDirection model)
    {
        _ingress = ingress;
        _egress = egress;
        _model = model;
        _thread = new Thread(Run) { IsBackground = true, Name = $"link {name}" };
    }

    /// <summary>The model's counters (fates of offered packets).</summary>
    public LinkCounters Counters => _model.Counters;

    /// <summary>Packets written to the egress device.</summary>
    public long Forwarded { get; private set; }

    /// <summary>Delivered packets the kernel refused on egress (its backlog was full): lost, and counted here.</summary>
    public long EgressRefused { get; private set; }

    /// <summary>Packets that left more than <see cref="LateThresholdNs"/> after their departure time.</summary>
    public long LatePackets { get; private set; }

    /// <summary>The latest a packet left after its departure time, ns.</summary>
    public long MaxLatenessNs { get; private set; }

    /// <summary>Whether the thread runs under SCHED_FIFO (<see cref="RealtimeThread"/>); false without CAP_SYS_NICE.</summary>
    public bool Realtime { get; private set; }

    /// <summary>The failure that stopped the thread, if any.</summary>
    public Exception? Failure { get; private set; }

    public void Start() => _thread.Start();

    public void Stop()
    {
        _stopping = true;
        _thread.Join(TimeSpan.FromSeconds(2));
    }

    private void Run()
    {
        var pool = ArrayPool<byte>.Shared;
        Realtime = RealtimeThread.TryEnter();
        try
        {
            while (!_stopping)
            {
                long now = Now();
                long wait = StopCheckNs;
                if (_inFlight.TryPeek(out _, out var next)) wait = Math.Clamp(next.Due - now, 0, StopCheckNs);
                if (wait > 0 && _ingress.WaitReadable(wait)) ReadAvailable(pool);
                else if (wait == 0) ReadAvailable(pool); // due now: still take what arrived, without blocking
                SendDue(pool);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            if (!_stopping) Failure = e;
        }
        finally
        {
            while (_inFlight.TryDequeue(out var p, out _)) pool.Return(p.Buffer);
        }
    }

    private void ReadAvailable(ArrayPool<byte> pool)
    {
        for (int i = 0; i < ReadBatch; i++)
        {
            var buffer = pool.Rent(65536);
            int n = _ingress.Read(buffer);
            if (n == 0)
            {
                pool.Return(buffer);
                return;
            }
            if (_model.Offer(n, Now(), out long due) == PacketFate.Delivered) _inFlight.Enqueue((buffer, n), (due, _serial++));
            else pool.Return(buffer);
        }
    }

    private void SendDue(ArrayPool<byte> pool)
    {
        while (_inFlight.TryPeek(out var packet, out var key) && key.Due <= Now())
        {
            _inFlight.Dequeue();
            long late = Now() - key.Due;
            if (late > MaxLatenessNs) MaxLatenessNs = late;
            if (late > LateThresholdNs) LatePackets++;
            if (_egress.Write(packet.Buffer.AsSpan(0, packet.Length))) Forwarded++;
            else EgressRefused++;
            pool.Return(packet.Buffer);
        }
    }

    private static long Now() => MonotonicClock.TicksToNanoseconds(MonotonicClock.NowTicks());
}
