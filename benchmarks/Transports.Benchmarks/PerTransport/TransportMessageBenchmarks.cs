using System.Buffers.Binary;
using System.Net;
using System.Runtime.CompilerServices;
using BenchmarkDotNet.Attributes;
using Transports.Abstractions;
using Transports.Harness.Catalog;
using Transports.Scenarios.Core;

namespace Transports.Benchmarks.PerTransport;

/// <summary>
/// The per-transport suite: time and allocations per message of every catalog transport over loopback, in one process,
/// for the CI gate's BenchmarkDotNet input (docs/CI.md). <see cref="PerTransportRoundTrip"/>: one message to an echoing server and
/// back (the RTT, one in flight); <see cref="PerTransportOneWay"/>: <see cref="Messages"/> messages sent back to back and drained by
/// the server, which acknowledges the last one (reliable transports only). Each message carries its sequence number in
/// its first 8 bytes; the echo and the server's drain check it, so a lost, reordered or corrupted message fails the
/// benchmark instead of being timed. Every wait is bounded (<see cref="Timeout"/>).
/// Run: <c>Transports.Benchmarks --filter '*PerTransport*'</c> (add <c>--exporters json</c> for the full JSON).
/// </summary>
public abstract class TransportMessageBenchmarks
{
    /// <summary>Messages per benchmark invocation (the per-message figures divide by it).</summary>
    public const int Messages = 256;

    /// <summary>The longest an invocation may wait for the peer before it fails.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private ITransport? _transport;
    private ConnectedPair? _pair;
    private Task? _server;
    private CancellationTokenSource? _stop;
    private byte[] _send = [];
    private byte[] _receive = [];
    private long _sequence;

    /// <summary>The case measured (transport and message size).</summary>
    protected abstract MessageCase Case { get; }

    /// <summary>Connects a client and a server of the case's transport on loopback and starts the server's loop.</summary>
    /// <param name="echo">True: the server echoes every message; false: it drains and acknowledges every <see cref="Messages"/>th.</param>
    protected void Setup(bool echo)
    {
        _transport = TransportCatalog.Find(Case.Transport)!.Create(OptionValues.Empty);
        _stop = new CancellationTokenSource();
        using var connect = new CancellationTokenSource(Timeout);
        _pair = ConnectedPair.OpenAsync(_transport, new IPEndPoint(IPAddress.Loopback, 0), StreamDirection.Bidirectional, connect.Token).GetAwaiter().GetResult();
        _send = new byte[Case.SizeBytes];
        _receive = new byte[Math.Max(Case.SizeBytes, _transport.Capabilities.MaxMessageSizeBytes ?? Case.SizeBytes)];
        for (int i = 8; i < _send.Length; i++) _send[i] = (byte)(i * 31 + 7);
        var server = _pair.Server;
        bool boundaries = _transport.Capabilities.Features.HasFlag(TransportFeatures.MessageBoundaries);
        _server = Task.Run(() => echo ? EchoAsync(server, boundaries, _stop.Token) : DrainAsync(server, boundaries, _stop.Token));
    }

    /// <summary>Stops the server loop and closes both ends and the transport.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _stop?.Cancel();
        try { _server?.Wait(Timeout); } catch (AggregateException) { } // cancelled: the loop ends that way
        _pair?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _transport?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary><see cref="Messages"/> round trips, one in flight; the time per operation is one RTT.</summary>
    protected async Task RoundTripAsync()
    {
        using var deadline = new CancellationTokenSource(Timeout);
        var client = _pair!.Client;
        bool boundaries = _transport!.Capabilities.Features.HasFlag(TransportFeatures.MessageBoundaries);
        for (int i = 0; i < Messages; i++)
        {
            long sequence = ++_sequence;
            BinaryPrimitives.WriteInt64LittleEndian(_send, sequence);
            await client.SendAsync(_send, deadline.Token).ConfigureAwait(false);
            await ReadMessageAsync(client, _receive, Case.SizeBytes, boundaries, deadline.Token).ConfigureAwait(false);
            long echoed = BinaryPrimitives.ReadInt64LittleEndian(_receive);
            if (echoed != sequence) throw new InvalidOperationException($"{Case}: echo of message {echoed} where {sequence} was sent");
        }
    }

