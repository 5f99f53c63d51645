using System.Net;
using Transports.Abstractions;
using Transports.Tcp;

namespace Transports.Tests.Support;

/// <summary>
/// Test-only transports built on real TCP that misbehave on purpose: a server that drops the connection after
/// some bytes (a peer that disconnects mid-transfer), and a server whose receive hangs and ignores cancellation.
/// </summary>
public sealed class FaultyTransportFactory(string name, Func<ITransportConnection, ITransportConnection> wrapServer) : ITransportFactory
{
    public string Name => name;
    public string Description => "test-only faulty transport";
    public IReadOnlyList<OptionSpec> Options => [];
    public ITransport Create(OptionValues settings, RunIdentity identity) => new Faulty(name, new TcpTransport(new TcpTransportOptions(), identity.Membership), wrapServer);

    public static FaultyTransportFactory DisconnectsAfter(long bytes) => new("drops", c => new DroppingConnection(c, bytes));
    public static FaultyTransportFactory Hangs() => new("hangs", c => new HangingConnection(c));

    /// <summary>A server whose receive flips one bit of the byte at offset <paramref name="offset"/> of the stream (a corrupting path).</summary>
    public static FaultyTransportFactory CorruptsByteAt(long offset) => new("corrupts", c => new CorruptingConnection(c, offset));

    private sealed class Faulty(string name, ITransport inner, Func<ITransportConnection, ITransportConnection> wrap) : ITransport
    {
        public string Name => name;
        public TransportCapabilities Capabilities => inner.Capabilities;
        public IReadOnlyDictionary<string, string> Settings => inner.Settings;
        public async ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken ct = default)
            => new Listener(await inner.ListenAsync(localEndPoint, ct), wrap);
        public ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remote, ConnectOptions options, CancellationToken ct = default)
            => inner.ConnectAsync(remote, options, ct);
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class Listener(ITransportListener inner, Func<ITransportConnection, ITransportConnection> wrap) : ITransportListener
    {
        public IPEndPoint LocalEndPoint => inner.LocalEndPoint;
        public async ValueTask<ITransportConnection> AcceptAsync(CancellationToken ct = default) => wrap(await inner.AcceptAsync(ct));
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private class Passthrough(ITransportConnection inner) : ITransportConnection
    {
        protected ITransportConnection Inner => inner;
        public TransportCapabilities Capabilities => inner.Capabilities;
        public virtual ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken ct = default) => inner.SendAsync(payload, ct);
        public virtual ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken ct = default) => inner.ReceiveAsync(buffer, ct);
        public ValueTask CompleteSendAsync(CancellationToken ct = default) => inner.CompleteSendAsync(ct);
        public void Abort() => inner.Abort();
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class DroppingConnection(ITransportConnection inner, long limit) : Passthrough(inner)
    {
        private long _received;

        public override async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            var r = await Inner.ReceiveAsync(buffer, ct);
            _received += r.Count;
            if (_received < limit) return r;
            Inner.Abort(); // the receiving peer "crashes": RST to the sender
            throw new TransportException(TransportError.ConnectionReset, $"test peer dropped the connection after {_received} bytes");
        }
    }

    private sealed class HangingConnection(ITransportConnection inner) : Passthrough(inner)
    {
        public override async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            await Task.Delay(TimeSpan.FromSeconds(60), CancellationToken.None); // ignores cancellation on purpose (bounded: 60 s)
            return ReceiveResult.Completed;
        }
    }

    private sealed class CorruptingConnection(ITransportConnection inner, long offset) : Passthrough(inner)
    {
        private long _received;

        public override async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            var r = await Inner.ReceiveAsync(buffer, ct);
            if (offset >= _received && offset < _received + r.Count) buffer.Span[(int)(offset - _received)] ^= 0x10;
            _received += r.Count;
            return r;
        }
    }
}
