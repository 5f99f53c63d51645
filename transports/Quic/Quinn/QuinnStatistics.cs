namespace Transports.Quic.Quinn;

/// <summary>quinn's connection statistics as the abstraction's snake_case, unit-suffixed dictionary.</summary>
internal static class QuinnStatistics
{
    /// <summary>Reads the statistics of <paramref name="connection"/>; empty when it is closed.</summary>
    public static IReadOnlyDictionary<string, double> Read(ConnectionHandle connection)
    {
        QuinnStats s;
        try
        {
            if (QuinnNative.tq_conn_stats(connection, out s) != QuinnErrors.Ok) return new Dictionary<string, double>();
        }
        catch (ObjectDisposedException)
        {
            return new Dictionary<string, double>();
        }
        return new Dictionary<string, double>
        {
            ["rtt_us"] = s.RttUs,
            ["cwnd_bytes"] = s.CwndBytes,
            ["congestion_events"] = s.CongestionEvents,
            ["lost_packets"] = s.LostPackets,
            ["lost_bytes"] = s.LostBytes,
            ["sent_packets"] = s.SentPackets,
            ["udp_tx_bytes"] = s.UdpTxBytes,
            ["udp_rx_bytes"] = s.UdpRxBytes,
            ["udp_tx_datagrams"] = s.UdpTxDatagrams,
            ["udp_rx_datagrams"] = s.UdpRxDatagrams,
            ["max_datagram_payload_bytes"] = s.MaxDatagramPayloadBytes,
        };
    }
}
