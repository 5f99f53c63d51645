using System.Net;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Grpc;
using Transports.Grpc.Calls;
using Transports.Harness.Anchors;
using Transports.Harness.Catalog;
using Transports.Measure.Processes;
using Transports.Results;
using Transports.Scenarios.Rpc;
using Xunit;
using Xunit.Abstractions;

namespace Transports.Tests.Rpc;

/// <summary>
/// The h2load anchor of rpc: the real tools (Debian's nghttp2-client, installed by scripts/bootstrap.sh) against our
/// Kestrel gRPC server on 127.0.0.1; a call without the run token is a 200 that h2load counts as success, which the
/// nghttp grpc-status check catches; h2load's summary parsed from recorded text, failures included.
/// </summary>
public sealed class H2loadAnchorTests(ITestOutputHelper output)
{
    private static readonly RpcSettings Settings = new(512, 4096, 2, 1, 8, 0, 1, 0, 0, 5000);

    private static AnchorContext Context(RpcSettings settings, params string[] transports) => new()
    {
        Scenario = ScenarioCatalog.Find("rpc")!,
        Settings = settings,
        Variants = [Transports.Scenarios.Core.SingleVariant.Instance],
        MeasuredFeatures = transports.Select(t =>
        {
            var transport = TransportCatalog.Find(t)!.Create(OptionValues.Empty);
            try { return transport.Capabilities.Features; }
            finally { transport.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
        }).ToList(),
        Address = IPAddress.Loopback,
        DurationSeconds = 1,
    };

    private static void AssertInstalled(string tool)
        => Assert.True(ExecutablePath.Find(tool) is not null, $"{tool} is not installed: scripts/bootstrap.sh installs it (Debian package nghttp2-client)");

    [Fact]
    public async Task H2load_measures_requests_per_second_against_our_grpc_server()
    {
        AssertInstalled("h2load");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var results = new List<AnchorResult>();
        await foreach (var r in new H2loadAnchor().RunAsync(Context(Settings, "grpc"), cts.Token)) results.Add(r);
        var result = Assert.Single(results);
        Assert.True(result.Status == TransportStatus.Ok, $"{result.Status}: {result.Error}");
        Assert.True(result.RequestsPerSecond > 0);
        Assert.StartsWith("nghttp2/", result.ToolVersion.Split(' ').Last(), StringComparison.Ordinal);
        Assert.Contains("-c 2 -m 4", result.Command, StringComparison.Ordinal);
        Assert.Contains("TOKEN", result.Command, StringComparison.Ordinal); // the run token is not kept in results
        Assert.Equal(AnchorWorkloads.Names(AnchorWorkloads.PlainReliableMessages), result.ComparableFeatures);
    }

    [Fact]
    public void It_applies_to_closed_loop_rpc_runs_that_measured_grpc_only()
    {
        var anchor = new H2loadAnchor();
        Assert.Null(anchor.WhyNotApplicable(Context(Settings, "tcp", "grpc")));
        Assert.Contains("plaintext reliable messages", anchor.WhyNotApplicable(Context(Settings, "tcp", "quic")));
        Assert.Contains("closed loop", anchor.WhyNotApplicable(Context(Settings with { RateRequestsPerSecond = 100 }, "grpc")));
    }

    [Fact]
    public async Task A_call_without_the_run_token_is_a_200_for_h2load_but_the_grpc_status_check_fails_it()
    {
        AssertInstalled("h2load");
        await using var transport = new GrpcTransportFactory().Create(OptionValues.Empty, new RunIdentity(RunMembership.Create()));
        await using var listener = await transport.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0));
        string body = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(body, H2loadAnchor.GrpcFramedChunk(512));
            string url = $"http://{listener.LocalEndPoint}{H2loadAnchor.EchoPath}";
            string[] headers = ["-H", "content-type: application/grpc", "-H", "te: trailers", "-H", $"{EchoMetadata.ResponseBytes}: 4096"];
            string h2load = await RunAsync("h2load", ["-n", "20", "-c", "1", "-d", body, .. headers, url]);
            output.WriteLine(h2load);
            var summary = H2loadOutput.Parse(h2load); // h2load alone sees 20 good answers
            Assert.Equal(20, summary.Done);
            Assert.Equal(20, summary.Status2xx);
            string nghttp = await RunAsync("nghttp", ["-v", "-n", "-d", body, .. headers, url]);
            output.WriteLine(nghttp);
            var e = Assert.Throws<AnchorException>(() => H2loadOutput.CheckGrpcOk(nghttp));
            Assert.Contains("grpc-status 7", e.Message, StringComparison.Ordinal); // PERMISSION_DENIED
            Assert.Equal(21, listener.RefusedCount);
        }
        finally
        {
            File.Delete(body);
        }
    }

    private static async Task<string> RunAsync(string tool, string[] arguments)
    {
        await using var process = ExternalProcess.Start(ExecutablePath.Find(tool)!, arguments);
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30), CancellationToken.None));
        return process.StandardOutput;
    }
}
