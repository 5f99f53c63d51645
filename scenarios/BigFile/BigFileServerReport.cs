using Transports.Results;

namespace Transports.Scenarios.BigFile;

/// <summary>
/// What bigfile's server role reports to the client role (JSON, <see cref="Core.Serving.ServerReport"/>): the part of
/// the run only the server saw. Upload: the receiver's findings (<see cref="Stream"/> or <see cref="Datagrams"/>) and its
/// goodput timeline; download: what the sender sent (<see cref="Sent"/>). Every clock reading is the server's monotonic
/// clock, in a member named <c>…ServerTicks</c> (0 = none); the client converts it with
/// <see cref="Core.Serving.ServerSession.ToClientTicks"/>.
/// </summary>
/// <param name="Sent">Download: what the server sent.</param>
/// <param name="Stream">Upload over a reliable transport: what the server received and its digest.</param>
/// <param name="Datagrams">Upload over datagrams: what the server received and how it compared.</param>
/// <param name="Statistics">The server connection's transport statistics (finite values only: JSON carries no NaN).</param>
/// <param name="Timeline">Upload: the server's goodput timeline (delivered bytes), elapsed from <paramref name="TimelineStartServerTicks"/>.</param>
/// <param name="TimelineStartServerTicks">Where the server's timeline starts (the accepted connection).</param>
internal sealed record BigFileServerReport(SendReceipt? Sent, StreamReceipt? Stream, DatagramReceipt? Datagrams,
    IReadOnlyDictionary<string, double> Statistics, IReadOnlyList<TimelinePoint> Timeline, long TimelineStartServerTicks)
{
    /// <summary>Statistics JSON can carry (it has no NaN or infinity).</summary>
    public static IReadOnlyDictionary<string, double> Finite(IReadOnlyDictionary<string, double> statistics)
        => statistics.Values.All(double.IsFinite) ? statistics : statistics.Where(p => double.IsFinite(p.Value)).ToDictionary();
}

/// <summary>What a sender sent.</summary>
/// <param name="Bytes">Payload bytes sent.</param>
/// <param name="Datagrams">Datagrams sent (datagram path; 0 for streams).</param>
/// <param name="FirstSendServerTicks">When the sender started sending (its own clock).</param>
internal sealed record SendReceipt(long Bytes, long Datagrams, long FirstSendServerTicks);

/// <summary>What a stream receiver received, and the digest of it.</summary>
/// <param name="Bytes">Bytes received.</param>
/// <param name="FirstByteServerTicks">Arrival of the first byte (0: none arrived), the receiver's clock.</param>
/// <param name="LastByteServerTicks">Arrival of the last byte (0: none arrived), the receiver's clock.</param>
/// <param name="ActualHash">The digest of what arrived (lowercase hex).</param>
/// <param name="HashMs">Time spent hashing after the transfer (file sink), ms.</param>
internal sealed record StreamReceipt(long Bytes, long FirstByteServerTicks, long LastByteServerTicks, string ActualHash, double HashMs);

/// <summary>What a datagram receiver received and how it verified it.</summary>
/// <param name="Delivery">Delivery figures as counted on arrival, without the sender's count (<see cref="DatagramTracker.WithSent"/> completes them).</param>
/// <param name="DeliveredBytes">Distinct payload bytes delivered.</param>
/// <param name="FirstArrivalServerTicks">First datagram's arrival (0: none), the receiver's clock.</param>
/// <param name="LastArrivalServerTicks">Last datagram's arrival (0: none), the receiver's clock.</param>
/// <param name="Check">The null sink's per-datagram comparison, or null (file sink).</param>
/// <param name="ActualHash">File sink, every datagram arrived: the digest of the reassembled file; else null.</param>
/// <param name="SinkLengthBytes">File sink: the received file's length; else null.</param>
internal sealed record DatagramReceipt(Delivery Delivery, long DeliveredBytes, long FirstArrivalServerTicks, long LastArrivalServerTicks,
    PayloadCheckResult? Check, string? ActualHash, long? SinkLengthBytes);

/// <summary>The outcome of a <see cref="PayloadCheck"/>.</summary>
/// <param name="Compared">Datagrams compared.</param>
/// <param name="Mismatched">Datagrams that differed from the input.</param>
/// <param name="FirstMismatch">Sequence number of the first that differed, or -1.</param>
internal sealed record PayloadCheckResult(long Compared, long Mismatched, long FirstMismatch);
