using BenchmarkDotNet.Attributes;
using Transports.Measure.Timing;
using Transports.Scenarios.BigFile;
using Transports.Scenarios.Core;
using Transports.Scenarios.Messages;

namespace Transports.Benchmarks.HarnessCost;

/// <summary>
/// What the harness itself does per message or datagram on the hot path, with the production classes: stamping a
/// message or a bigfile datagram (sequence + timestamp), parsing a bigfile datagram's header, checking a payload
/// (message filler at 64 B and 1472 B; a bigfile datagram against the input with the null sink), and the bigfile
/// datagram receiver's per-datagram bookkeeping. Each invocation handles <see cref="Messages"/> messages; results
/// are per message. Budgeted in budget.json (the <c>budget</c> command); the receive loop's latency bookkeeping is
/// <see cref="MeasurementCostBenchmarks.PerMessageBookkeeping"/>.
/// </summary>
public class HarnessMessageCostBenchmarks
{
    private const int Messages = 4096;
    private const int DatagramBytes = 1472;                     // udp's max datagram on a 1500-byte MTU
    private const int PayloadBytes = DatagramBytes - DatagramHeader.Size;
    private const int SmallDatagramBytes = 64;
    private const int Ring = 64;                                // distinct datagrams parsed in turn
    private const long TrackerDatagrams = 1L << 24;            // a 23 GiB transfer's worth; a new tracker after that

    private readonly byte[] _message64 = MessageLayout.NewMessage(64);
    private readonly byte[] _template64 = MessageLayout.NewMessage(64);
    private readonly byte[] _message1472 = MessageLayout.NewMessage(DatagramBytes);
    private readonly byte[] _template1472 = MessageLayout.NewMessage(DatagramBytes);
    private readonly byte[] _datagram = new byte[DatagramBytes];
    private readonly byte[][] _received = new byte[Ring][];
    private readonly TransferProgress _progress = new();
    private TestPatternInput _input = null!;
    private PayloadCheck _check1472 = null!, _check64 = null!;
    private DatagramTracker _tracker = new(TrackerDatagrams);
    private long _sequence, _trackerSequence, _checkSequence1472, _checkSequence64;

    [GlobalSetup]
    public void Setup()
    {
        _input = TestPatternInput.Open();
        _check1472 = new PayloadCheck(_input.Reader, PayloadBytes);
        _check64 = new PayloadCheck(_input.Reader, SmallDatagramBytes - DatagramHeader.Size);
        // Datagrams as the bigfile sender writes them: header, then the file's bytes at the datagram's offset.
        for (int i = 0; i < Ring; i++)
        {
            long seq = i * 997 % (TestPatternInput.LengthBytes / PayloadBytes);
            var d = new byte[DatagramBytes];
            DatagramHeader.Write(d, (ulong)seq, MonotonicClock.NowTicks(), (ulong)(seq * PayloadBytes));
            _input.Bytes.AsSpan((int)(seq * PayloadBytes), PayloadBytes).CopyTo(d.AsSpan(DatagramHeader.Size));
            _received[i] = d;
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        // A benchmark of a check that failed would measure the wrong path: make it an error.
        if (_check1472.Mismatched + _check64.Mismatched > 0) throw new InvalidOperationException("payload check found mismatches in the benchmark's own data");
        _input.Dispose();
    }

    /// <summary>Send side of pingpong/datagrams: <see cref="MessageLayout.WriteHeader"/> with a fresh timestamp.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public byte StampMessage()
    {
        var m = _message64;
        long seq = _sequence;
        for (int i = 0; i < Messages; i++) MessageLayout.WriteHeader(m, seq + i, MonotonicClock.NowTicks());
        _sequence = seq + Messages;
        return m[0];
    }

    /// <summary>Send side of bigfile over datagrams: <see cref="DatagramHeader.Write"/> (sequence, timestamp, offset).</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public byte StampDatagram()
    {
        var d = _datagram;
        long seq = _sequence;
        for (int i = 0; i < Messages; i++) DatagramHeader.Write(d, (ulong)(seq + i), MonotonicClock.NowTicks(), (ulong)((seq + i) * PayloadBytes));
        _sequence = seq + Messages;
        return d[0];
    }

    /// <summary>Receive side of bigfile over datagrams: <see cref="DatagramHeader.Parse"/> with its range checks.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long ParseDatagramHeader()
    {
        var ring = _received;
        long sum = 0;
        for (int i = 0; i < Messages; i++)
            sum += DatagramHeader.Parse(ring[i & (Ring - 1)], TestPatternInput.LengthBytes, PayloadBytes).Sequence;
        return sum;
    }

    /// <summary>Receive side of pingpong/datagrams, 64 B: <see cref="MessageLayout.Verify"/> (filler compared).</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public void VerifyMessage64()
    {
        for (int i = 0; i < Messages; i++) MessageLayout.Verify(_message64, _template64);
    }

    /// <summary>Receive side of pingpong/datagrams, 1472 B: <see cref="MessageLayout.Verify"/>.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public void VerifyMessage1472()
    {
        for (int i = 0; i < Messages; i++) MessageLayout.Verify(_message1472, _template1472);
    }

    /// <summary>Bigfile null sink, 1472-byte datagrams: <see cref="PayloadCheck.Check"/> against the input (pread window).</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long PayloadCheck1472() => CheckDatagrams(_check1472, PayloadBytes, ref _checkSequence1472);

    /// <summary>Bigfile null sink, 64-byte datagrams (40 B of payload): <see cref="PayloadCheck.Check"/>.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long PayloadCheck64() => CheckDatagrams(_check64, SmallDatagramBytes - DatagramHeader.Size, ref _checkSequence64);

    /// <summary>
    /// Bigfile datagram receiver, per new datagram besides parsing and checking: arrival timestamp,
    /// <see cref="DatagramTracker.OnData"/> (bitmap, RFC 4737 sequence tracker, RFC 3550 jitter) and the progress counter.
    /// </summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public long DatagramReceiveBookkeeping()
    {
        if (_trackerSequence + Messages > TrackerDatagrams)
        {
            _tracker = new DatagramTracker(TrackerDatagrams); // the next transfer (0.125 B per datagram, amortized)
            _trackerSequence = 0;
        }
        var tracker = _tracker;
        var progress = _progress;
        long seq = _trackerSequence;
        long sent = MonotonicClock.NowTicks();
        for (int i = 0; i < Messages; i++)
        {
            long now = MonotonicClock.NowTicks();
            if (tracker.OnData(seq + i, sent, now, PayloadBytes)) progress.Add(PayloadBytes);
        }
        _trackerSequence = seq + Messages;
        return tracker.DeliveredBytes;
    }

    private long CheckDatagrams(PayloadCheck check, int payloadBytes, ref long next)
    {
        var bytes = _input.Bytes;
        long count = (bytes.Length + payloadBytes - 1) / payloadBytes;
        long seq = next;
        for (int i = 0; i < Messages; i++)
        {
            if (seq == count) seq = 0;
            long offset = seq * payloadBytes;
            int n = (int)Math.Min(payloadBytes, bytes.Length - offset);
            check.Check(seq, (ulong)offset, bytes.AsSpan((int)offset, n));
            seq++;
        }
        next = seq;
        return check.Compared;
    }
}
