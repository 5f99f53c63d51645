using System.IO.Hashing;
using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.PingPong;

/// <summary>
/// The bulk flows of <c>pingpong -under-load N</c>, client side: N new connections of the run's transport to the same
/// server side (the same path as the round trips), each sending a seeded pseudo-random payload as fast as the transport
/// takes it until told to stop, then an orderly close. Each flow digests what it sent (XXH128) so the server's digest of
/// what arrived verifies every byte.
/// </summary>
internal static class LoadFlows
{
    /// <summary>Bytes per send (capped by the transport's largest message).</summary>
    public const int ChunkBytes = 256 << 10;

    /// <summary>
    /// Waits until the idle phase is over, opens the flows and sends until <paramref name="stop"/>; returns what each
    /// sent. The first failure aborts every flow and surfaces.
    /// </summary>
    public static async Task<IReadOnlyList<LoadFlowSent>> RunAsync(ClientRun run, ITransport transport, int flows, LoadPhases phases,
        CancellationToken stop, CancellationToken cancellationToken)
    {
        await phases.Started.WaitAsync(cancellationToken).ConfigureAwait(false);
        var wait = MonotonicClock.TicksToMilliseconds(phases.IdleEndTicks - MonotonicClock.NowTicks());
        if (wait > 0) await Task.Delay(TimeSpan.FromMilliseconds(wait), cancellationToken).ConfigureAwait(false);
        var connections = new List<ITransportConnection>();
        try
        {
            for (int i = 0; i < flows; i++)
                connections.Add(await transport.ConnectAsync(run.Server.EndPoint, new ConnectOptions(StreamDirection.ClientToServer) { NewConnection = true }, cancellationToken).ConfigureAwait(false));
            var payload = new byte[Math.Min(ChunkBytes, transport.Capabilities.MaxMessageSizeBytes ?? ChunkBytes)];
            new Random(15).NextBytes(payload);
            var tasks = connections.Select(c => Task.Run(() => SendAsync(c, payload, stop, cancellationToken))).ToArray();
            try
            {
                return await Task.WhenAll(tasks).ConfigureAwait(false);
            }
            catch
            {
                foreach (var c in connections) c.Abort();
                throw;
            }
        }
        finally
        {
            foreach (var c in connections) await ClientRun.SafeDisposeAsync(c).ConfigureAwait(false);
        }
    }

    private static async Task<LoadFlowSent> SendAsync(ITransportConnection connection, byte[] payload, CancellationToken stop, CancellationToken cancellationToken)
    {
        var hash = new XxHash128();
        long bytes = 0;
        while (!stop.IsCancellationRequested)
        {
            await connection.SendAsync(payload, cancellationToken).ConfigureAwait(false);
            hash.Append(payload);
            bytes += payload.Length;
        }
        await connection.CompleteSendAsync(cancellationToken).ConfigureAwait(false);
        return new LoadFlowSent(bytes, Convert.ToHexStringLower(hash.GetCurrentHash()));
    }
}

/// <summary>What one bulk flow sent.</summary>
/// <param name="Bytes">Payload bytes sent.</param>
/// <param name="Hash">XXH128 of them, lowercase hex.</param>
internal sealed record LoadFlowSent(long Bytes, string Hash);
