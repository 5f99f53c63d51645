using System.Buffers.Binary;
using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Xunit;
using Xunit.Abstractions;

namespace Transports.Tests.Fuzz;

/// <summary>
/// The fuzz harness every parser a peer can reach goes through: FsCheck generators, sampled with a fixed seed
/// (override with the environment variable TRANSPORTS_FUZZ_SEED to explore), produce random byte strings and mutations
/// of valid encodings (bit flips, truncation, extension, slices cut or repeated, integer fields set to extremes). Each
/// input runs through the parser on a worker thread under one time budget for the whole run (a hang fails the test
/// naming the input it hung on); an exception the parser does not document fails it with the seed, the input's index
/// and its bytes.
/// </summary>
internal static class FuzzInputs
{
    /// <summary>Inputs per parser.</summary>
    public const int Count = 100_000;

    /// <summary>Budget for all inputs of one parser (a hang fails the test instead of blocking CI).</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    private const int Batch = 10_000;

    /// <summary>The seed: TRANSPORTS_FUZZ_SEED, else a fixed one (CI is reproducible).</summary>
    public static ulong Seed { get; } =
        ulong.TryParse(Environment.GetEnvironmentVariable("TRANSPORTS_FUZZ_SEED"), out var s) ? s : 0x7A5F_0C0D_E5EEDUL;

    private static readonly long[] Extremes =
    [
        0, 1, -1, 2, long.MaxValue, long.MinValue, long.MaxValue - 1, long.MinValue + 1, int.MaxValue, int.MinValue,
        uint.MaxValue, (long)int.MaxValue + 1, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 0x10000, 64, 65535, 65536, 1472, 1448,
    ];

    /// <summary>Random bytes of 0..<paramref name="maxRandomLength"/> bytes (a quarter) or a mutated valid encoding.</summary>
    /// <param name="valid">Valid encodings (what our own sender writes).</param>
    /// <param name="maxRandomLength">Longest random input.</param>
    public static Gen<byte[]> RandomOrMutated(Gen<byte[]> valid, int maxRandomLength) =>
        from kind in Gen.Choose(0, 3)
        from seed in Gen.Choose(int.MinValue, int.MaxValue)
        from v in valid
        select kind == 0 ? RandomBytes(new Random(seed), maxRandomLength) : Mutate(v, new Random(seed));

    /// <summary>Random bytes, length 0..<paramref name="maxLength"/> (short ones favoured).</summary>
    public static byte[] RandomBytes(Random r, int maxLength)
    {
        int length = r.Next(4) == 0 ? r.Next(Math.Min(maxLength, 32) + 1) : r.Next(maxLength + 1);
        var bytes = new byte[length];
        r.NextBytes(bytes);
        return bytes;
    }