    /// <summary><see cref="Messages"/> messages sent back to back, drained by the server, which acknowledges the last.</summary>
    protected async Task OneWayAsync()
    {
        using var deadline = new CancellationTokenSource(Timeout);
        var client = _pair!.Client;
        bool boundaries = _transport!.Capabilities.Features.HasFlag(TransportFeatures.MessageBoundaries);
        long last = 0;
        for (int i = 0; i < Messages; i++)
        {
            last = ++_sequence;
            BinaryPrimitives.WriteInt64LittleEndian(_send, last);
            await client.SendAsync(_send, deadline.Token).ConfigureAwait(false);
        }
        await ReadMessageAsync(client, _receive, 8, boundaries, deadline.Token).ConfigureAwait(false);
        long acknowledged = BinaryPrimitives.ReadInt64LittleEndian(_receive);
        if (acknowledged != last) throw new InvalidOperationException($"{Case}: acknowledgement of message {acknowledged} where {last} was the last sent");
    }

    private async Task EchoAsync(ITransportConnection server, bool boundaries, CancellationToken ct)
    {
        var buffer = new byte[_receive.Length];
        while (!ct.IsCancellationRequested)
        {
            await ReadMessageAsync(server, buffer, Case.SizeBytes, boundaries, ct).ConfigureAwait(false);
            await server.SendAsync(buffer.AsMemory(0, Case.SizeBytes), ct).ConfigureAwait(false);
        }
    }

    private async Task DrainAsync(ITransportConnection server, bool boundaries, CancellationToken ct)
    {
        var buffer = new byte[_receive.Length];
        var ack = new byte[8];
        long expected = 0;
        while (!ct.IsCancellationRequested)
        {
            for (int i = 0; i < Messages; i++)
            {
                await ReadMessageAsync(server, buffer, Case.SizeBytes, boundaries, ct).ConfigureAwait(false);
                long sequence = BinaryPrimitives.ReadInt64LittleEndian(buffer);
                if (expected != 0 && sequence != expected + 1)
                    throw new InvalidOperationException($"{Case}: message {sequence} arrived after {expected}");
                expected = sequence;
            }
            BinaryPrimitives.WriteInt64LittleEndian(ack, expected);
            await server.SendAsync(ack, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Reads one message of <paramref name="size"/> bytes: one receive on a message transport, else exactly that many bytes of the stream.</summary>
    /// <exception cref="InvalidOperationException">The peer closed, or a message of another size arrived.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))] // the suite's own steady state allocates nothing per message
    private static async ValueTask ReadMessageAsync(ITransportConnection connection, byte[] buffer, int size, bool boundaries, CancellationToken ct)
    {
        if (boundaries)
        {
            var r = await connection.ReceiveAsync(buffer, ct).ConfigureAwait(false);
            if (r.IsCompleted || r.Count != size) throw new InvalidOperationException($"a message of {r.Count} bytes (completed: {r.IsCompleted}) where {size} were expected");
            return;
        }
        int read = 0;
        while (read < size)
        {
            var r = await connection.ReceiveAsync(buffer.AsMemory(read, size - read), ct).ConfigureAwait(false);
            if (r.IsCompleted) throw new InvalidOperationException($"the peer closed after {read} of {size} bytes");
            read += r.Count;
        }
    }
}

/// <summary>Round trips (RTT per message) of every transport × size over loopback.</summary>
public class PerTransportRoundTrip : TransportMessageBenchmarks
{
    /// <summary>The transport and size, from <see cref="Cases"/>.</summary>
    [ParamsSource(nameof(Cases))]
    public MessageCase Transport { get; set; } = new("tcp", 64, true);

    /// <summary>Every transport × size (see <see cref="MessageCase.All"/>).</summary>
    public static IEnumerable<MessageCase> Cases() => MessageCase.All(reliableOnly: false);

    /// <inheritdoc />
    protected override MessageCase Case => Transport;

    /// <summary>Opens the pair; the server echoes.</summary>
    [GlobalSetup]
    public void GlobalSetup() => Setup(echo: true);

    /// <summary>One round trip per operation.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task RoundTrip() => RoundTripAsync();
}

/// <summary>One-way sends (time per message, back to back) of every reliable transport × size over loopback.</summary>
public class PerTransportOneWay : TransportMessageBenchmarks
{
    /// <summary>The transport and size, from <see cref="Cases"/>.</summary>
    [ParamsSource(nameof(Cases))]
    public MessageCase Transport { get; set; } = new("tcp", 64, true);

    /// <summary>Every reliable transport × size: a one-way send to a transport that may drop it would wait for nothing.</summary>
    public static IEnumerable<MessageCase> Cases() => MessageCase.All(reliableOnly: true);

    /// <inheritdoc />
    protected override MessageCase Case => Transport;

    /// <summary>Opens the pair; the server drains and acknowledges.</summary>
    [GlobalSetup]
    public void GlobalSetup() => Setup(echo: false);

    /// <summary>One message sent per operation.</summary>
    [Benchmark(OperationsPerInvoke = Messages)]
    public Task OneWay() => OneWayAsync();
}
