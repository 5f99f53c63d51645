using Transports.Abstractions;

namespace Transports.Scenarios.HeadOfLine;

/// <summary>How hol's flows are carried by a transport; decided by its capabilities, never its name.</summary>
public enum FlowMapping
{
    /// <summary>Reliable, not multiplexed (tcp, ws, grpc): every flow interleaved on the connection's one stream.</summary>
    OneOrderedStream,
    /// <summary>Reliable with multiplexed streams (quic): the connection's first stream is flow 0, one more stream per flow.</summary>
    StreamPerFlow,
    /// <summary>Unreliable with message boundaries (udp, quic-dgram): one datagram per message; loss is a result.</summary>
    DatagramPerMessage,
}

/// <summary>The choice of <see cref="FlowMapping"/> and its recorded names.</summary>
public static class FlowMappings
{
    /// <summary>The mapping for <paramref name="capabilities"/>, or null when hol cannot run over it (unreliable byte stream).</summary>
    /// <param name="capabilities">The transport's capabilities.</param>
    public static FlowMapping? For(TransportCapabilities capabilities)
        => capabilities.IsReliable
            ? capabilities.HasMultiplexedStreams ? FlowMapping.StreamPerFlow : FlowMapping.OneOrderedStream
            : capabilities.HasMessageBoundaries ? FlowMapping.DatagramPerMessage : null;

    /// <summary>The name results.json records (<c>one_ordered_stream</c>, <c>stream_per_flow</c>, <c>datagram_per_message</c>).</summary>
    /// <param name="mapping">The mapping.</param>
    public static string Id(this FlowMapping mapping) => mapping switch
    {
        FlowMapping.OneOrderedStream => "one_ordered_stream",
        FlowMapping.StreamPerFlow => "stream_per_flow",
        _ => "datagram_per_message",
    };
}