    /// <summary>One to three mutations of <paramref name="valid"/>: the inputs that get past a parser's first checks.</summary>
    public static byte[] Mutate(byte[] valid, Random r)
    {
        var b = new List<byte>(valid);
        int mutations = r.Next(4); // 0: the valid encoding itself
        for (int m = 0; m < mutations; m++)
        {
            switch (r.Next(8))
            {
                case 0 when b.Count > 0: // bit flips
                    for (int i = r.Next(1, 4); i > 0; i--) { int p = r.Next(b.Count); b[p] ^= (byte)(1 << r.Next(8)); }
                    break;
                case 1: // truncation
                {
                    int keep = r.Next(b.Count + 1);
                    b.RemoveRange(keep, b.Count - keep);
                    break;
                }
                case 2: // extension with random bytes
                {
                    var extra = new byte[r.Next(1, r.Next(2) == 0 ? 8 : 200)];
                    r.NextBytes(extra);
                    b.AddRange(extra);
                    break;
                }
                case 3 when b.Count >= 8: // an 8-byte field (aligned: our headers' fields) set to an extreme
                {
                    var field = new byte[8];
                    BinaryPrimitives.WriteInt64LittleEndian(field, Extremes[r.Next(Extremes.Length)]);
                    int at = r.Next((b.Count - 8) / 8 + 1) * 8;
                    for (int i = 0; i < 8; i++) b[at + i] = field[i];
                    break;
                }
                case 4 when b.Count >= 4: // a 4-byte or shorter field anywhere (varints, lengths) set to an extreme
                {
                    var field = new byte[8];
                    BinaryPrimitives.WriteInt64LittleEndian(field, Extremes[r.Next(Extremes.Length)]);
                    int width = 1 << r.Next(3);
                    int at = r.Next(b.Count - width + 1);
                    for (int i = 0; i < width; i++) b[at + i] = field[i];
                    break;
                }
                case 5 when b.Count > 0: // one byte to a boundary value
                    b[r.Next(b.Count)] = (byte)(r.Next(4) switch { 0 => 0x00, 1 => 0xFF, 2 => 0x7F, _ => 0x80 });
                    break;
                case 6 when b.Count > 0: // a slice cut out
                {
                    int at = r.Next(b.Count);
                    b.RemoveRange(at, r.Next(1, b.Count - at + 1));
                    break;
                }
                case 7 when b.Count > 0: // a slice repeated
                {
                    int at = r.Next(b.Count);
                    var slice = b.GetRange(at, r.Next(1, Math.Min(64, b.Count - at) + 1));
                    b.InsertRange(r.Next(b.Count + 1), slice);
                    break;
                }
            }
        }
        return b.ToArray();
    }

    /// <summary>
    /// Runs <see cref="Count"/> inputs from <paramref name="inputs"/> through <paramref name="parse"/>; an exception
    /// <paramref name="documented"/> does not accept, or running past <see cref="Budget"/>, fails the test.
    /// </summary>
    /// <returns>How many inputs the parser rejected with a documented exception.</returns>
    public static int Run<T>(ITestOutputHelper output, string parser, Gen<T> inputs, Action<T> parse, Func<Exception, bool> documented,
        Func<T, string>? show = null)
    {
        show ??= x => x is byte[] bytes ? Convert.ToHexString(bytes.AsSpan(0, Math.Min(bytes.Length, 256))) + (bytes.Length > 256 ? "…" : "") : $"{x}";
        int current = -1, rejected = 0, total = 0;
        T? currentInput = default;
        var clock = Stopwatch.StartNew();
        var run = Task.Factory.StartNew(() =>
        {
            for (int batch = 0; batch < Count / Batch; batch++)
            {
                // One seeded draw per batch keeps memory small; the same seed gives the same inputs.
                var sample = inputs.Sample(Batch, new Rnd(Seed + (ulong)batch), 100);
                total += sample.Length;
                for (int i = 0; i < sample.Length; i++)
                {
                    Volatile.Write(ref current, batch * Batch + i);
                    currentInput = sample[i];
                    try
                    {
                        parse(sample[i]);
                    }
                    catch (Exception e) when (documented(e))
                    {
                        rejected++;
                    }
                    catch (Exception e)
                    {
                        throw new Xunit.Sdk.XunitException(
                            $"{parser}: undocumented {e.GetType().Name} on input #{batch * Batch + i} (TRANSPORTS_FUZZ_SEED={Seed}): {show(sample[i])}\n{e}");
                    }
                }
            }
        }, TaskCreationOptions.LongRunning);
        if (!run.Wait(Budget))
            throw new Xunit.Sdk.XunitException(
                $"{parser}: no answer within {Budget.TotalSeconds:0} s, stuck on input #{Volatile.Read(ref current)} (TRANSPORTS_FUZZ_SEED={Seed}): {(currentInput is null ? "" : show(currentInput))}");
        run.GetAwaiter().GetResult();
        Assert.Equal(Count, total);
        output.WriteLine($"{parser}: {Count} inputs in {clock.Elapsed.TotalSeconds:0.00} s, {rejected} rejected with the documented error (seed {Seed})");
        return rejected;
    }
}
