using System.Buffers.Binary;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// The deterministic test file: <c>size</c> bytes of xorshift64* output (Vigna 2016, seed fixed), so every machine
/// and every run streams the same incompressible bytes. Generated once into the cache folder
/// (<c>$XDG_CACHE_HOME/transports</c> or <c>~/.cache/transports</c>, override with TRANSPORTS_CACHE), with its
/// XXH128 and SHA-256 in sidecar files: later runs verify the file against the XXH128 (fast) instead of regenerating it.
/// </summary>
public static class TestFileCache
{
    private const ulong Seed = 0x9E3779B97F4A7C15UL;
    private const int ChunkBytes = 1 << 20;

    /// <summary>The cache folder.</summary>
    public static string Directory
    {
        get
        {
            var explicitDir = Environment.GetEnvironmentVariable("TRANSPORTS_CACHE");
            if (!string.IsNullOrEmpty(explicitDir)) return explicitDir;
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(home, ".cache") : xdg, "transports");
        }
    }

    /// <summary>
    /// Returns the cached test file of <paramref name="lengthBytes"/>, generating it first if needed. A cached file is
    /// verified before use: its XXH128 must match the sidecar written at generation, or it is generated anew (a file
    /// changed in place is never trusted because of its sidecar alone).
    /// </summary>
    /// <param name="lengthBytes">File size in bytes (0 allowed).</param>
    /// <param name="method">The digest the receiver will reproduce: XXH128 (default) or SHA-256.</param>
    /// <param name="onGenerating">Called with the path before a (slow) generation starts, for a user message.</param>
    /// <param name="cancellationToken">Cancels generation (the partial file is removed).</param>
    /// <exception cref="IOException">The cache folder is not writable or the disk is full.</exception>
    public static async Task<BigFileInput> GetAsync(long lengthBytes, IntegrityMethod method, Action<string>? onGenerating, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"testfile-{lengthBytes}.bin");
        if (await CachedAsync(path, lengthBytes, method, cancellationToken).ConfigureAwait(false) is { } cached) return cached;
        onGenerating?.Invoke(path);
        var temp = path + $".{Environment.ProcessId}.tmp";
        try
        {
            var digests = await Task.Run(() => Generate(temp, lengthBytes, cancellationToken), cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
            foreach (var (m, hex) in digests) await File.WriteAllTextAsync(Sidecar(path, m), hex + "\n", cancellationToken).ConfigureAwait(false);
            return new BigFileInput(path, lengthBytes, digests[method], method, IsGenerated: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    /// <summary>The cached file when it exists, has the right length and still hashes to its XXH128 sidecar; else null.</summary>
    private static async Task<BigFileInput?> CachedAsync(string path, long lengthBytes, IntegrityMethod method, CancellationToken cancellationToken)
    {
        if (!File.Exists(path) || new FileInfo(path).Length != lengthBytes) return null;
        var xxh = await ReadSidecarAsync(path, IntegrityMethod.Xxh128, cancellationToken).ConfigureAwait(false);
        if (xxh is null || await ContentHash.OfFileAsync(path, IntegrityMethod.Xxh128, cancellationToken).ConfigureAwait(false) != xxh) return null;
        if (method == IntegrityMethod.Xxh128) return new BigFileInput(path, lengthBytes, xxh, method, IsGenerated: true);
        // The content is verified; its SHA-256 sidecar (written at generation) is trusted with it.
        var sha = await ReadSidecarAsync(path, IntegrityMethod.Sha256, cancellationToken).ConfigureAwait(false);
        return sha is null ? null : new BigFileInput(path, lengthBytes, sha, method, IsGenerated: true);
    }

    private static string Sidecar(string path, IntegrityMethod method) => $"{path}.{ContentHash.NameOf(method)}";

    private static async Task<string?> ReadSidecarAsync(string path, IntegrityMethod method, CancellationToken cancellationToken)
    {
        var sidecar = Sidecar(path, method);
        if (!File.Exists(sidecar)) return null;
        var text = (await File.ReadAllTextAsync(sidecar, cancellationToken).ConfigureAwait(false)).Trim();
        return text.Length == (method == IntegrityMethod.Xxh128 ? 32 : 64) ? text : null;
    }

    /// <summary>Fills <paramref name="destination"/> with the test file's bytes starting at a chunk-aligned state.</summary>
    private static ulong Fill(Span<byte> destination, ulong state)
    {
        int i = 0;
        for (; i + 8 <= destination.Length; i += 8)
        {
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            BinaryPrimitives.WriteUInt64LittleEndian(destination[i..], state * 0x2545F4914F6CDD1DUL);
        }
        if (i < destination.Length)
        {
            Span<byte> tail = stackalloc byte[8];
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            BinaryPrimitives.WriteUInt64LittleEndian(tail, state * 0x2545F4914F6CDD1DUL);
            tail[..(destination.Length - i)].CopyTo(destination[i..]);
        }
        return state;
    }

    /// <summary>Writes the file and returns both digests (XXH128 verifies the cache; SHA-256 serves <c>-integrity sha256</c>).</summary>
    private static Dictionary<IntegrityMethod, string> Generate(string path, long lengthBytes, CancellationToken cancellationToken)
    {
        using var xxh = new ContentHash(IntegrityMethod.Xxh128);
        using var sha = new ContentHash(IntegrityMethod.Sha256);
        var buffer = new byte[ChunkBytes];
        ulong state = Seed;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        for (long written = 0; written < lengthBytes;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = (int)Math.Min(ChunkBytes, lengthBytes - written);
            state = Fill(buffer.AsSpan(0, n), state);
            stream.Write(buffer, 0, n);
            xxh.Append(buffer.AsSpan(0, n));
            sha.Append(buffer.AsSpan(0, n));
            written += n;
        }
        return new() { [IntegrityMethod.Xxh128] = xxh.HexAndReset(), [IntegrityMethod.Sha256] = sha.HexAndReset() };
    }
}
