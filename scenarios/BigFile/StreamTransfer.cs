using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using Transports.Abstractions;
using Transports.Metrics;
using Transports.Metrics.Results;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// Bigfile over a reliable transport: the sender reads the file in chunks and sends them; the receiver writes them
/// to the sink; then SHA-256 of what arrived is compared with the file's.
/// <para>Verification: with a file sink the received file is hashed after the last byte (reported in total time,
/// not in the goodput interval); with the null sink the receiver hashes inline, so goodput includes hashing.</para>
/// </summary>
internal static class StreamTransfer
{
    public static async Task<Measurement> RunAsync(Transfer t, CancellationToken cancellationToken)
    {
        var (pair, sender, receiver, input, settings, sink, context) = (t.Pair, t.Sender, t.Receiver, t.Input, t.Settings, t.Sink, t.Context);
        int chunk = Math.Min(settings.ChunkBytes, sender.Capabilities.MaxMessageSizeBytes ?? int.MaxValue);
        int receiveBuffer = Math.Max(settings.ChunkBytes, receiver.Capabilities.MaxMessageSizeBytes ?? 0);
        using var inlineHash = sink.IsNull ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        long firstSend = Stopwatch.GetTimestamp();
        var (sent, (received, firstByte, lastByte)) = await SendReceive.RunAsync(
            ct => SendFileAsync(sender, input.Path, chunk, ct),
            ct => ReceiveAsync(receiver, sink, inlineHash, receiveBuffer, context.Progress, ct),
            onFailure: () => { sender.Abort(); receiver.Abort(); },
            cancellationToken).ConfigureAwait(false);
        var (points, costResult) = await t.Meters.StopAsync(received).ConfigureAwait(false);

        context.Progress.Phase = "verifying";
        long verifyStart = Stopwatch.GetTimestamp();
        string actual;
        if (inlineHash is not null) actual = Convert.ToHexStringLower(inlineHash.GetHashAndReset());
        else
        {
            sink.Close();
            actual = await TestFileCache.HashFileAsync(sink.Path!, cancellationToken).ConfigureAwait(false);
        }
        long end = Stopwatch.GetTimestamp();
        bool verified = received == input.LengthBytes && actual == input.Sha256Hex;
        if (!verified)
            throw new IntegrityException($"integrity check failed: received {received} of {input.LengthBytes} bytes, SHA-256 {actual[..16]}… expected {input.Sha256Hex[..16]}…");

        double transferSeconds = Stopwatch.GetElapsedTime(firstSend, received == 0 ? Stopwatch.GetTimestamp() : lastByte).TotalSeconds;
        return new Measurement
        {
            Throughput = Rates.Throughput(sent, received, transferSeconds,
                ttfbMs: received == 0 ? 0 : Stopwatch.GetElapsedTime(pair.ConnectStartTimestamp, firstByte).TotalMilliseconds,
                totalMs: Stopwatch.GetElapsedTime(pair.ConnectStartTimestamp, end).TotalMilliseconds),
            Integrity = new Integrity
            {
                Method = "sha256",
                ExpectedSha256 = input.Sha256Hex,
                ActualSha256 = actual,
                Verified = true,
                Detail = sink.IsNull ? "hashed inline (null sink)" : $"hashed after transfer in {Stopwatch.GetElapsedTime(verifyStart, end).TotalMilliseconds:0} ms",
            },
            Cost = costResult,
            Timeline = points,
            TransportStatistics = receiver.GetStatistics(),
        };
    }

    private static async Task<long> SendFileAsync(ITransportConnection sender, string path, int chunk, CancellationToken cancellationToken)
    {
        using SafeFileHandle file = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.SequentialScan);
        var buffer = GC.AllocateUninitializedArray<byte>(chunk, pinned: true);
        long offset = 0;
        while (true)
        {
            int n = RandomAccess.Read(file, buffer, offset);
            if (n == 0) break;
            await sender.SendAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            offset += n;
        }
        await sender.CompleteSendAsync(cancellationToken).ConfigureAwait(false);
        return offset;
    }

    private static async Task<(long Bytes, long FirstByte, long LastByte)> ReceiveAsync(ITransportConnection receiver, ReceiveSink sink,
        IncrementalHash? inlineHash, int bufferBytes, TransferProgress progress, CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(bufferBytes, pinned: true);
        long total = 0, first = 0, last = 0;
        while (true)
        {
            var r = await receiver.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (r.IsCompleted) return (total, first, last);
            if (r.Count == 0) continue;
            last = Stopwatch.GetTimestamp();
            if (total == 0) first = last;
            var data = buffer.AsSpan(0, r.Count);
            sink.Write(data, total);
            inlineHash?.AppendData(data);
            total += r.Count;
            progress.Add(r.Count);
        }
    }
}
