using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Transports.Abstractions;
using Transports.Grpc;
using Transports.Grpc.Protos;
using Transports.Grpc.Server;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Grpc;

/// <summary>
/// Proof that the <c>grpc</c> transport speaks gRPC: a real grpc-js client (npm @grpc/grpc-js, pinned in
/// tests/interop/grpc-js) calls our server, and our client calls a grpc-js server, with the same .proto.
/// </summary>
public sealed class GrpcJsInteropTests
{
    private const int UploadBytes = 8 << 20;
    private const int DownloadBytes = (8 << 20) + 5;

    [SkippableTheory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Grpc_js_client_calls_our_server(bool tls)
    {
        NodePeer.RequireInstalled();
        var transport = (GrpcTransport)new GrpcTransportFactory().Create(OptionValues.Empty.With("grpc-tls", tls ? "true" : "false"));
        await using var _ = transport;
        await using var listener = await transport.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(180));
        var app = new InteropServerApp(listener);
        var serving = app.RunAsync(stop.Token);
        var args = new List<string> { $"127.0.0.1:{listener.LocalEndPoint.Port}", "--run-token", transport.Membership.TokenHex };
        string? caFile = null;
        if (tls)
        {
            caFile = Path.GetTempFileName();
            await File.WriteAllTextAsync(caFile, transport.ServerCertificate!.ExportCertificatePem());
            args.AddRange(["--tls", caFile]);
        }
        string output;
        try
        {
            output = await NodePeer.RunAsync("client.js", TimeSpan.FromSeconds(150), [.. args]);
        }
        finally
        {
            if (caFile is not null) File.Delete(caFile);
        }
        var checks = JsonDocument.Parse(output).RootElement.GetProperty("checks");
        int Code(string check) => checks.GetProperty(check).GetProperty("code").GetInt32();

        foreach (var echo in new[] { "echo", "echo_empty", "echo_gzip", "echo_after_errors" })
        {
            Assert.True(Code(echo) == 0, $"{echo}: {checks.GetProperty(echo)}");
            Assert.True(checks.GetProperty(echo).GetProperty("same").GetBoolean(), $"{echo} returned different bytes");
        }

        var upload = checks.GetProperty("upload");
        Assert.True(Code("upload") == 0, upload.ToString());
        Assert.Equal(UploadBytes, upload.GetProperty("bytesReceived").GetInt64());
        Assert.Equal(129, upload.GetProperty("messagesReceived").GetInt64()); // 128 chunks + one empty message
        Assert.Equal(InteropPayload.Sha256Hex(UploadBytes), upload.GetProperty("sha256").GetString());
        Assert.Contains(app.Uploads, u => u.Bytes == UploadBytes && u.Sha256 == InteropPayload.Sha256Hex(UploadBytes));

        var download = checks.GetProperty("download");
        Assert.True(Code("download") == 0, download.ToString());
        Assert.Equal(DownloadBytes, download.GetProperty("bytes").GetInt64());
        Assert.Equal((DownloadBytes + 99_999) / 100_000, download.GetProperty("messages").GetInt32());
        Assert.Equal(InteropPayload.Sha256Hex(DownloadBytes), download.GetProperty("sha256").GetString());

        var exchange = checks.GetProperty("exchange");
        Assert.True(Code("exchange") == 0, exchange.ToString());
        Assert.Equal(100, exchange.GetProperty("received").GetInt32());
        Assert.Equal(0, exchange.GetProperty("mismatched").GetInt32());

        Assert.Equal((int)global::Grpc.Core.StatusCode.PermissionDenied, Code("fail_status")); // client.js asks for 7
        Assert.Equal(BenchService.DeliberateFailureMessage, checks.GetProperty("fail_status").GetProperty("details").GetString());
        Assert.Equal((int)global::Grpc.Core.StatusCode.Unimplemented, Code("unknown_method"));
        Assert.Equal((int)global::Grpc.Core.StatusCode.ResourceExhausted, Code("oversize"));
        Assert.Equal((int)global::Grpc.Core.StatusCode.DeadlineExceeded, Code("deadline"));
        Assert.Equal((int)global::Grpc.Core.StatusCode.Cancelled, Code("cancel"));

        // The cancelled Download reached our server's sender as an abort (ConnectionReset), and nothing else failed.
        static bool IsReset(Exception e) => e is TransportException { Error: TransportError.ConnectionReset };
        for (int i = 0; i < 50 && !app.Errors.Any(IsReset); i++) await Task.Delay(100);
        Assert.True(app.Errors.Count(IsReset) == 1 && app.Errors.Count == 1, "server-side errors: " + string.Join(" | ", app.Errors.Select(e => e.ToString())));
        stop.Cancel();
        await serving;
    }

