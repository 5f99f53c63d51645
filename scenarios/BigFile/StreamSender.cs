using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>bigfile's sending side over a reliable transport (whichever role sends).</summary>
internal static class StreamSender
{
    /// <summary>
    /// Sends the file chunk by chunk (<see cref="InputReader.Chunk"/>: pread into a pooled buffer for <c>-file</c>, a
    /// mapped window of the generated test file), then completes the send side.
    /// </summary>
    /// <param name="sender">The sending connection.</param>
    /// <param name="source">The input.</param>
    /// <param name="chunk">Bytes per send.</param>
    /// <param name="sentProgress">Counts sent bytes when the receiver's progress is out of sight (a server elsewhere); else null.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    public static async Task<SendReceipt> SendAsync(ITransportConnection sender, InputReader source, int chunk, TransferProgress? sentProgress, CancellationToken cancellationToken)
    {
        long firstSend = MonotonicClock.NowTicks();
        for (long offset = 0; offset < source.Length;)
        {
            var slice = source.Chunk(offset, chunk);
            await sender.SendAsync(slice, cancellationToken).ConfigureAwait(false);
            offset += slice.Length;
            sentProgress?.Add(slice.Length);
        }
        await sender.CompleteSendAsync(cancellationToken).ConfigureAwait(false);
        return new SendReceipt(source.Length, 0, firstSend);
    }
}
