using System.IO.Hashing;
using System.Security.Cryptography;

namespace Transports.Scenarios.BigFile;

/// <summary>How bigfile verifies the bytes end to end.</summary>
public enum IntegrityMethod
{
    /// <summary>
    /// XXH128 (Yann Collet's xxHash, 128-bit; System.IO.Hashing): a non-cryptographic hash fast enough to stay off the
    /// hot path (several GB/s per core against SHA-256's ~1.5). Used for the generated test file, whose content the
    /// harness chose: it detects corruption, truncation and reordering, not an adversary.
    /// </summary>
    Xxh128,

    /// <summary>SHA-256 (FIPS 180-4): for a user's file (<c>-file</c>), so the digest compares with <c>sha256sum</c>.</summary>
    Sha256,
}

/// <summary>An incremental hash of a byte stream by <see cref="IntegrityMethod"/>; lowercase hex out.</summary>
public sealed class ContentHash : IDisposable
{
    private readonly XxHash128? _xxh;
    private readonly IncrementalHash? _sha;

    /// <summary>A new, empty hash.</summary>
    /// <param name="method">The algorithm.</param>
    public ContentHash(IntegrityMethod method)
    {
        Method = method;
        if (method == IntegrityMethod.Xxh128) _xxh = new XxHash128();
        else _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    }

    /// <summary>The algorithm.</summary>
    public IntegrityMethod Method { get; }

    /// <summary>The name results record: "xxh128" or "sha256".</summary>
    public static string NameOf(IntegrityMethod method) => method == IntegrityMethod.Xxh128 ? "xxh128" : "sha256";

    /// <summary>Adds <paramref name="data"/> to the hash.</summary>
    /// <param name="data">The next bytes of the stream.</param>
    public void Append(ReadOnlySpan<byte> data)
    {
        if (_xxh is not null) _xxh.Append(data);
        else _sha!.AppendData(data);
    }

    /// <summary>The digest of everything appended, lowercase hex (32 hex digits for XXH128, 64 for SHA-256); resets the hash.</summary>
    public string HexAndReset()
    {
        if (_xxh is not null)
        {
            var hex = Convert.ToHexStringLower(_xxh.GetCurrentHash());
            _xxh.Reset();
            return hex;
        }
        return Convert.ToHexStringLower(_sha!.GetHashAndReset());
    }

    /// <summary>The digest of a whole file, read in 1 MiB chunks.</summary>
    /// <param name="path">The file.</param>
    /// <param name="method">The algorithm.</param>
    /// <param name="cancellationToken">Cancels hashing.</param>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static async Task<string> OfFileAsync(string path, IntegrityMethod method, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        using var hash = new ContentHash(method);
        var buffer = GC.AllocateUninitializedArray<byte>(1 << 20);
        int n;
        while ((n = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0) hash.Append(buffer.AsSpan(0, n));
        return hash.HexAndReset();
    }

    /// <inheritdoc />
    public void Dispose() => _sha?.Dispose();
}
