using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// bigfile's sending side over an unreliable datagram transport (whichever role sends): the file cut into datagrams of
/// the transport's maximum size, each with a <see cref="DatagramHeader"/>, paced at the target rate (in bursts of
/// <see cref="DatagramBurst"/> when the transport sends many datagrams per call, <see cref="IDatagramBatchSender"/>),
/// then the end marker.
/// </summary>
internal static class DatagramSender
{
    /// <summary>Datagram size on <paramref name="connection"/>, and its payload after the header.</summary>
    /// <exception cref="ScenarioSetupException">The datagrams are too small for the header.</exception>
    public static (int DatagramBytes, int PayloadBytes) Sizes(ITransportConnection connection)
    {
        int datagramBytes = connection.Capabilities.MaxMessageSizeBytes ?? 1472;
        int payloadBytes = datagramBytes - DatagramHeader.Size;
        if (payloadBytes <= 0)
            throw new ScenarioSetupException($"the transport's datagrams ({datagramBytes} B) are too small for the {DatagramHeader.Size}-byte header");
        return (datagramBytes, payloadBytes);
    }

    /// <summary>Sends the file, then the end marker.</summary>
    /// <param name="sender">The sending connection.</param>
    /// <param name="source">The input.</param>
    /// <param name="rateBitsPerSecond">Target payload rate; 0 = unpaced.</param>
    /// <param name="sentProgress">Counts sent payload bytes when the receiver's progress is out of sight; else null.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    public static async Task<SendReceipt> SendAsync(ITransportConnection sender, InputReader source, double rateBitsPerSecond,
        TransferProgress? sentProgress, CancellationToken cancellationToken)
    {
        long firstSend = MonotonicClock.NowTicks();
        var (datagramBytes, payloadBytes) = Sizes(sender);
        // A transport that sends many datagrams in one call gets them in bursts, paced per burst (DatagramBurst).
        var batch = sender as IDatagramBatchSender;
        int burst = batch is null ? 1 : DatagramBurst.Datagrams(datagramBytes, rateBitsPerSecond);
        var datagrams = GC.AllocateUninitializedArray<byte>(burst * datagramBytes, pinned: true);
        var schedule = new ByteRateSchedule(rateBitsPerSecond);
        using var pacer = new SendPacer();
        long offset = 0, sequence = 0, bytes = 0;
        while (offset < source.Length)
        {
            int count = 0, used = 0, burstPayload = 0;
            while (count < burst && offset + burstPayload < source.Length)
            {
                // full but the last; a truncated file fails here
                int n = source.Read(datagrams.AsSpan(used + DatagramHeader.Size, payloadBytes), offset + burstPayload);
                used += DatagramHeader.Size + n;
                burstPayload += n;
                count++;
            }
            if (schedule.IsPaced)
                await pacer.WaitUntilAsync(schedule.NextDue(MonotonicClock.NowTicks(), used), cancellationToken).ConfigureAwait(false);
            long now = MonotonicClock.NowTicks();
            for (int i = 0; i < count; i++)
                DatagramHeader.Write(datagrams.AsSpan(i * datagramBytes), (ulong)(sequence + i), now, (ulong)(offset + (long)i * payloadBytes));
            if (batch is not null) await batch.SendBatchAsync(datagrams.AsMemory(0, used), datagramBytes, cancellationToken).ConfigureAwait(false);
            else await sender.SendAsync(datagrams.AsMemory(0, used), cancellationToken).ConfigureAwait(false);
            offset += burstPayload;
            bytes += burstPayload;
            sequence += count;
            sentProgress?.Add(burstPayload);
        }
        var datagram = datagrams.AsMemory(0, datagramBytes);
        // The end marker carries the count; sent several times since any datagram can be lost. After the first one
        // the receiver may already have everything and have closed its side (a cancelled QUIC receive closes the
        // connection), so a later marker that cannot be sent ends the repeats instead of failing the transfer.
        for (int i = 0; i < 5; i++)
        {
            DatagramHeader.Write(datagram.Span, DatagramHeader.EndMarker, MonotonicClock.NowTicks(), (ulong)sequence);
            try
            {
                await sender.SendAsync(datagram[..DatagramHeader.Size], cancellationToken).ConfigureAwait(false);
            }
            catch (TransportException) when (i > 0)
            {
                break;
            }
            await Task.Delay(10, cancellationToken).ConfigureAwait(false);
        }
        return new SendReceipt(bytes, sequence, firstSend);
    }
}
