using System.Collections.Concurrent;
using Transports.Abstractions;
using Transports.Grpc;
using Transports.Tests.Support;

namespace Transports.Tests.Grpc;

/// <summary>
/// The application behind our gRPC server in the interop tests: accepts calls from the listener and serves them
/// through the transport abstraction only. Upload: hash everything, answer (the transport sends the summary).
/// Download: send <see cref="InteropPayload"/> as the request asks. Exchange: echo every message.
/// </summary>
internal sealed class InteropServerApp(ITransportListener listener)
{
    public ConcurrentQueue<(long Bytes, string Sha256)> Uploads { get; } = new();
    public ConcurrentQueue<Exception> Errors { get; } = new();

    public async Task RunAsync(CancellationToken ct)
    {
        var served = new List<Task>();
        try
        {
            while (true)
            {
                var call = (IGrpcCall)await listener.AcceptAsync(ct);
                served.Add(Task.Run(() => ServeAsync(call, ct), CancellationToken.None));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        await Task.WhenAll(served);
    }

    private async Task ServeAsync(IGrpcCall call, CancellationToken ct)
    {
        await using var _ = call;
        try
        {
            switch (call.Kind)
            {
                case GrpcCallKind.Upload:
                    var (bytes, sha) = await Payloads.ReceiveAllAsync(call, ct);
                    Uploads.Enqueue((bytes, Convert.ToHexStringLower(sha)));
                    await call.CompleteSendAsync(ct);
                    break;
                case GrpcCallKind.Download:
                    long total = call.DownloadRequest!.TotalBytes;
                    int chunk = call.DownloadRequest.ChunkBytes > 0 ? call.DownloadRequest.ChunkBytes : 65536;
                    for (long offset = 0; offset < total; offset += chunk)
                        await call.SendAsync(InteropPayload.Pattern(offset, (int)Math.Min(chunk, total - offset)), ct);
                    await call.CompleteSendAsync(ct);
                    break;
                case GrpcCallKind.Exchange:
                    var buffer = new byte[call.Capabilities.MaxMessageSizeBytes!.Value];
                    while (true)
                    {
                        var r = await call.ReceiveAsync(buffer, ct);
                        if (r.IsCompleted) break;
                        await call.SendAsync(buffer.AsMemory(0, r.Count), ct);
                    }
                    await call.CompleteSendAsync(ct);
                    break;
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            Errors.Enqueue(e); // asserted by the test: only the expected reset may be here
        }
    }
}
