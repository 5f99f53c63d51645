namespace Transports.Scenarios.BigFile;

/// <summary>The file bigfile streams, with the SHA-256 the receiver must reproduce.</summary>
/// <param name="Path">Absolute path of the file read by the sender.</param>
/// <param name="LengthBytes">File length in bytes.</param>
/// <param name="Sha256Hex">Lowercase hex SHA-256 (FIPS 180-4) of the whole file.</param>
/// <param name="IsGenerated">True for the cached deterministic test file, false for a user's file (-file).</param>
public sealed record BigFileInput(string Path, long LengthBytes, string Sha256Hex, bool IsGenerated);
