using Transports.Abstractions;
using Transports.Grpc.Protos;
using Grpc.Net.Client;

namespace Transports.Grpc.Client;

/// <summary>
/// A call on a channel and HTTP handler of its own (<see cref="ConnectOptions.NewConnection"/>): the call's HTTP/2
/// connection is opened for it and closed when it is disposed (the call first, then the channel, then the handler,
/// whose pool closes the connection). Everything else is the call's.
/// </summary>
internal sealed class OwnChannelCall : IGrpcCall
{
    private readonly IGrpcCall _call;
    private readonly GrpcChannel _channel;
    private readonly HttpMessageHandler _handler;

    /// <summary>Wraps <paramref name="call"/>, which runs on <paramref name="channel"/> over <paramref name="handler"/>.</summary>
    /// <param name="call">The started call.</param>
    /// <param name="channel">Its channel, used by nothing else.</param>
    /// <param name="handler">The channel's handler, used by nothing else.</param>
    public OwnChannelCall(IGrpcCall call, GrpcChannel channel, HttpMessageHandler handler)
    {
        _call = call;
        _channel = channel;
        _handler = handler;
    }

    /// <inheritdoc />
    public TransportCapabilities Capabilities => _call.Capabilities;

    /// <inheritdoc />
    public GrpcCallKind Kind => _call.Kind;

    /// <inheritdoc />
    public DownloadRequest? DownloadRequest => _call.DownloadRequest;

    /// <inheritdoc />
    public UploadSummary? UploadSummary => _call.UploadSummary;

    /// <inheritdoc />
    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => _call.SendAsync(payload, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _call.ReceiveAsync(buffer, cancellationToken);

    /// <inheritdoc />
    public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default) => _call.CompleteSendAsync(cancellationToken);

    /// <inheritdoc />
    public void Abort() => _call.Abort();

    /// <inheritdoc />
    public IReadOnlyDictionary<string, double> GetStatistics() => _call.GetStatistics();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _call.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _channel.Dispose();
            _handler.Dispose();
        }
    }
}
