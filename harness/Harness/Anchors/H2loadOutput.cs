using System.Globalization;
using System.Text.RegularExpressions;

namespace Transports.Harness.Anchors;

/// <summary>Reads the summary h2load (nghttp2 1.x) prints, and the trailers <c>nghttp -v</c> shows for one request.</summary>
internal static partial class H2loadOutput
{
    /// <summary>What h2load reported.</summary>
    /// <param name="RequestsPerSecond">The "finished in ..., N req/s" figure: completed requests over the measured time.</param>
    /// <param name="Done">Requests done.</param>
    /// <param name="Succeeded">Requests that succeeded (a response received, any status).</param>
    /// <param name="Status2xx">Responses with an HTTP 2xx status.</param>
    public sealed record Summary(double RequestsPerSecond, long Done, long Succeeded, long Status2xx);

    /// <summary>Parses h2load's summary and checks that every request got a 2xx response.</summary>
    /// <param name="output">h2load's standard output.</param>
    /// <exception cref="AnchorException">No summary, nothing done, or failed, errored, timed-out or non-2xx requests.</exception>
    public static Summary Parse(string output)
    {
        var finished = Finished().Match(output);
        var requests = Requests().Match(output);
        var codes = StatusCodes().Match(output);
        if (!finished.Success || !requests.Success || !codes.Success)
            throw new AnchorException($"h2load printed no summary (last line: {LastLine(output)})");
        long done = Long(requests, "done"), succeeded = Long(requests, "succeeded"), failed = Long(requests, "failed"),
            errored = Long(requests, "errored"), timeout = Long(requests, "timeout"), ok = Long(codes, "ok");
        if (done == 0) throw new AnchorException("h2load completed no request");
        if (failed + errored + timeout > 0 || succeeded != done || ok != done)
            throw new AnchorException($"h2load: {done} done, {succeeded} succeeded, {failed} failed, {errored} errored, {timeout} timed out, {ok} with HTTP 2xx: not every request was answered");
        return new Summary(double.Parse(finished.Groups["rps"].Value, CultureInfo.InvariantCulture), done, succeeded, ok);
    }

    /// <summary>
    /// Checks the trailers of one gRPC call as <c>nghttp -v</c> printed them: HTTP status 200 and <c>grpc-status: 0</c>.
    /// h2load counts any HTTP 200 as success, and gRPC reports its errors (PERMISSION_DENIED for a call without the run
    /// token, INTERNAL for a malformed body) in a 200 response's trailers, so this is what shows the calls it times succeed.
    /// </summary>
    /// <param name="output">nghttp's verbose standard output.</param>
    /// <exception cref="AnchorException">No 200 status or a grpc-status other than 0.</exception>
    public static void CheckGrpcOk(string output)
    {
        var status = HttpStatus().Match(output);
        var grpc = GrpcStatus().Match(output);
        if (!status.Success || status.Groups[1].Value != "200")
            throw new AnchorException($"nghttp: the gRPC call got HTTP status {(status.Success ? status.Groups[1].Value : "none")}, expected 200");
        if (!grpc.Success || grpc.Groups[1].Value != "0")
        {
            var message = GrpcMessage().Match(output);
            throw new AnchorException($"nghttp: the gRPC call ended with grpc-status {(grpc.Success ? grpc.Groups[1].Value : "none")}{(message.Success ? " (" + Uri.UnescapeDataString(message.Groups[1].Value.Trim()) + ")" : "")}, expected 0");
        }
    }

    private static long Long(Match m, string group) => long.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture);

    private static string LastLine(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "(none)";

    [GeneratedRegex(@"^finished in [0-9.]+m?s, (?<rps>[0-9.]+) req/s", RegexOptions.Multiline)]
    private static partial Regex Finished();

    [GeneratedRegex(@"^requests: (?<total>\d+) total, (?<started>\d+) started, (?<done>\d+) done, (?<succeeded>\d+) succeeded, (?<failed>\d+) failed, (?<errored>\d+) errored, (?<timeout>\d+) timeout", RegexOptions.Multiline)]
    private static partial Regex Requests();

    [GeneratedRegex(@"^status codes: (?<ok>\d+) 2xx, \d+ 3xx, \d+ 4xx, \d+ 5xx", RegexOptions.Multiline)]
    private static partial Regex StatusCodes();

    [GeneratedRegex(@":status: (\d+)")]
    private static partial Regex HttpStatus();

    [GeneratedRegex(@"grpc-status: (\d+)")]
    private static partial Regex GrpcStatus();

    [GeneratedRegex(@"grpc-message: (.*)")]
    private static partial Regex GrpcMessage();
}
