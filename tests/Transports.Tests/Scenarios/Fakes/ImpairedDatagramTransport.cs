using System.Collections.Concurrent;
using System.Net;
using System.Threading.Channels;
using Transports.Abstractions;

namespace Transports.Tests.Scenarios.Fakes;

/// <summary>
/// Deterministic impairment applied to the n-th message a connection sends (n = 0, 1, …): drop it, send it twice, hold
/// it back and deliver it after the next message (a swap), or flip its last byte (corruption that keeps the header).
/// 0 disables an impairment.
/// </summary>
public sealed record Impairment(int DropEvery = 0, int DuplicateEvery = 0, int SwapEvery = 0, int CorruptEvery = 0)
{
    public bool Corrupts(long n) => CorruptEvery > 0 && n % CorruptEvery == CorruptEvery - 1;

    public bool Drops(long n) => DropEvery > 0 && n % DropEvery == DropEvery - 1;
    public bool Duplicates(long n) => DuplicateEvery > 0 && n % DuplicateEvery == DuplicateEvery - 1;
    public bool Swaps(long n) => SwapEvery > 0 && n % SwapEvery == SwapEvery - 1;
}

/// <summary>
/// Test-only, in-memory unreliable datagram transport (message boundaries, no reliability, no orderly close) that
/// loses, duplicates and reorders by a deterministic <see cref="Impairment"/> pattern, to test the scenarios' unreliable
/// paths exactly. Allocates per message: it is a fake, not a measured transport.
/// </summary>
public sealed class ImpairedDatagramTransport(Impairment impairment, int maxMessageSizeBytes = 1472) : ITransport
{
    private static int _nextPort = 40000;
    private readonly ConcurrentDictionary<int, FakeListener> _listeners = new();

    public string Name => "fake-impaired-datagrams";

    public TransportCapabilities Capabilities { get; } = new(TransportFeatures.MessageBoundaries | TransportFeatures.Datagrams, maxMessageSizeBytes);

    public IReadOnlyDictionary<string, string> Settings { get; } = new Dictionary<string, string> { ["impairment"] = impairment.ToString() };

    public ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken cancellationToken = default)
    {
        var listener = new FakeListener(new IPEndPoint(localEndPoint.Address, Interlocked.Increment(ref _nextPort)));
        _listeners[listener.LocalEndPoint.Port] = listener;
        return ValueTask.FromResult<ITransportListener>(listener);
    }

    public ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remoteEndPoint, ConnectOptions options, CancellationToken cancellationToken = default)
    {
        if (!_listeners.TryGetValue(remoteEndPoint.Port, out var listener))
            throw new TransportException(TransportError.ConnectionRefused, $"nothing listens on {remoteEndPoint}");
        var toServer = Channel.CreateUnbounded<byte[]>();
        var toClient = Channel.CreateUnbounded<byte[]>();
        var client = new FakeConnection(Capabilities, impairment, toClient.Reader, toServer.Writer);
        var server = new FakeConnection(Capabilities, impairment, toServer.Reader, toClient.Writer);
        listener.Pending.Writer.TryWrite(server);
        return ValueTask.FromResult<ITransportConnection>(client);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private sealed class FakeListener(IPEndPoint endPoint) : ITransportListener
    {
        public Channel<ITransportConnection> Pending { get; } = Channel.CreateUnbounded<ITransportConnection>();
        public IPEndPoint LocalEndPoint => endPoint;
        public ValueTask<ITransportConnection> AcceptAsync(CancellationToken cancellationToken = default) => Pending.Reader.ReadAsync(cancellationToken);
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class FakeConnection(TransportCapabilities capabilities, Impairment impairment,
        ChannelReader<byte[]> inbound, ChannelWriter<byte[]> outbound) : ITransportConnection
    {
        private long _sent;
        private byte[]? _held;
        private int _heldCopies;

        public TransportCapabilities Capabilities => capabilities;

        public ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
        {
            MessageTooLargeException.ThrowIfTooLarge(payload.Length, capabilities.MaxMessageSizeBytes);
            long n = _sent++;
            if (impairment.Drops(n)) return ValueTask.CompletedTask;
            var copy = payload.ToArray();
            if (impairment.Corrupts(n) && copy.Length > 16) copy[^1] ^= 0xFF;
            int copies = impairment.Duplicates(n) ? 2 : 1;
            if (impairment.Swaps(n) && _held is null)
            {
                _held = copy;
                _heldCopies = copies;
                return ValueTask.CompletedTask;
            }
            for (int i = 0; i < copies; i++) outbound.TryWrite(copy);
            if (_held is not null)
            {
                for (int i = 0; i < _heldCopies; i++) outbound.TryWrite(_held);
                _held = null;
            }
            return ValueTask.CompletedTask;
        }

        public async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.Length < capabilities.MaxMessageSizeBytes) throw new ArgumentException("receive buffer smaller than the maximum message size", nameof(buffer));
            try
            {
                var message = await inbound.ReadAsync(cancellationToken);
                message.CopyTo(buffer);
                return new ReceiveResult(message.Length, false);
            }
            catch (ChannelClosedException e)
            {
                throw new TransportException(TransportError.ConnectionReset, "fake: connection closed", e);
            }
        }

        public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask; // no orderly close

        public void Abort() => outbound.TryComplete();

        public ValueTask DisposeAsync()
        {
            outbound.TryComplete();
            return ValueTask.CompletedTask;
        }
    }
}
