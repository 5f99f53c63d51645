using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.Channels;
using Grpc.Core;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Grpc.Calls;
using Transports.Grpc.Protos;

namespace Transports.Grpc.Server;

/// <summary>
/// The Grpc.AspNetCore service <c>transports.bench.v1.Bench</c>: serves the unary Echo itself and hands every
/// streaming call (Upload, Download, Exchange) to the listener as a <see cref="GrpcServerCall"/>, then waits until
/// the application is done with it. Bound by <see cref="BenchServiceMethodProvider"/>. Every call must carry this run's
/// token in its <see cref="RunTokenMetadata.Key"/> metadata; any other call fails with PERMISSION_DENIED before it
/// reaches the application, and is recorded in <see cref="Refused"/>.
/// </summary>
internal sealed class BenchService(int maxMessageBytes, TransportCapabilities capabilities, ChannelWriter<GrpcServerCall> accepted,
    RunMembership membership)
{
    /// <summary>Calls refused because they did not carry this run's token.</summary>
    public RefusedPeerLog Refused { get; } = new();

    /// <summary>Request metadata asking Echo to fail with this status (1..16), for interop tests of error statuses.</summary>
    public const string FailStatusHeader = "bench-fail-status";

    /// <summary>Request metadata asking Echo to wait this many milliseconds (at most 10,000) first, for deadline tests.</summary>
    public const string DelayHeader = "bench-delay-ms";

    /// <summary>The message of a deliberate failure (non-ASCII on purpose: it exercises grpc-message percent-encoding).</summary>
    public const string DeliberateFailureMessage = "deliberate failure requested by bench-fail-status — ✓";

    private readonly ConcurrentDictionary<GrpcServerCall, byte> _live = new();

    /// <summary>Cancels every call still in progress (listener shutdown).</summary>
    public void ShutdownAll()
    {
        foreach (var call in _live.Keys) call.Shutdown();
    }

    /// <summary>Unary Echo: answers the request unchanged, or fails/waits as its metadata asks, or answers <see cref="EchoMetadata.ResponseBytes"/> bytes of a fixed pattern (byte i = i mod 251).</summary>
    /// <exception cref="RpcException">The status asked for by <see cref="FailStatusHeader"/>; RESOURCE_EXHAUSTED for a payload over the maximum.</exception>
    public async Task<Chunk> Echo(Chunk request, ServerCallContext context)
    {
        Admit(context);
        if (Number(context, DelayHeader) is { } delay) await Task.Delay(Math.Clamp(delay, 0, 10_000), context.CancellationToken).ConfigureAwait(false);
        if (Number(context, FailStatusHeader) is { } status and >= 1 and <= 16) throw new RpcException(new Status((StatusCode)status, DeliberateFailureMessage));
        if (request.Data.Length > maxMessageBytes) // within the serialized limit, but the payload is one to six bytes over
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"received a message of {request.Data.Length} B; the maximum is {maxMessageBytes} B"));
        if (Number(context, EchoMetadata.ResponseBytes) is { } size)
        {
            if (size < 0 || size > maxMessageBytes)
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"{EchoMetadata.ResponseBytes}: {size} is out of range [0, {maxMessageBytes}]"));
            return new Chunk { Data = Google.Protobuf.UnsafeByteOperations.UnsafeWrap(ResponsePattern(size)) };
        }
        return request;
    }

    private static byte[] _responsePattern = [];

    /// <summary>The first <paramref name="size"/> bytes of the shared, never-written response pattern (grown on demand).</summary>
    private static ReadOnlyMemory<byte> ResponsePattern(int size)
    {
        var pattern = Volatile.Read(ref _responsePattern);
        if (pattern.Length < size)
        {
            pattern = new byte[size];
            for (int i = 0; i < size; i++) pattern[i] = (byte)(i % 251);
            Volatile.Write(ref _responsePattern, pattern);
        }
        return pattern.AsMemory(0, size);
    }

    /// <summary>Client streaming: the application receives; its CompleteSendAsync answers with the summary.</summary>
    public async Task<UploadSummary> Upload(IAsyncStreamReader<Chunk> requests, ServerCallContext context)
        => (await ServeAsync(context, () => new GrpcServerCall(GrpcCallKind.Upload, requests, null, context, maxMessageBytes, capabilities, null)).ConfigureAwait(false))!;

    /// <summary>Server streaming: the application sends.</summary>
    public Task Download(DownloadRequest request, IServerStreamWriter<Chunk> responses, ServerCallContext context)
        => ServeAsync(context, () => new GrpcServerCall(GrpcCallKind.Download, null, responses, context, maxMessageBytes, capabilities, request));

    /// <summary>Bidirectional streaming: the application sends and receives.</summary>
    public Task Exchange(IAsyncStreamReader<Chunk> requests, IServerStreamWriter<Chunk> responses, ServerCallContext context)
        => ServeAsync(context, () => new GrpcServerCall(GrpcCallKind.Exchange, requests, responses, context, maxMessageBytes, capabilities, null));

    private async Task<UploadSummary?> ServeAsync(ServerCallContext context, Func<GrpcServerCall> create)
    {
        Admit(context);
        var call = create();
        _live.TryAdd(call, 0);
        try
        {
            if (!accepted.TryWrite(call)) throw new RpcException(new Status(StatusCode.Unavailable, "the server is shutting down"));
            return await call.Completion.ConfigureAwait(false);
        }
        finally
        {
            _live.TryRemove(call, out _);
        }
    }

    /// <summary>Lets a call of this run through; refuses and records any other.</summary>
    /// <exception cref="RpcException">PERMISSION_DENIED: the call's metadata lacks this run's token.</exception>
    private void Admit(ServerCallContext context)
    {
        var verdict = membership.CheckHex(context.RequestHeaders.GetValue(RunTokenMetadata.Key));
        if (verdict == MembershipVerdict.Member) return;
        var connection = context.GetHttpContext().Connection;
        var remote = connection.RemoteIpAddress is { } ip ? new System.Net.IPEndPoint(ip, connection.RemotePort) : null;
        Refused.Add(new RefusedPeer("grpc", remote, verdict, DateTimeOffset.UtcNow));
        throw new RpcException(new Status(StatusCode.PermissionDenied, $"this call does not belong to this run ({RefusedPeer.Describe(verdict)})"));
    }

    private static int? Number(ServerCallContext context, string key)
        => context.RequestHeaders.GetValue(key) is { } text && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) ? value : null;
}
