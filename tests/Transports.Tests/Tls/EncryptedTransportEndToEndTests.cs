using Transports.Harness.Catalog;
using Transports.Harness.Running;
using Transports.Results;
using Transports.Tests.Support;
using Transports.Views.Tables;
using Xunit;

namespace Transports.Tests.Tls;

/// <summary>
/// bigfile and pingpong through the real runner with plaintext and encrypted transports side by side: results.json
/// (read back from disk) names the TLS each encrypted transport negotiated and nothing for plaintext ones, and the
/// summary table puts plaintext before encrypted with the group and the TLS in their columns.
/// </summary>
public sealed class EncryptedTransportEndToEndTests
{
    private static IReadOnlyList<Transports.Abstractions.ITransportFactory> Factories(params string[] names) => names.Select(TransportPair.RequireFactory).ToList();

    private static async Task<ResultsDocument> ReadBackAsync(RunOutcome outcome)
        => ResultsJson.Deserialize(await File.ReadAllTextAsync(Path.Combine(outcome.RunDirectory, "results.json")));

    private static void AssertTls(TransportResult result)
    {
        Assert.True(result.Status == TransportStatus.Ok, $"{result.Label}: {result.Error}");
        if (!result.Features.Contains("encrypted"))
        {
            Assert.Null(result.Tls);
            return;
        }
        var tls = result.Tls;
        Assert.NotNull(tls);
        Assert.Equal("TLS 1.3", tls.Protocol);
        Assert.StartsWith("TLS_", tls.CipherSuite);
    }

    [SkippableFact]
    public async Task Bigfile_records_the_negotiated_tls_and_groups_plaintext_before_encrypted()
    {
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("bigfile", Factories("tcp-tls", "tcp", "wss", "ws"), Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["size"] = "4M", ["sink"] = "null" });
        var document = await ReadBackAsync(outcome);
        Assert.Equal(["tcp-tls", "tcp", "wss", "ws"], document.Transports.Select(t => t.Transport));
        foreach (var t in document.Transports) AssertTls(t);
        Assert.All(document.Transports, t => Assert.True(t.Repeats[0].Integrity!.Verified));

        var table = SummaryTable.Of(document);
        Assert.Equal(["tcp", "ws", "tcp-tls", "wss"], table.Rows.Select(r => r.Result.Transport)); // like for like, run order kept within a group
        var encryption = table.Columns.Single(c => c.Header == "encryption");
        Assert.Equal(["plaintext", "plaintext", "encrypted", "encrypted"], table.Rows.Select(encryption.Cell));
        var tlsColumn = table.Columns.Single(c => c.Header == "tls");
        Assert.StartsWith("TLS 1.3 TLS_", tlsColumn.Cell(table.Rows[2]));
        Assert.Equal("", tlsColumn.Cell(table.Rows[0]));
    }

    [SkippableFact]
    public async Task Pingpong_records_the_negotiated_tls()
    {
        using var dir = new TempDirectory();
        var outcome = await RunnerHarness.RunAsync("pingpong", Factories("tcp", "tcp-tls"), Path.Combine(dir.Path, "results"),
            new Dictionary<string, string> { ["message-size"] = "64", ["count"] = "2000", ["message-warmup"] = "0" });
        var document = await ReadBackAsync(outcome);
        foreach (var t in document.Transports) AssertTls(t);
        var tls = document.Transports.Single(t => t.Transport == "tcp-tls");
        Assert.True(tls.Repeats[0].Latency!.Count >= 2000);
        Assert.Null(tls.Tls!.Alpn); // tcp-tls offers no ALPN
    }

    [Fact]
    public void A_document_without_tls_fields_still_reads()
    {
        const string old = """
            { "schema": "transports.results/v2", "run": { "id": "x", "scenario": "bigfile", "startedUtc": "2026-01-01T00:00:00+00:00", "complete": true, "arguments": [], "parameters": {}, "harnessVersion": "1" },
              "environment": { "os": "linux", "kernel": "6", "cpuModel": "cpu", "logicalCores": 2, "memoryBytes": 0, "dotnetVersion": "10", "gcMode": "w", "machineName": "m", "networkSettings": {} },
              "transports": [ { "transport": "quic", "label": "quic", "status": "ok", "features": ["reliable", "encrypted"], "settings": {} },
                              { "transport": "tcp", "label": "tcp", "status": "ok", "features": ["reliable"], "settings": {} } ] }
            """;
        var document = ResultsJson.Deserialize(old);
        Assert.All(document.Transports, t => Assert.Null(t.Tls));
        var table = SummaryTable.Of(document);
        Assert.Equal(["tcp", "quic"], table.Rows.Select(r => r.Result.Transport)); // grouped from the recorded features alone
        Assert.DoesNotContain(table.Columns, c => c.Header == "tls");
    }
}
