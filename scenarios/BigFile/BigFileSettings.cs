namespace Transports.Scenarios.BigFile;

/// <summary>Validated bigfile options.</summary>
/// <param name="Sink">"file" or "null".</param>
/// <param name="SinkDirectory">Folder for received files.</param>
/// <param name="RateBitsPerSecond">Pacing rate for unreliable transports, bit/s; 0 = unpaced.</param>
/// <param name="ChunkBytes">Bytes per send on reliable transports (capped by the max message size).</param>
/// <param name="Direction">"upload" (client to server) or "download" (server to client).</param>
/// <param name="WarmupBytes">Bytes moved by a warm-up run (its numbers are discarded).</param>
internal sealed record BigFileSettings(string Sink, string SinkDirectory, double RateBitsPerSecond, int ChunkBytes, string Direction, long WarmupBytes);
