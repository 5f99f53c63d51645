using Transports.Abstractions;

namespace Transports.Tests.Scenarios.Fakes;

/// <summary>A receive-only byte stream that hands out a fixed byte array in pseudo-random chunks of 1..maxChunk bytes.</summary>
public sealed class ChunkedStreamConnection(byte[] data, int maxChunk, int seed) : ITransportConnection
{
    private readonly Random _random = new(seed);
    private int _offset;

    public TransportCapabilities Capabilities { get; } = new(TransportFeatures.Reliable | TransportFeatures.Ordered | TransportFeatures.OrderlyClose, null);

    public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) => throw new InvalidOperationException("receive-only");

    public ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_offset == data.Length) return ValueTask.FromResult(ReceiveResult.Completed);
        int count = Math.Min(Math.Min(_random.Next(1, maxChunk + 1), buffer.Length), data.Length - _offset);
        data.AsSpan(_offset, count).CopyTo(buffer.Span);
        _offset += count;
        return ValueTask.FromResult(new ReceiveResult(count, false));
    }

    public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public void Abort() { }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
