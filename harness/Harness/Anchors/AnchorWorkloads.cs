using Transports.Abstractions;

namespace Transports.Harness.Anchors;

/// <summary>
/// The transports the reference tools speak, as capabilities: what a transport must be, exactly, for a tool's number to
/// be its like-for-like anchor. Matching the whole feature set keeps an encrypted or multiplexed stream (quic, grpc)
/// away from iperf3's plain TCP, and encrypted datagrams (quic-dgram) away from sockperf's plain UDP.
/// </summary>
public static class AnchorWorkloads
{
    /// <summary>Plain TCP: a reliable, ordered byte stream with orderly close, no message boundaries, no encryption.</summary>
    public const TransportFeatures PlainReliableStream = TransportFeatures.Reliable | TransportFeatures.Ordered | TransportFeatures.OrderlyClose;

    /// <summary>Plaintext reliable ordered messages with an orderly close: grpc over h2c (and ws): what h2load's HTTP/2 requests are compared with.</summary>
    public const TransportFeatures PlainReliableMessages = TransportFeatures.Reliable | TransportFeatures.Ordered | TransportFeatures.MessageBoundaries | TransportFeatures.OrderlyClose;

    /// <summary>Plain UDP: unreliable datagrams with message boundaries, no encryption.</summary>
    public const TransportFeatures PlainDatagrams = TransportFeatures.Datagrams | TransportFeatures.MessageBoundaries;

    /// <summary>The feature names recorded in results (<c>TransportResult.Features</c>) for <paramref name="features"/>.</summary>
    /// <param name="features">A feature set.</param>
    public static IReadOnlyList<string> Names(TransportFeatures features) => Running.TransportRunner.FeatureNames(features);
}
