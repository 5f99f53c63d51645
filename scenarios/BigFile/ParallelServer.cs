using Transports.Abstractions;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// bigfile's server role with <c>-connections N</c> (N ≥ 2): takes the run's connection and accepts the N−1 others from
/// the run's listener (each proved it belongs to the run), then, all at once, download: sends its own copy of the input
/// on each; upload: receives each into its own sink and verifies each (<see cref="ParallelReceiver"/>). Which accepted
/// connection is which flow does not matter: every flow carries the whole file.
/// </summary>
internal static class ParallelServer
{
    public static async Task<ServerReport> ServeAsync(ServerRoleContext context, BigFileSettings settings, CancellationToken cancellationToken)
    {
        var listener = context.Listener ?? throw new ScenarioSetupException("bigfile -connections: this server side offers no listener for the further connections");
        var connections = new List<ITransportConnection> { context.Connection };
        try
        {
            while (connections.Count < settings.Connections)
                connections.Add(await listener.AcceptAsync(cancellationToken).ConfigureAwait(false));
            var caps = context.Connection.Capabilities;
            if (settings.Direction == TransferDirection.Download)
            {
                var input = context.IsWarmup ? await BigFileInputs.WarmupAsync(settings.Input, settings, cancellationToken).ConfigureAwait(false) : settings.Input;
                var sent = await Flows.AllOrAbortAsync(connections, async i =>
                {
                    using var reader = InputReader.Open(input);
                    var receipt = await StreamSender.SendAsync(connections[i], reader, StreamTransfer.ChunkBytes(settings, connections[i]), null, cancellationToken).ConfigureAwait(false);
                    reader.EnsureUnchanged();
                    return receipt;
                }).ConfigureAwait(false);
                return ServerReport.Of(new ParallelServerReport(sent, null, BigFileServerReport.Finite(context.Connection.GetStatistics())));
            }
            long length = context.IsWarmup ? BigFileInputs.WarmupLength(settings, settings.SizeBytes) : settings.SizeBytes;
            var sinks = new List<ReceiveSink>();
            try
            {
                for (int i = 0; i < connections.Count; i++) sinks.Add(BigFileInputs.CreateSink(settings, $"server-{i}", caps, length));
                var receipt = await ParallelReceiver.ReceiveAsync(connections, sinks, context.Progress, cancellationToken).ConfigureAwait(false);
                return ServerReport.Of(new ParallelServerReport(null, receipt, BigFileServerReport.Finite(context.Connection.GetStatistics())));
            }
            finally
            {
                foreach (var sink in sinks) sink.Dispose();
            }
        }
        finally
        {
            foreach (var extra in connections.Skip(1)) await ClientRun.SafeDisposeAsync(extra).ConfigureAwait(false);
        }
    }
}

/// <summary>What bigfile's server role reports with <c>-connections N</c> (JSON); clock readings are the server's.</summary>
/// <param name="Sent">Download: what the server sent on each connection.</param>
/// <param name="Received">Upload: what the server received on each connection and the common interval.</param>
/// <param name="Statistics">The first connection's transport statistics (finite values only).</param>
internal sealed record ParallelServerReport(IReadOnlyList<SendReceipt>? Sent, ParallelReceipt? Received, IReadOnlyDictionary<string, double> Statistics);
