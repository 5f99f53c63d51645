namespace Transports.Scenarios.BigFile;

/// <summary>The file bigfile streams, with the digest the receiver must reproduce.</summary>
/// <param name="Path">Absolute path of the file read by the sender.</param>
/// <param name="LengthBytes">File length in bytes.</param>
/// <param name="HashHex">Lowercase hex digest of the whole file by <paramref name="Method"/>.</param>
/// <param name="Method">XXH128 for the generated test file (by default), SHA-256 for a user's file.</param>
/// <param name="IsGenerated">True for the cached deterministic test file, false for a user's file (-file).</param>
public sealed record BigFileInput(string Path, long LengthBytes, string HashHex, IntegrityMethod Method, bool IsGenerated);
