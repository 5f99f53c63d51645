using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Grpc;
using Transports.Grpc.Calls;
using Transports.Measure.Processes;
using Transports.Results;
using Transports.Scenarios.Rpc;

namespace Transports.Harness.Anchors;

/// <summary>
/// h2load (Debian package nghttp2-client) as the anchor of <c>rpc</c>: HTTP/2 requests per second against OUR Kestrel
/// gRPC server (the grpc transport's server, default options, h2c on the run's address), at the run's sizes and
/// concurrency: <c>-c</c> = -connections, <c>-m</c> = requests in flight per connection (-outstanding / -connections),
/// each request a unary <c>Bench/Echo</c> call whose gRPC-framed body carries -request-size bytes and whose
/// <c>bench-response-bytes</c> header asks for a -response-size answer; the run token travels as the
/// <c>transports-run-token</c> header. Before the load one call is made with <c>nghttp -v</c> and must end with HTTP 200
/// and <c>grpc-status: 0</c> (h2load counts any 200 as success); after it, h2load's summary must show every request
/// done, succeeded and 2xx, and the server must have refused nothing. Compared with plaintext reliable-message
/// transports (grpc over h2c; ws has the same features). h2load does not verify response bytes, the harness does.
/// </summary>
/// <param name="executable">The h2load executable (name on PATH or a path).</param>
/// <param name="nghttpExecutable">The nghttp executable, for the one verified call.</param>
public sealed class H2loadAnchor(string executable = "h2load", string nghttpExecutable = "nghttp") : IAnchor
{
    /// <summary>The gRPC method path every request calls.</summary>
    public const string EchoPath = "/transports.bench.v1.Bench/Echo";

    /// <inheritdoc />
    public string Name => "h2load";

    /// <inheritdoc />
    public string Description => "h2load, HTTP/2 unary gRPC calls against our Kestrel gRPC server at the run's sizes and concurrency; compared with rpc over grpc (RPS)";

    /// <inheritdoc />
    public string? WhyNotApplicable(AnchorContext context)
        => context.Settings is not RpcSettings ? "h2load anchors the rpc scenario only"
            : !context.Measured(AnchorWorkloads.PlainReliableMessages) ? "h2load anchors plaintext reliable messages (grpc over h2c), which this run did not measure"
            : context.Settings is RpcSettings { IsOpenLoop: true } ? "h2load anchors the closed loop only (its -r rate is per connection and not timed from intended starts)"
            : null;

    /// <inheritdoc />
    public async IAsyncEnumerable<AnchorResult> RunAsync(AnchorContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var settings = (RpcSettings)context.Settings;
        int seconds = ToolRun.WholeSeconds(context.DurationSeconds);
        int perConnection = Math.Max(1, settings.Outstanding / settings.Connections);
        var template = new AnchorResult
        {
            Tool = Name,
            Label = "h2load grpc",
            ComparableFeatures = AnchorWorkloads.Names(AnchorWorkloads.PlainReliableMessages),
            Description = string.Create(CultureInfo.InvariantCulture,
                $"unary gRPC Echo over h2c to our Kestrel server, {settings.RequestBytes} B request, {settings.ResponseBytes} B response, -c {settings.Connections} -m {perConnection}, {seconds} s after 1 s warm-up"),
        };
        var path = ExecutablePath.Find(executable);
        var nghttp = ExecutablePath.Find(nghttpExecutable);
        if (path is null || nghttp is null)
        {
            yield return ToolRun.NotInstalled(template, "nghttp2-client");
            yield break;
        }
        yield return await ToolRun.GuardedAsync(template, async () =>
        {
            var membership = RunMembership.Create();
            await using var transport = new GrpcTransportFactory().Create(OptionValues.Empty, new RunIdentity(membership));
            await using var listener = await transport.ListenAsync(new IPEndPoint(context.Address, 0), cancellationToken).ConfigureAwait(false);
            string body = Path.Combine(Path.GetTempPath(), $"transports-h2load-{Environment.ProcessId}-{Guid.NewGuid():N}.bin");
            try
            {
                await File.WriteAllBytesAsync(body, GrpcFramedChunk(settings.RequestBytes), cancellationToken).ConfigureAwait(false);
                string url = $"http://{Host(listener.LocalEndPoint)}{EchoPath}";
                string[] headers =
                [
                    "-H", "content-type: application/grpc", "-H", "te: trailers",
                    "-H", $"{RunTokenMetadata.Key}: {membership.TokenHex}",
                    "-H", $"{EchoMetadata.ResponseBytes}: {settings.ResponseBytes.ToString(CultureInfo.InvariantCulture)}",
                ];
                var (_, check) = await RunToolAsync(nghttp, ["-v", "-n", "-d", body, .. headers, url], TimeSpan.FromSeconds(10), cancellationToken).ConfigureAwait(false);
                H2loadOutput.CheckGrpcOk(check);
                var (command, output) = await RunToolAsync(path,
                    ["-c", Text(settings.Connections), "-m", Text(perConnection), "-t", "1", "-D", Text(seconds), "--warm-up-time", "1", "-d", body, .. headers, url],
                    TimeSpan.FromSeconds(seconds + 1) + ToolRun.ClientGrace, cancellationToken).ConfigureAwait(false);
                var summary = H2loadOutput.Parse(output);
                if (listener.RefusedCount > 0)
                    throw new AnchorException($"h2load: the server refused {listener.RefusedCount} calls as not of this run");
                string version = await ToolRun.VersionAsync(path, "--version", cancellationToken).ConfigureAwait(false);
                return template with
                {
                    Status = TransportStatus.Ok, ToolVersion = version, Command = command.Replace(membership.TokenHex, "TOKEN", StringComparison.Ordinal),
                    RequestsPerSecond = summary.RequestsPerSecond,
                };
            }
            finally
            {
                File.Delete(body);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The HTTP/2 body of one Echo request: a gRPC length-prefixed message (1-byte compressed flag 0, 4-byte big-endian
    /// length; gRPC over HTTP/2, "Length-Prefixed-Message") holding the protobuf <c>Chunk { bytes data = 1; }</c> with
    /// <paramref name="payloadBytes"/> bytes (field 1, wire type 2: tag 0x0A, varint length, bytes).
    /// </summary>
    /// <param name="payloadBytes">Bytes of <c>Chunk.data</c>.</param>
    public static byte[] GrpcFramedChunk(int payloadBytes)
    {
        var varint = new List<byte>();
        for (uint v = (uint)payloadBytes; ; v >>= 7)
        {
            if (v < 0x80) { varint.Add((byte)v); break; }
            varint.Add((byte)(v & 0x7F | 0x80));
        }
        int message = 1 + varint.Count + payloadBytes;
        var frame = new byte[5 + message];
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), message);
        frame[5] = 0x0A;
        varint.CopyTo(frame, 6);
        for (int i = 0; i < payloadBytes; i++) frame[6 + varint.Count + i] = (byte)(i % 251);
        return frame;
    }

    private static async Task<(string Command, string Output)> RunToolAsync(string path, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await using var tool = ExternalProcess.Start(path, arguments);
        int exit = await tool.WaitForExitAsync(timeout, cancellationToken).ConfigureAwait(false);
        if (exit != 0) throw new AnchorException($"{Path.GetFileName(path)} exited with code {exit}: {tool.LastLine()}");
        return (tool.CommandLine, tool.StandardOutput);
    }

    private static string Host(IPEndPoint endPoint)
        => endPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]:{endPoint.Port}" : endPoint.ToString();

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
