using System.Text.Json;
using Transports.Results;
using Transports.Tests.Support;
using Transports.Udp;
using Xunit;

namespace Transports.Tests.Udp;

/// <summary>
/// bigfile over udp through the real runner with <c>-udp-io</c> forced each way: every payload verified, and the path
/// that ran written into results.json with the system calls it made.
/// </summary>
public sealed class UdpIoResultsTests
{
    [SkippableTheory]
    [InlineData("plain", "sendto", "recvfrom")]
    [InlineData("batched", "gso", "gro")]
    public async Task Bigfile_records_the_udp_path_that_ran(string io, string sendPath, string receivePath)
    {
        UdpBatchingTests.SkipUnlessLinux(io == "plain" ? Transports.Udp.Batching.UdpIoMode.Plain : Transports.Udp.Batching.UdpIoMode.Batched);
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("bigfile", [new UdpTransportFactory()], Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["size"] = "8M", ["rate"] = "300", ["sink"] = "null", ["udp-io"] = io, ["warmup-size"] = "0" });

        var result = Assert.Single(outcome.Document.Transports);
        Assert.True(result.Status == TransportStatus.Ok, result.Error);
        Assert.Equal((io, sendPath, receivePath), (result.Settings["io"], result.Settings["send_path"], result.Settings["receive_path"]));
        var m = Assert.Single(result.Repeats);
        var d = m.Delivery!;
        Assert.True(d.Received > 0);
        Assert.Equal(d.Lost == 0, m.Integrity!.Verified); // each payload that arrived matched the input (a mismatch fails the run)
        var s = m.TransportStatistics;
        Assert.True(s["sent_datagrams"] >= d.Sent, $"{s["sent_datagrams"]} datagrams counted by the transport, {d.Sent} sent by bigfile");
        if (io == "plain") Assert.Equal(s["sent_datagrams"], s["send_syscalls"]);
        else Assert.True(s["send_syscalls"] * 4 < s["sent_datagrams"], $"{s["send_syscalls"]} send calls for {s["sent_datagrams"]} datagrams");

        // The same in the file a user reads.
        var file = Directory.GetFiles(outcome.RunDirectory, "results.json", SearchOption.AllDirectories).Single();
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(file));
        Assert.Equal([sendPath], Values(json.RootElement, "send_path"));
        Assert.Equal([receivePath], Values(json.RootElement, "receive_path"));
    }

    /// <summary>Every string value of a property named <paramref name="name"/>, anywhere in the document.</summary>
    private static List<string> Values(JsonElement element, string name)
    {
        var found = new List<string>();
        if (element.ValueKind == JsonValueKind.Object)
            foreach (var p in element.EnumerateObject())
            {
                if (p.Name == name && p.Value.ValueKind == JsonValueKind.String) found.Add(p.Value.GetString()!);
                found.AddRange(Values(p.Value, name));
            }
        else if (element.ValueKind == JsonValueKind.Array)
            foreach (var e in element.EnumerateArray()) found.AddRange(Values(e, name));
        return found;
    }
}
