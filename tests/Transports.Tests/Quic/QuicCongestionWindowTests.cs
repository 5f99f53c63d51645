using Transports.Abstractions;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Quic;

/// <summary>
/// quinn's loss-based controllers count their window in the packet size the connection really sends
/// (<c>-quic-udp-payload</c>), as RFC 9002 §7.2 and §7.3.3 count it in max_datagram_size. quinn 0.9's own default is a
/// 1232-byte datagram whatever the payload size: a 1452-byte path then started at 12 320 bytes (8.5 packets, not 10)
/// and grew by 1232 bytes per window acknowledged, 15 % slower than the same controller counting its real packets.
/// </summary>
public sealed class QuicCongestionWindowTests
{
    [SkippableTheory]
    [InlineData("cubic", 1452)]
    [InlineData("newreno", 1452)]
    [InlineData("cubic", 1300)]
    [InlineData("cubic", 1232)]
    public async Task A_fresh_connections_window_is_RFC_9002s_initial_window_in_its_own_packet_size(string cc, int udpPayloadBytes)
    {
        var settings = new OptionValues().With("quic-backend", "quinn").With("quic-cc", cc).With("quic-udp-payload", udpPayloadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await using var pair = await TransportPair.ConnectAsync("quic", settings: settings);

        // Nothing sent yet beyond the handshake, whose acknowledgements do not grow an application-limited window.
        long expected = Math.Min(10L * udpPayloadBytes, Math.Max(14_720L, 2L * udpPayloadBytes));
        Assert.Equal(expected, pair.Client.GetStatistics()["cwnd_bytes"]);
        Assert.Equal(expected, pair.Server.GetStatistics()["cwnd_bytes"]);
    }
}
