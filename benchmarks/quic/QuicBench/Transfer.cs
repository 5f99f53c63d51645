using System.Diagnostics;
using System.Net;
using Transports.Abstractions;

namespace Transports.Benchmarks.Quic;

/// <summary>One verified server-to-client transfer.</summary>
internal static class Transfer
{
    /// <summary>Connects, sends <paramref name="sizeBytes"/> in <paramref name="chunkBytes"/> writes, verifies every byte.</summary>
    /// <returns>Wall seconds from first send to last byte received, process CPU seconds in that span, client statistics.</returns>
    public static async Task<(double Seconds, double CpuSeconds, string Statistics)> RunAsync(ITransport transport, Pattern pattern, long sizeBytes, int chunkBytes)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var ct = timeout.Token;
        await using var listener = await transport.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), ct);
        var accept = listener.AcceptAsync(ct).AsTask();
        await using var client = await transport.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ServerToClient), ct);
        await using var server = await accept;

        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var receive = Task.Run(() => ReceiveAndVerifyAsync(client, pattern, ct), ct);
        var send = Task.Run(() => SendAsync(server, pattern, sizeBytes, chunkBytes, ct), ct);
        long received = await receive;
        clock.Stop();
        await send;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        if (received != sizeBytes) throw new InvalidDataException($"received {received} of {sizeBytes} bytes: not a result");
        var stats = client.GetStatistics();
        var text = string.Join(" ", new[] { "rtt_us", "cwnd_bytes", "lost_packets" }.Where(stats.ContainsKey).Select(k => $"{k}={stats[k]:F0}"));
        return (clock.Elapsed.TotalSeconds, cpu, text);
    }

    private static async Task SendAsync(ITransportConnection connection, Pattern pattern, long sizeBytes, int chunkBytes, CancellationToken ct)
    {
        long offset = 0;
        while (offset < sizeBytes)
        {
            int n = (int)Math.Min(chunkBytes, sizeBytes - offset);
            await connection.SendAsync(pattern.Slice(offset, n), ct);
            offset += n;
        }
        await connection.CompleteSendAsync(ct);
    }

    private static async Task<long> ReceiveAndVerifyAsync(ITransportConnection connection, Pattern pattern, CancellationToken ct)
    {
        var buffer = new byte[1 << 20];
        long total = 0;
        while (true)
        {
            var r = await connection.ReceiveAsync(buffer, ct);
            if (r.IsCompleted) return total;
            if (!pattern.Matches(total, buffer.AsSpan(0, r.Count)))
                throw new InvalidDataException($"corrupted data at offset {total}: not a result");
            total += r.Count;
        }
    }
}
