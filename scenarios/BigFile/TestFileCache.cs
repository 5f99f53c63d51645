using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// The deterministic test file: <c>size</c> bytes of xorshift64* output (Vigna 2016, seed fixed), so every machine
/// and every run streams the same incompressible bytes. Generated once into the cache folder
/// (<c>$XDG_CACHE_HOME/transports</c> or <c>~/.cache/transports</c>, override with TRANSPORTS_CACHE), with its
/// SHA-256 in a sidecar file so later runs neither regenerate nor rehash it.
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

    /// <summary>Returns the cached test file of <paramref name="lengthBytes"/>, generating it first if needed.</summary>
    /// <param name="lengthBytes">File size in bytes (0 allowed).</param>
    /// <param name="onGenerating">Called with the path before a (slow) generation starts, for a user message.</param>
    /// <param name="cancellationToken">Cancels generation (the partial file is removed).</param>
    /// <exception cref="IOException">The cache folder is not writable or the disk is full.</exception>
    public static async Task<BigFileInput> GetAsync(long lengthBytes, Action<string>? onGenerating, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        var path = Path.Combine(Directory, $"testfile-{lengthBytes}.bin");
        var shaPath = path + ".sha256";
        if (File.Exists(path) && File.Exists(shaPath) && new FileInfo(path).Length == lengthBytes)
        {
            var cached = (await File.ReadAllTextAsync(shaPath, cancellationToken).ConfigureAwait(false)).Trim();
            if (cached.Length == 64) return new BigFileInput(path, lengthBytes, cached, IsGenerated: true);
        }
        onGenerating?.Invoke(path);
        var temp = path + $".{Environment.ProcessId}.tmp";
        try
        {
            string sha = await Task.Run(() => Generate(temp, lengthBytes, cancellationToken), cancellationToken).ConfigureAwait(false);
            File.Move(temp, path, overwrite: true);
            await File.WriteAllTextAsync(shaPath, sha + "\n", cancellationToken).ConfigureAwait(false);
            return new BigFileInput(path, lengthBytes, sha, IsGenerated: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
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

    private static string Generate(string path, long lengthBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[ChunkBytes];
        ulong state = Seed;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        for (long written = 0; written < lengthBytes;)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int n = (int)Math.Min(ChunkBytes, lengthBytes - written);
            state = Fill(buffer.AsSpan(0, n), state);
            stream.Write(buffer, 0, n);
            hash.AppendData(buffer, 0, n);
            written += n;
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>SHA-256 of a file, lowercase hex, read in 1 MiB chunks.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1 << 20, FileOptions.SequentialScan);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }
}
