using Transports.Harness.Anchors;
using Xunit;

namespace Transports.Tests.Rpc;

/// <summary>h2load's summary and nghttp's trailers, parsed from recorded text (nghttp2 1.52.0, Debian bookworm).</summary>
public sealed class H2loadOutputTests
{
    private const string Good = """
        starting benchmark...
        spawning thread #0: 4 total client(s). Warm-up started for 1 s.
        Application protocol: h2c
        Main benchmark duration is started for 2 s.
        Main benchmark duration is over for thread #0. Stopping all clients.
        Stopped all clients for thread #0

        finished in 3.00s, 21369.50 req/s, 88.72MB/s
        requests: 42739 total, 42739 started, 42739 done, 42739 succeeded, 0 failed, 0 errored, 0 timeout
        status codes: 42739 2xx, 0 3xx, 0 4xx, 0 5xx
        traffic: 177.44MB (186060354) total, 1.63MB (1709560) headers (space savings 93.75%), 175.47MB (183993395) data
                             min         max         mean         sd        +/- sd
        time for request:      112us     12.01ms       729us       511us    85.63%
        """;

    [Fact]
    public void A_clean_summary_gives_its_requests_per_second()
    {
        var s = H2loadOutput.Parse(Good);
        Assert.Equal(21369.50, s.RequestsPerSecond);
        Assert.Equal(42739, s.Done);
        Assert.Equal(42739, s.Succeeded);
        Assert.Equal(42739, s.Status2xx);
    }

    [Theory]
    [InlineData("requests: 42739 total, 42739 started, 42739 done, 42739 succeeded, 0 failed, 0 errored, 0 timeout", "requests: 42739 total, 42739 started, 42739 done, 42700 succeeded, 39 failed, 39 errored, 0 timeout", "39 failed")]
    [InlineData("status codes: 42739 2xx, 0 3xx, 0 4xx, 0 5xx", "status codes: 42000 2xx, 0 3xx, 739 4xx, 0 5xx", "42000 with HTTP 2xx")]
    [InlineData("42739 done, 42739 succeeded", "0 done, 0 succeeded", "completed no request")]
    [InlineData("finished in 3.00s, 21369.50 req/s, 88.72MB/s", "", "printed no summary")]
    public void Failed_errored_non_2xx_or_missing_summaries_are_anchor_failures(string from, string to, string expected)
    {
        var e = Assert.Throws<AnchorException>(() => H2loadOutput.Parse(Good.Replace(from, to, StringComparison.Ordinal)));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_grpc_status_in_the_trailers_decides()
    {
        const string ok = """
             [  0.003] recv (stream_id=13) :status: 200
             [  0.003] recv (stream_id=13) content-type: application/grpc
             [  0.003] recv HEADERS frame <length=60, flags=0x04, stream_id=13>
             [  0.003] recv DATA frame <length=4105, flags=0x00, stream_id=13>
             [  0.003] recv (stream_id=13) grpc-status: 0
             [  0.003] recv HEADERS frame <length=15, flags=0x05, stream_id=13>
            """;
        H2loadOutput.CheckGrpcOk(ok);
        const string denied = """
             [  0.223] recv (stream_id=13) :status: 200
             [  0.223] recv (stream_id=13) content-type: application/grpc
             [  0.223] recv (stream_id=13) grpc-status: 7
             [  0.223] recv (stream_id=13) grpc-message: this call does not belong to this run (not a run hello)
            """;
        var e = Assert.Throws<AnchorException>(() => H2loadOutput.CheckGrpcOk(denied));
        Assert.Equal("nghttp: the gRPC call ended with grpc-status 7 (this call does not belong to this run (not a run hello)), expected 0", e.Message);
        Assert.Contains("HTTP status 503", Assert.Throws<AnchorException>(() => H2loadOutput.CheckGrpcOk(ok.Replace(":status: 200", ":status: 503", StringComparison.Ordinal))).Message);
    }
}
