using System.IO.Hashing;
using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.PingPong;

/// <summary>
/// The bulk flows of <c>pingpong -under-load N</c>, server side: accepts the N further connections of the run from its
/// listener (the round-trip connection is the role's first, proven by the idle phase's responses before any bulk flow
/// connects) and drains each to its orderly close, digesting what arrived (XXH128) and when.
/// </summary>
internal static class LoadSink
{
    public static async Task<IReadOnlyList<LoadFlowReceived>> DrainAsync(ITransportListener listener, int flows, CancellationToken cancellationToken)
    {
        var drains = new List<Task<LoadFlowReceived>>();
        var accepted = new List<ITransportConnection>();
        try
        {
            for (int i = 0; i < flows; i++)
            {
                var connection = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
                accepted.Add(connection);
                drains.Add(Task.Run(() => DrainOneAsync(connection, cancellationToken)));
            }
            return await Task.WhenAll(drains).ConfigureAwait(false);
        }
        finally
        {
            foreach (var c in accepted) await ClientRun.SafeDisposeAsync(c).ConfigureAwait(false);
        }
    }

    private static async Task<LoadFlowReceived> DrainOneAsync(ITransportConnection connection, CancellationToken cancellationToken)
    {
        var hash = new XxHash128();
        var buffer = new byte[Math.Max(LoadFlows.ChunkBytes, connection.Capabilities.MaxMessageSizeBytes ?? 0)];
        long bytes = 0, first = 0, last = 0;
        while (true)
        {
            var r = await connection.ReceiveAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (r.IsCompleted) break;
            if (r.Count == 0) continue;
            last = MonotonicClock.NowTicks();
            if (first == 0) first = last;
            hash.Append(buffer.AsSpan(0, r.Count));
            bytes += r.Count;
        }
        return new LoadFlowReceived(bytes, Convert.ToHexStringLower(hash.GetCurrentHash()), first, last);
    }
}

/// <summary>What one bulk flow delivered, the server's clock.</summary>
/// <param name="Bytes">Payload bytes received.</param>
/// <param name="Hash">XXH128 of them, lowercase hex.</param>
/// <param name="FirstByteServerTicks">First byte's arrival (0: none).</param>
/// <param name="LastByteServerTicks">Last byte's arrival (0: none).</param>
internal sealed record LoadFlowReceived(long Bytes, string Hash, long FirstByteServerTicks, long LastByteServerTicks);

/// <summary>pingpong's server report with <c>-under-load</c> (JSON): each bulk flow as received.</summary>
/// <param name="Flows">The bulk flows, in accept order.</param>
internal sealed record LoadReport(IReadOnlyList<LoadFlowReceived> Flows);
