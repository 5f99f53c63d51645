using System.IO.Hashing;
using System.Security.Cryptography;
using Transports.Harness.Catalog;
using Transports.Results;
using Transports.Scenarios.BigFile;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.BigFile;

/// <summary>
/// The generated test file is verified with XXH128 (off the hot path), a user's file with SHA-256, each digest checked
/// against an independent computation of the same bytes; a cached test file changed in place is regenerated.
/// </summary>
public sealed class IntegrityMethodTests
{
    private static readonly string Cache = TempDirectory.Cache;

    [Fact]
    public async Task Generated_file_is_verified_with_xxh128_and_sha256_on_request()
    {
        using var dir = new TempDirectory();
        var tcp = TransportCatalog.Find("tcp")!;
        var auto = await RunnerHarness.RunAsync("bigfile", [tcp], Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["size"] = "3M", ["sink"] = "null" });
        var m = Assert.Single(Assert.Single(auto.Document.Transports).Repeats);
        var file = auto.Document.Run.Parameters["file"]!.GetValue<string>();
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.Equal(3 << 20, bytes.Length);
        Assert.Equal(("xxh128", true), (m.Integrity!.Method, m.Integrity.Verified));
        Assert.Equal(Convert.ToHexStringLower(XxHash128.Hash(bytes)), m.Integrity.ActualHash);
        Assert.Equal(m.Integrity.ExpectedHash, m.Integrity.ActualHash);
        Assert.Equal("xxh128", auto.Document.Run.Parameters["hash_method"]!.GetValue<string>());

        var sha = await RunnerHarness.RunAsync("bigfile", [tcp], Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["size"] = "3M", ["sink"] = "file", ["sink-dir"] = dir.Path, ["integrity"] = "sha256" });
        var s = Assert.Single(Assert.Single(sha.Document.Transports).Repeats).Integrity!;
        Assert.Equal(("sha256", true), (s.Method, s.Verified));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), s.ActualHash);
    }

    [Fact]
    public async Task A_cached_test_file_changed_in_place_is_regenerated_not_trusted()
    {
        Environment.SetEnvironmentVariable("TRANSPORTS_CACHE", Cache);
        const long size = (1 << 20) + 3;
        var first = await TestFileCache.GetAsync(size, IntegrityMethod.Xxh128, null, CancellationToken.None);
        var original = await File.ReadAllBytesAsync(first.Path);
        // Flip one byte in place: same length, same sidecar, different content.
        await using (var f = new FileStream(first.Path, FileMode.Open, FileAccess.ReadWrite)) { f.Position = 4096; f.WriteByte((byte)(original[4096] ^ 0xFF)); }
        string? regenerated = null;
        var second = await TestFileCache.GetAsync(size, IntegrityMethod.Xxh128, p => regenerated = p, CancellationToken.None);
        Assert.Equal(first.Path, regenerated);
        Assert.Equal(original, await File.ReadAllBytesAsync(second.Path));
        Assert.Equal(first.HashHex, second.HashHex);
        // Unchanged, it is reused without regenerating.
        regenerated = null;
        var third = await TestFileCache.GetAsync(size, IntegrityMethod.Sha256, p => regenerated = p, CancellationToken.None);
        Assert.Null(regenerated);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(original)), third.HashHex);
    }

    [Fact]
    public void Content_hash_matches_the_reference_implementations_in_pieces()
    {
        var data = Payloads.Random(100_003, 5);
        foreach (var (method, reference) in new[] { (IntegrityMethod.Xxh128, XxHash128.Hash(data)), (IntegrityMethod.Sha256, SHA256.HashData(data)) })
        {
            using var hash = new ContentHash(method);
            for (int offset = 0; offset < data.Length; offset += 4093) hash.Append(data.AsSpan(offset, Math.Min(4093, data.Length - offset)));
            Assert.Equal(Convert.ToHexStringLower(reference), hash.HexAndReset());
            Assert.Equal(Convert.ToHexStringLower(method == IntegrityMethod.Xxh128 ? XxHash128.Hash([]) : SHA256.HashData([])), hash.HexAndReset()); // reset
        }
    }
}
