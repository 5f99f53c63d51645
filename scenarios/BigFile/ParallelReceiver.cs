using Transports.Abstractions;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// The receiving side of <c>bigfile -connections N</c> (whichever role receives): one <see cref="StreamReceiver"/> per
/// connection, all at once, each into its own sink, then each sink's digest; per-flow bytes are sampled meanwhile
/// (<see cref="FlowSampler"/>) for the common interval's goodput (<see cref="CommonInterval"/>). The first failure of any
/// flow aborts every connection, so the root cause is reported rather than the hang it would cause.
/// </summary>
internal static class ParallelReceiver
{
    public static async Task<ParallelReceipt> ReceiveAsync(IReadOnlyList<ITransportConnection> connections, IReadOnlyList<ReceiveSink> sinks,
        TransferProgress progress, CancellationToken cancellationToken)
    {
        using var sampler = new FlowSampler(connections.Count);
        sampler.Start();
        var received = await Flows.AllOrAbortAsync(connections,
            i => StreamReceiver.ReceiveAsync(connections[i], sinks[i], progress, sampler.Flow(i), cancellationToken)).ConfigureAwait(false);
        await sampler.StopAsync().ConfigureAwait(false);
        var receipts = new StreamReceipt[connections.Count];
        for (int i = 0; i < receipts.Length; i++)
        {
            var (hash, hashMs) = await StreamReceiver.HashAsync(sinks[i], cancellationToken).ConfigureAwait(false);
            receipts[i] = new StreamReceipt(received[i].Bytes, received[i].FirstByte, received[i].LastByte, hash, hashMs);
        }
        var common = CommonInterval.Of(received.Select(r => (r.FirstByte, r.LastByte)).ToArray(), sampler.Samples);
        return new ParallelReceipt(receipts, common?.StartTicks ?? 0, common?.EndTicks ?? 0, common?.Bytes ?? []);
    }
}

/// <summary>What the receiving side of parallel connections saw, on its own clock.</summary>
/// <param name="Flows">Each connection's receipt (bytes, first and last byte, digest).</param>
/// <param name="CommonStartServerTicks">Start of the common interval (0: the flows never overlapped).</param>
/// <param name="CommonEndServerTicks">End of the common interval.</param>
/// <param name="CommonBytes">Each flow's bytes in the common interval (empty when none).</param>
internal sealed record ParallelReceipt(IReadOnlyList<StreamReceipt> Flows, long CommonStartServerTicks, long CommonEndServerTicks, IReadOnlyList<double> CommonBytes);

/// <summary>Runs one task per parallel connection; the first failure aborts every connection, then surfaces.</summary>
internal static class Flows
{
    public static async Task<T[]> AllOrAbortAsync<T>(IReadOnlyList<ITransportConnection> connections, Func<int, Task<T>> flow)
    {
        var tasks = new Task<T>[connections.Count];
        Exception? first = null;
        for (int i = 0; i < tasks.Length; i++)
        {
            int index = i;
            tasks[i] = Task.Run(async () =>
            {
                try
                {
                    return await flow(index).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref first, e, null);
                    foreach (var c in connections) c.Abort();
                    throw;
                }
            });
        }
        try
        {
            return await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch
        {
            // The first flow to fail is the cause; the others failed because it aborted them.
            if (Volatile.Read(ref first) is { } cause) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(cause);
            throw;
        }
    }
}
