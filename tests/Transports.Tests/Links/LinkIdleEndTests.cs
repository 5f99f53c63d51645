using Transports.Results;
using Transports.Tests.Paths;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Links;

/// <summary>
/// A run over an unreliable transport ends once nothing arrived for the loss timeout after the sender finished. Across
/// <c>-link</c> (and two hosts) the client sees the receiving side's counts only as the agent relays them, every
/// 500 ms: judged on those alone, 200 ms of "silence" came while messages still arrived, and the run ended early,
/// reporting as lost what was only late (a quic-dgram run over a lossy link lost half its messages this way).
/// </summary>
[Collection(NamespaceCollection.Name)]
public sealed class LinkIdleEndTests
{
    [SkippableFact]
    public async Task Datagrams_still_queued_in_the_sender_when_it_finished_are_delivered_not_counted_lost()
    {
        Skip.IfNot(Environment.IsPrivilegedProcess, "-link needs root");
        using var dir = new TempDirectory();
        // 800 msg/s of 1 KiB for 1 s (6.6 Mbit/s) through quic-dgram's congestion controller (cubic) over 2 % random loss
        // at 40 ms RTT, which carries about 2.5 Mbit/s: more than a second of datagrams still waits in the sender's
        // DATAGRAM queue when the sender finishes, and leaves it while the run waits. The end-of-run control message
        // overtakes them (they are not in the link's queue), so the client must not take the relay's steps for silence.
        // -loss-timeout 450ms: still shorter than the relay's 500 ms steps (without the relay interval in the idle rule
        // the run ends early), and the 950 ms it allows with it rides out a loaded machine's stalls (a full test run once
        // saw the default 700 ms fall short while quinn's send queue drained).
        var r = await HarnessProcess.RunAsync(["hol", "-transports", "quic-dgram", "-flows", "2", "-flow-rate", "400", "-message-size", "1K",
            "-duration", "1", "-message-warmup", "0", "-warmup", "0", "-loss-timeout", "450ms", "-link", "delay=20ms,loss=2%", "-no-progress", "-no-charts"],
            Path.Combine(dir.Path, "results"), TimeSpan.FromSeconds(120));
        Assert.True(r.ExitCode == 0, $"exit {r.ExitCode}: {r.StdErr}");
        var doc = ResultsJson.Load(Directory.GetDirectories(Path.Combine(dir.Path, "results")).Single());
        var link = Assert.IsType<LinkInfo>(doc.Run.Link);
        Assert.Equal(0, link.Up.QueueDrops);
        Assert.Equal(0, link.Up.KernelDrops);
        var delivery = Assert.IsType<Delivery>(Assert.Single(Assert.Single(doc.Transports).Repeats).Delivery);
        Assert.Equal(800, delivery.Sent);
        // A 1 KiB DATAGRAM frame fills most of a 1452-byte packet: each packet the link lost took at most one message.
        Assert.True(delivery.Lost <= link.Up.Lost,
            $"{delivery.Lost} of {delivery.Sent} messages counted lost, but the link lost only {link.Up.Lost} packets client to server");
    }
}