    [SkippableFact]
    public async Task Our_client_calls_grpc_js_server()
    {
        NodePeer.RequireInstalled();
        var ct = new CancellationTokenSource(TimeSpan.FromSeconds(120)).Token;
        var (server, port) = await NodePeer.StartServerAsync();
        try
        {
            await using var transport = new GrpcTransport(new GrpcTransportOptions(MaxMessageBytes: 8 << 20));
            var endPoint = new IPEndPoint(IPAddress.Loopback, port);
            var buffer = new byte[8 << 20];

            // Upload (client streaming): the grpc-js server hashes what it got and answers with a summary.
            var data = InteropPayload.Pattern(0, UploadBytes + 3);
            await using (var upload = await transport.ConnectCallAsync(endPoint, GrpcCallKind.Upload, null, ct))
            {
                await Payloads.SendAllAsync(upload, data, 64 << 10, ct);
                Assert.True((await upload.ReceiveAsync(buffer, ct)).IsCompleted);
                Assert.Equal(data.Length, upload.UploadSummary!.BytesReceived);
                Assert.Equal(SHA256.HashData(data), upload.UploadSummary.Sha256.ToByteArray());
                await Assert.ThrowsAsync<InvalidOperationException>(() => upload.SendAsync(new byte[1], ct).AsTask());
            }

            // Download (server streaming).
            await using (var download = await transport.ConnectCallAsync(endPoint, GrpcCallKind.Download,
                new DownloadRequest { TotalBytes = DownloadBytes, ChunkBytes = 100_000 }, ct))
            {
                await Assert.ThrowsAsync<InvalidOperationException>(() => download.SendAsync(new byte[1], ct).AsTask());
                var (bytes, sha) = await Payloads.ReceiveAllAsync(download, ct);
                Assert.Equal(DownloadBytes, bytes);
                Assert.Equal(InteropPayload.Sha256Hex(DownloadBytes), Convert.ToHexStringLower(sha));
            }

            // Exchange (bidi) through the plain abstraction: Bidirectional picks Exchange; grpc-js echoes.
            await using (var exchange = await transport.ConnectAsync(endPoint, new ConnectOptions(StreamDirection.Bidirectional), ct))
            {
                foreach (int size in new[] { 0, 1, 1000, 65_536, 1 << 20, (4 << 20) - 16 })
                {
                    var message = InteropPayload.Pattern(size, size);
                    await exchange.SendAsync(message, ct);
                    var r = await exchange.ReceiveAsync(buffer, ct);
                    Assert.Equal(size, r.Count);
                    Assert.True(buffer.AsSpan(0, r.Count).SequenceEqual(message), $"echo of {size} B differs");
                }
                await exchange.CompleteSendAsync(ct);
                Assert.True((await exchange.ReceiveAsync(buffer, ct)).IsCompleted);
            }

            // An error status from grpc-js: a 5 MiB message is over its 4 MiB limit -> RESOURCE_EXHAUSTED.
            await using (var exchange = await transport.ConnectAsync(endPoint, new ConnectOptions(StreamDirection.Bidirectional), ct))
            {
                // The status may already be there when the send ends (grpc-js answers as soon as it reads the length
                // prefix): then the send reports it too. Either way the receive does.
                try { await exchange.SendAsync(new byte[5 << 20], ct); }
                catch (TransportException sent) { Assert.Equal(TransportError.MessageTooLarge, sent.Error); }
                var e = await Assert.ThrowsAsync<TransportException>(() => exchange.ReceiveAsync(buffer, ct).AsTask());
                Assert.Equal(TransportError.MessageTooLarge, e.Error);
                Assert.Contains("RESOURCE_EXHAUSTED", e.Message);
            }
        }
        finally
        {
            server.StandardInput.Close();
            if (!server.WaitForExit(5000)) server.Kill(entireProcessTree: true);
            server.Dispose();
        }
    }
}
