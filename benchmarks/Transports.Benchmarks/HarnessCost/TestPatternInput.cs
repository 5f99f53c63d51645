using Transports.Scenarios.BigFile;

namespace Transports.Benchmarks.HarnessCost;

/// <summary>
/// The bigfile test file as the harness makes it (<see cref="TestFileCache"/>: the deterministic pattern, cached in
/// ~/.cache/transports), opened with the production <see cref="InputReader"/>, plus a copy of its bytes in memory that
/// plays the role of what a receiver got.
/// </summary>
internal sealed class TestPatternInput : IDisposable
{
    /// <summary>Size of the file: 16 MiB, past the L2 cache, small enough to generate in a moment.</summary>
    public const int LengthBytes = 16 << 20;

    private TestPatternInput(BigFileInput input, InputReader reader, byte[] bytes)
    {
        Input = input;
        Reader = reader;
        Bytes = bytes;
    }

    /// <summary>The cached test file.</summary>
    public BigFileInput Input { get; }

    /// <summary>The production reader over it (pread, as the null sink's payload check uses it).</summary>
    public InputReader Reader { get; }

    /// <summary>The file's bytes in memory (what the receiver holds after a receive).</summary>
    public byte[] Bytes { get; }

    /// <summary>Gets (generating once) the test file and reads it into memory.</summary>
    public static TestPatternInput Open()
    {
        var input = TestFileCache.GetAsync(LengthBytes, IntegrityMethod.Xxh128, onGenerating: null, CancellationToken.None).GetAwaiter().GetResult();
        var reader = InputReader.Open(input);
        var bytes = new byte[LengthBytes];
        if (reader.Read(bytes, 0) != LengthBytes) throw new InvalidOperationException($"{input.Path}: short read");
        return new TestPatternInput(input, reader, bytes);
    }

    /// <summary>Closes the reader.</summary>
    public void Dispose() => Reader.Dispose();
}
