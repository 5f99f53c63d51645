namespace Transports.Advice.Candidates;

/// <summary>
/// Facts about a transport's wire protocol that its capabilities do not state, because no scenario needs them: what it
/// is carried in and whether a web page can speak it. A table by transport name, each row with its source
/// (docs/ADVISOR.md): the advisor's only knowledge of names.
/// </summary>
/// <param name="Protocol">The protocol stack, e.g. "QUIC (RFC 9000) over UDP".</param>
/// <param name="CarriedInUdp">True when its packets are UDP datagrams, so a network that blocks UDP blocks it.</param>
/// <param name="BrowserReachable">True when a web page can open it with a browser API.</param>
/// <param name="BrowserNote">Why a browser can or cannot speak it, one clause.</param>
public sealed record WireFacts(string Protocol, bool CarriedInUdp, bool BrowserReachable, string BrowserNote)
{
    private static readonly Dictionary<string, WireFacts> Known = new(StringComparer.OrdinalIgnoreCase)
    {
        ["udp"] = new("UDP (RFC 768)", true, false, "browsers give web pages no raw UDP sockets"),
        ["tcp"] = new("TCP (RFC 9293)", false, false, "browsers give web pages no raw TCP sockets"),
        ["tcp-tls"] = new("TLS 1.3 (RFC 8446) over TCP", false, false, "browsers give web pages no raw TLS sockets"),
        ["ws"] = new("WebSocket (RFC 6455) over TCP", false, true, "the browser WebSocket API speaks RFC 6455"),
        ["wss"] = new("WebSocket (RFC 6455) over TLS 1.3 over TCP", false, true, "the browser WebSocket API speaks RFC 6455 over TLS"),
        ["grpc"] = new("gRPC over HTTP/2 (RFC 9113) over TCP", false, false,
            "browsers cannot read HTTP/2 trailers from fetch, so browser gRPC needs gRPC-Web through a proxy, and this grpc is not gRPC-Web"),
        ["quic"] = new("QUIC streams (RFC 9000) over UDP", true, false,
            "browsers reach QUIC only as HTTP/3 or WebTransport, and this quic is raw QUIC streams with its own ALPN"),
        ["quic-dgram"] = new("QUIC DATAGRAM frames (RFC 9221) over UDP", true, false,
            "browsers reach QUIC datagrams only through WebTransport, which this quic-dgram is not"),
    };

    /// <summary>The facts of <paramref name="name"/>; an unknown transport is taken as carried in UDP when it has datagrams and as
    /// unreachable from browsers (the cautious reading).</summary>
    /// <param name="name">Transport name.</param>
    /// <param name="hasDatagrams">Its datagrams feature, for an unknown name.</param>
    public static WireFacts For(string name, bool hasDatagrams)
        => Known.TryGetValue(name, out var facts) ? facts
            : new WireFacts($"{name} (not in the advisor's table)", hasDatagrams, false, "not known to be reachable from browsers");
}
