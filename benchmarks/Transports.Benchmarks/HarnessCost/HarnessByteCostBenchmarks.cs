using BenchmarkDotNet.Attributes;
using Transports.Measure.Timing;
using Transports.Scenarios.BigFile;
using Transports.Scenarios.Core;

namespace Transports.Benchmarks.HarnessCost;

/// <summary>
/// What the harness itself does per MiB received in bigfile, with the production classes: the inline digest of the
/// null sink (XXH128 for the generated test file, SHA-256 for <c>-file</c>), the null sink's datagram payload compare
/// against the input, and the stream receive loop's per-chunk bookkeeping besides the hash (next buffer, arrival
/// timestamp, progress counter; the timeline is a 100 ms timer reading that counter, not per chunk). One operation
/// is one MiB; receives are <see cref="ChunkBytes"/> each, as tcp's loopback receives typically return. The bytes
/// are the test pattern, hot in cache like a buffer the kernel just copied into.
/// </summary>
/// <remarks>
/// The receiver never regenerates the test pattern (the payload check reads the input file through the page cache),
/// so pattern generation is not on the hot path and not budgeted.
/// </remarks>
public class HarnessByteCostBenchmarks
{
    private const int MiB = 1 << 20;
    private const int ChunkBytes = 64 << 10;
    private const int PayloadBytes = 1472 - DatagramHeader.Size;
    private const int FileMiB = TestPatternInput.LengthBytes / MiB;

    private readonly TransferProgress _progress = new();
    private TestPatternInput _input = null!;
    private ContentHash _xxh = null!, _sha = null!;
    private PayloadCheck _check = null!;
    private ReceiveSink _nullSink = null!;

    [GlobalSetup]
    public void Setup()
    {
        _input = TestPatternInput.Open();
        _xxh = new ContentHash(IntegrityMethod.Xxh128);
        _sha = new ContentHash(IntegrityMethod.Sha256);
        _check = new PayloadCheck(_input.Reader, PayloadBytes);
        _nullSink = ReceiveSink.Create(BigFileSink.Null, Path.GetTempPath(), "budget", TestPatternInput.LengthBytes, MiB, IntegrityMethod.Xxh128);
        _input.Bytes.AsSpan(0, MiB).CopyTo(_nullSink.NextBuffer(0, 1).Span); // the sink's receive buffer holds the pattern too
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        if (_check.Mismatched > 0) throw new InvalidOperationException("payload check found mismatches in the benchmark's own data");
        _xxh.Dispose();
        _sha.Dispose();
        _nullSink.Dispose();
        _input.Dispose();
    }

    /// <summary>XXH128 of 1 MiB of the test pattern in 64 KiB appends (<see cref="ContentHash"/>, the null sink's inline digest).</summary>
    [Benchmark]
    public void Xxh128() => Hash(_xxh);

    /// <summary>SHA-256 of 1 MiB in 64 KiB appends (<see cref="ContentHash"/>; <c>-file</c>, and <c>-integrity sha256</c>).</summary>
    [Benchmark]
    public void Sha256() => Hash(_sha);

    /// <summary>
    /// The null sink's datagram payload compare, 1472-byte datagrams: <see cref="PayloadCheck.Check"/> of every datagram of
    /// the 16 MiB file against the input (pread through its 1 MiB window); per MiB.
    /// </summary>
    [Benchmark(OperationsPerInvoke = FileMiB)]
    public long PayloadCompare()
    {
        var bytes = _input.Bytes;
        var check = _check;
        for (long offset = 0, seq = 0; offset < bytes.Length; offset += PayloadBytes, seq++)
        {
            int n = (int)Math.Min(PayloadBytes, bytes.Length - offset);
            check.Check(seq, (ulong)offset, bytes.AsSpan((int)offset, n));
        }
        return check.Compared;
    }

    /// <summary>
    /// The stream receive loop's bookkeeping per MiB besides the digest: per 64 KiB receive,
    /// <see cref="ReceiveSink.NextBuffer"/>, the arrival timestamp and <see cref="TransferProgress.Add"/>.
    /// </summary>
    [Benchmark]
    public long StreamReceiveBookkeeping()
    {
        var sink = _nullSink;
        var progress = _progress;
        long total = 0, last = 0;
        for (int i = 0; i < MiB / ChunkBytes; i++)
        {
            var buffer = sink.NextBuffer(total, 1);
            last = MonotonicClock.NowTicks();
            total += Math.Min(ChunkBytes, buffer.Length);
            progress.Add(ChunkBytes);
        }
        return total + last;
    }

    /// <summary>
    /// The whole null-sink stream receive per MiB without the socket: the bookkeeping above plus
    /// <see cref="ReceiveSink.Commit"/>, which hashes each 64 KiB receive with XXH128.
    /// </summary>
    [Benchmark]
    public long NullSinkReceive()
    {
        var sink = _nullSink;
        var progress = _progress;
        long total = 0, last = 0;
        for (int i = 0; i < MiB / ChunkBytes; i++)
        {
            var buffer = sink.NextBuffer(total, 1);
            last = MonotonicClock.NowTicks();
            sink.Commit(buffer[(i * ChunkBytes)..], ChunkBytes, total);
            total += ChunkBytes;
            progress.Add(ChunkBytes);
        }
        return total + last;
    }

    private void Hash(ContentHash hash)
    {
        var bytes = _input.Bytes;
        for (int offset = 0; offset < MiB; offset += ChunkBytes) hash.Append(bytes.AsSpan(offset, ChunkBytes));
    }
}
