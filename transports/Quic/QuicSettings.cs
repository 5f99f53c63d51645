namespace Transports.Quic;

/// <summary>The settings dictionary recorded in results for a quic or quic-dgram transport.</summary>
internal static class QuicSettings
{
    /// <summary>Backend, its version, congestion controller and the sizes in effect.</summary>
    public static IReadOnlyDictionary<string, string> Describe(string backend, string backendVersion, QuicTransportOptions o, bool datagrams)
    {
        var settings = new Dictionary<string, string>
        {
            ["backend"] = backend,
            ["backend_version"] = backendVersion,
            ["congestion_controller"] = o.CongestionControl.ToString().ToLowerInvariant(),
            ["alpn"] = QuicTransportOptions.Alpn,
            ["tls_server_cert_pinned"] = "true", // every client accepts only the run's certificate (docs/QUIC.md)
            ["udp_payload_bytes"] = o.UdpPayloadBytes.ToString(),
            ["socket_buffer_bytes"] = o.SocketBufferBytes == 0 ? "auto" : o.SocketBufferBytes.ToString(),
            ["idle_timeout_ms"] = o.IdleTimeoutMs.ToString(),
        };
        if (datagrams)
        {
            settings["max_datagram_payload_bytes"] = o.MaxDatagramPayloadBytes.ToString();
            settings["datagram_queue_bytes"] = o.DatagramQueueBytes.ToString();
        }
        else
        {
            settings["stream_window_bytes"] = o.StreamWindowBytes.ToString();
            settings["connection_window_bytes"] = o.ConnectionWindowBytes.ToString();
        }
        return settings;
    }
}
