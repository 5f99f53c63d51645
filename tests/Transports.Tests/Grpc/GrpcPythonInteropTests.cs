using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Transports.Abstractions;
using Transports.Grpc;
using Transports.Grpc.Server;
using Xunit;

namespace Transports.Tests.Grpc;

/// <summary>
/// A third, independent gRPC implementation: Debian's python3-grpcio (gRPC C-core) calls our server
/// (tests/interop/python/client.py; installed by scripts/bootstrap.d/41-python-grpcio.sh).
/// </summary>
public sealed class GrpcPythonInteropTests
{
    private const string Python = "/usr/bin/python3"; // Debian's interpreter, where python3-grpcio is installed

    [SkippableFact]
    public async Task Python_grpcio_client_calls_our_server()
    {
        Skip.IfNot(File.Exists(Python) && HasGrpc(), "python3-grpcio is not installed: run scripts/bootstrap.sh test");
        await using var transport = new GrpcTransportFactory().Create(OptionValues.Empty);
        await using var listener = await transport.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0));
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        var app = new InteropServerApp(listener);
        var serving = app.RunAsync(stop.Token);
        var dir = Path.Combine(NodePeer.RepositoryRoot(), "tests", "interop", "python");
        var output = await PeerProcess.RunAsync(
            PeerProcess.Start(Python, dir, [Path.Combine(dir, "client.py"), $"127.0.0.1:{listener.LocalEndPoint.Port}", transport.Membership!.TokenHex]),
            "python3 client.py", TimeSpan.FromSeconds(120));
        var checks = JsonDocument.Parse(output).RootElement.GetProperty("checks");
        int Code(string check) => checks.GetProperty(check).GetProperty("code").GetInt32();

        Assert.True(Code("echo") == 0 && checks.GetProperty("echo").GetProperty("same").GetBoolean(), checks.GetProperty("echo").ToString());
        var upload = checks.GetProperty("upload");
        Assert.True(Code("upload") == 0, upload.ToString());
        Assert.Equal(2 << 20, upload.GetProperty("bytesReceived").GetInt64());
        Assert.Equal(33, upload.GetProperty("messagesReceived").GetInt64()); // 32 chunks + one empty message
        Assert.Equal(InteropPayload.Sha256Hex(2 << 20), upload.GetProperty("sha256").GetString());
        Assert.Contains(app.Uploads, u => u.Bytes == 2 << 20 && u.Sha256 == InteropPayload.Sha256Hex(2 << 20));
        var download = checks.GetProperty("download");
        Assert.True(Code("download") == 0, download.ToString());
        Assert.Equal((2 << 20) + 5, download.GetProperty("bytes").GetInt64());
        Assert.Equal(InteropPayload.Sha256Hex((2 << 20) + 5), download.GetProperty("sha256").GetString());
        Assert.True(Code("exchange") == 0 && checks.GetProperty("exchange").GetProperty("same").GetBoolean(), checks.GetProperty("exchange").ToString());
        Assert.Equal((int)global::Grpc.Core.StatusCode.NotFound, Code("fail_status"));
        Assert.Equal(BenchService.DeliberateFailureMessage, checks.GetProperty("fail_status").GetProperty("details").GetString());
        Assert.Equal((int)global::Grpc.Core.StatusCode.Unimplemented, Code("unknown_method"));
        Assert.Equal((int)global::Grpc.Core.StatusCode.DeadlineExceeded, Code("deadline"));
        Assert.Empty(app.Errors);
        stop.Cancel();
        await serving;
    }

    private static bool HasGrpc()
    {
        using var p = Process.Start(new ProcessStartInfo(Python, ["-c", "import grpc"]) { RedirectStandardError = true })!;
        return p.WaitForExit(20_000) && p.ExitCode == 0;
    }
}
