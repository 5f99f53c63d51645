using Transports.Advice.Profile;

namespace Transports.Advice.Candidates;

/// <summary>Why a candidate cannot serve the API: the rule, the reason in a sentence, and where the rule comes from.</summary>
/// <param name="Rule">Short rule id, e.g. "browser-clients".</param>
/// <param name="Reason">One sentence naming the candidate.</param>
/// <param name="Source">The rule's source (RFC section, this tool's docs).</param>
public sealed record RuleOut(string Rule, string Reason, string Source);

/// <summary>
/// The hard constraints, checked before anything is measured (docs/ADVISOR.md "Rule-outs"): browser clients, UDP
/// blocked, encryption, every message, order, message size. Capabilities decide, with <see cref="WireFacts"/> for
/// what capabilities do not say. A pure function; every failed rule is reported, not only the first.
/// </summary>
public static class RuleOuts
{
    /// <summary>The rules <paramref name="candidate"/> fails under <paramref name="profile"/>; empty when it stays a candidate.</summary>
    /// <param name="profile">The API's profile.</param>
    /// <param name="candidate">The candidate.</param>
    public static IReadOnlyList<RuleOut> For(ApiProfile profile, Candidate candidate)
    {
        var c = candidate;
        var wire = c.Wire;
        var outs = new List<RuleOut>();
        if (profile.Clients == ClientKind.Browser && !wire.BrowserReachable)
            outs.Add(new("browser-clients", $"{c.Name}: the clients are browsers and {wire.BrowserNote}.",
                "RFC 6455 (WebSocket, the browser's socket API); WHATWG WebSocket and Fetch standards"));
        if (profile.UdpBlocked && wire.CarriedInUdp)
            outs.Add(new("udp-blocked", $"{c.Name}: UDP may be blocked on the way and {c.Name} is {wire.Protocol}.",
                "RFC 9308 §3.1 (QUIC applicability: some networks block UDP, so an application needs a TCP fallback)"));
        if (!profile.TrustedPath && !c.IsEncrypted)
            outs.Add(new("encryption", $"{c.Name}: the path is not declared trusted and {c.Name} sends plaintext (set trusted-path: true to compare it).",
                "RFC 7258 (pervasive monitoring is an attack); RFC 8446 (TLS 1.3); RFC 9001 (QUIC is always encrypted)"));
        if (profile.NeedsEveryMessage && !c.IsReliable)
            outs.Add(new("every-message", $"{c.Name}: every message must arrive and {c.Name} does not retransmit what is lost"
                + (profile.Pattern == TrafficPattern.BulkFile ? " (a file needs every byte)." : " (reliability: latest-value-wins would allow it)."),
                "RFC 768 (UDP: no delivery guarantee); RFC 9221 §5 (QUIC DATAGRAM frames are not retransmitted)"));
        else if (profile.NeedsOrder && c.IsReliable && !c.IsOrdered)
            outs.Add(new("order", $"{c.Name}: messages must arrive in send order and {c.Name} does not order them.", "this tool's TransportFeatures.Ordered"));
        int largest = profile.MessageSizesBytes.Max();
        if (profile.Pattern != TrafficPattern.BulkFile && c.MaxMessageSizeBytes is int max && largest > max)
            outs.Add(new("message-size", $"{c.Name}: its messages hold at most {max} B and the API sends {largest} B.",
                c.HasDatagrams ? "RFC 8085 §3.2 (UDP messages should fit the path MTU: no fragmentation); RFC 9221 §5 (a DATAGRAM frame fits one packet)" : "the transport's declared maximum message size"));
        return outs;
    }
}
