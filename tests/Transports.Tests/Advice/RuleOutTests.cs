using Transports.Advice.Candidates;
using Transports.Advice.Profile;
using Xunit;
using static Transports.Tests.Advice.AdviceFixtures;

namespace Transports.Tests.Advice;

/// <summary>The hard constraints over the catalog's real feature sets: who remains for browsers, blocked UDP,
/// untrusted paths, every message, and message sizes.</summary>
public sealed class RuleOutTests
{
    private static string[] Remaining(string yaml) => All.Where(c => RuleOuts.For(ProfileReader.Parse(yaml), c).Count == 0).Select(c => c.Name).ToArray();

    [Fact]
    public void A_browser_client_rules_out_udp_quic_and_grpc_leaving_websocket()
    {
        Assert.Equal(["wss"], Remaining("clients: browser"));
        Assert.Equal(["ws", "wss"], Remaining("clients: browser\ntrusted_path: true"));
        var p = ProfileReader.Parse("clients: browser");
        Assert.Contains(RuleOuts.For(p, QuicT), r => r.Rule == "browser-clients" && r.Reason.Contains("WebTransport"));
        Assert.Contains(RuleOuts.For(p, UdpT), r => r.Rule == "browser-clients");
        Assert.Contains(RuleOuts.For(p, QuicDgram), r => r.Rule == "browser-clients");
        var grpc = Assert.Single(RuleOuts.For(p, GrpcT));
        Assert.Contains("not gRPC-Web", grpc.Reason);
    }

    [Fact]
    public void Blocked_udp_rules_out_everything_carried_in_udp()
        => Assert.Equal(["tcp-tls", "wss", "grpc"], Remaining("udp_blocked: true"));

    [Fact]
    public void Plaintext_is_compared_only_on_a_trusted_path()
    {
        Assert.Equal(["tcp-tls", "wss", "grpc", "quic"], Remaining("pattern: request-response"));
        Assert.Equal(["tcp", "tcp-tls", "ws", "wss", "grpc", "quic"], Remaining("trusted_path: true"));
        Assert.Contains(RuleOuts.For(new ApiProfile(), TcpT), r => r.Rule == "encryption" && r.Source.Contains("RFC 7258"));
    }

    [Fact]
    public void Latest_value_wins_lets_datagrams_in_and_message_sizes_keep_them_out()
    {
        Assert.Equal(["tcp-tls", "wss", "grpc", "quic", "quic-dgram"], Remaining("reliability: latest-value-wins"));
        Assert.Equal(["tcp", "tcp-tls", "udp", "ws", "wss", "grpc", "quic", "quic-dgram"], Remaining("reliability: latest-value-wins\ntrusted_path: true"));
        Assert.Equal(["tcp-tls", "wss", "grpc", "quic"], Remaining("reliability: latest-value-wins\nmessage_sizes: [64, 1450]"));
        Assert.Equal(["tcp-tls", "quic"], Remaining("message_sizes: 8M"));
        Assert.Contains(RuleOuts.For(ProfileReader.Parse("pattern: bulk-file"), QuicDgram), r => r.Rule == "every-message" && r.Reason.Contains("every byte"));
    }

    [Fact]
    public void Every_failed_rule_is_reported_not_only_the_first()
    {
        var outs = RuleOuts.For(ProfileReader.Parse("clients: browser\nudp_blocked: true\nmessage_sizes: 4K"), UdpT).Select(r => r.Rule);
        Assert.Equal(["browser-clients", "udp-blocked", "encryption", "every-message", "message-size"], outs);
    }
}
