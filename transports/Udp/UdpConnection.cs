using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Transports.Abstractions;
using Transports.Udp.Batching;

namespace Transports.Udp;

/// <summary>
/// A connected UDP socket: one send is one datagram. No orderly close: completion and abort are local only.
/// Sends and receives take the transport's <see cref="UdpIoPaths"/>: System.Net.Sockets (one system call per datagram)
/// or the batched Linux calls (<see cref="BatchSender"/>, <see cref="BatchReceiver"/>), falling back to the next simpler
/// path when a batched call says the kernel does not have it. Counts its system calls and datagrams
/// (<see cref="GetStatistics"/>).
/// </summary>
internal sealed class UdpConnection : ITransportConnection, IDatagramBatchSender
{
    private readonly Socket _socket;
    private readonly SafeSocketHandle _handle;
    private readonly UdpIoPaths _paths;
    private readonly int _maxBytes;
    private BatchSender? _sender;
    private BatchReceiver? _receiver;
    private UdpSendPath _sendPath;
    private UdpReceivePath _receivePath;
    private readonly byte[] _plainReceive; // one byte more than the maximum: a longer datagram shows as such, not truncated
    private bool _groOn;
    private long _sendCalls, _sentDatagrams, _receiveCalls, _receivedDatagrams;

    public UdpConnection(Socket socket, TransportCapabilities capabilities, UdpIoPaths paths)
    {
        _socket = socket;
        _handle = socket.SafeHandle;
        _paths = paths;
        Capabilities = capabilities;
        _maxBytes = capabilities.MaxMessageSizeBytes!.Value;
        _sendPath = paths.Send;
        _receivePath = paths.Receive;
        _plainReceive = new byte[_maxBytes + 1];
    }

    public TransportCapabilities Capabilities { get; }

    /// <summary>The send path this connection uses now.</summary>
    public UdpSendPath SendPath => _sendPath;

    /// <summary>The receive path this connection uses now.</summary>
    public UdpReceivePath ReceivePath => _receivePath;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        MessageTooLargeException.ThrowIfTooLarge(payload.Length, _maxBytes);
        try
        {
            await _socket.SendAsync(payload, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            _sendCalls++;
            _sentDatagrams++;
        }
        catch (Exception e) when (TransportErrors.TryTranslate(e, "udp send", out var t, disposed: "socket closed")) { throw t; }
    }

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask SendBatchAsync(ReadOnlyMemory<byte> datagrams, int datagramBytes, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(datagramBytes, 1);
        MessageTooLargeException.ThrowIfTooLarge(datagramBytes, _maxBytes);
        try
        {
            int position = 0;
            while (position < datagrams.Length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_sendPath != UdpSendPath.Sendto)
                {
                    _sender ??= new BatchSender(_paths.Calls);
                    int sent = _sender.Send(_handle, datagrams.Span[position..], datagramBytes, _sendPath == UdpSendPath.Gso, out int errno);
                    _sendCalls++;
                    if (sent > 0)
                    {
                        _sentDatagrams += sent;
                        position = (int)Math.Min((long)position + (long)sent * datagramBytes, datagrams.Length);
                        continue;
                    }
                    if (errno == LinuxUdp.EIntr) continue;
                    if (LinuxUdp.IsUnsupported(errno))
                    {
                        _sendPath = _paths.FallBack(_sendPath, errno);
                        continue;
                    }
                    if (errno != LinuxUdp.EAgain) throw Errno.ToSocketException(errno);
                    // No room in the send buffer: one plain send below waits for it (the socket engine polls), then batch again.
                }
                int length = Math.Min(datagramBytes, datagrams.Length - position);
                await _socket.SendAsync(datagrams.Slice(position, length), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                _sendCalls++;
                _sentDatagrams++;
                position += length;
            }
        }
        catch (Exception e) when (TransportErrors.TryTranslate(e, "udp send", out var t, disposed: "socket closed")) { throw t; }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<ReceiveResult> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length < _maxBytes)
            throw new ArgumentException($"receive buffer of {buffer.Length} B is smaller than the max datagram size of {_maxBytes} B", nameof(buffer));
        try
        {
            while (true)
            {
                int n;
                if (_receivePath == UdpReceivePath.Recvfrom)
                {
                    // Receiving into exactly _maxBytes would truncate a longer datagram silently (System.Net.Sockets
                    // does not report MSG_TRUNC for a plain receive): give the kernel one byte more and check.
                    bool direct = buffer.Length > _maxBytes;
                    var into = direct ? buffer[..(_maxBytes + 1)] : _plainReceive;
                    n = await _socket.ReceiveAsync(into, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                    _receiveCalls++;
                    if (n > _maxBytes) throw Errno.ToSocketException(Errno.EMsgSize);
                    if (!direct) _plainReceive.AsSpan(0, n).CopyTo(buffer.Span);
                }
                else if (!TryTakeBatched(buffer.Span, out n))
                {
                    await ReceiveBatchAsync(cancellationToken).ConfigureAwait(false);
                    continue;
                }
                _receivedDatagrams++;
                if (n == UdpHandshake.Length && UdpHandshake.IsHandshake(buffer.Span[..n])) continue; // late hello retransmission
                return new ReceiveResult(n, false);
            }
        }
        catch (Exception e) when (TransportErrors.TryTranslate(e, "udp receive", out var t, disposed: "socket closed")) { throw t; }
    }

    private bool TryTakeBatched(Span<byte> destination, out int length)
    {
        length = 0;
        return _receiver is not null && _receiver.TryTake(destination, out length);
    }

    /// <summary>Fills the batch: one recvmmsg(2); when nothing is queued, waits for readability first (a zero-byte
    /// <c>MSG_PEEK</c> receive through the socket engine, which leaves the datagram queued). After a batch that did not
    /// fill every slot the queue is probably empty, so it waits first (that wait returns at once when data is there):
    /// a closed-loop exchange then costs the same calls as a plain receive instead of one failed recvmmsg more.</summary>
    private async ValueTask ReceiveBatchAsync(CancellationToken cancellationToken)
    {
        bool waitFirst = _receiver is { LastFilledAllSlots: false };
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (waitFirst)
            {
                await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
                _receiveCalls++;
                waitFirst = false;
            }
            var path = _receivePath;
            if (path == UdpReceivePath.Recvfrom) return;
            if (_receiver is null || _receiver.Gro != (path == UdpReceivePath.Gro))
                _receiver = new BatchReceiver(_paths.Calls, _maxBytes, path == UdpReceivePath.Gro);
            int pending = _receiver.Receive(_handle, out int errno);
            _receiveCalls++;
            if (path == UdpReceivePath.Gro && !_groOn && (pending > 0 || errno == LinuxUdp.EAgain)) EnableGro();
            if (pending > 0) return;
            if (errno == LinuxUdp.EAgain)
            {
                waitFirst = true;
                continue;
            }
            if (errno == LinuxUdp.EIntr) continue;
            if (!LinuxUdp.IsUnsupported(errno)) throw Errno.ToSocketException(errno);
            _receivePath = _paths.FallBack(path, errno);
            // Coalesced receives would reach a path that cannot split them: turn GRO off when leaving it (datagrams
            // already coalesced in the queue stay so; GRO is only turned on once recvmmsg has worked, see EnableGro).
            if (_groOn) _paths.Calls.SetOption(_handle, LinuxUdp.SolUdp, LinuxUdp.UdpGro, 0, out _);
            _groOn = false;
        }
    }

    /// <summary>
    /// Turns <c>UDP_GRO</c> on once recvmmsg(2) has answered (data or <c>EAGAIN</c>): a kernel or seccomp filter that
    /// refuses recvmmsg then never leaves coalesced datagrams for a plain receive that could not split them. Datagrams
    /// queued before are single ones, which the GRO-sized slots take as they are.
    /// </summary>
    private void EnableGro()
    {
        if (_paths.Calls.SetOption(_handle, LinuxUdp.SolUdp, LinuxUdp.UdpGro, 1, out int errno) == 0) _groOn = true;
        else _receivePath = _paths.FallBack(UdpReceivePath.Gro, errno);
    }

    /// <summary>
    /// <c>send_syscalls</c>, <c>sent_datagrams</c>, <c>receive_syscalls</c>, <c>received_datagrams</c> (those that are
    /// not zero: a one-way run's sender reports the send side, its receiver the receive side). Datagrams per system
    /// call tell how much the batched path batched; a plain path has one each (plus the waits for readability).
    /// </summary>
    public IReadOnlyDictionary<string, double> GetStatistics()
    {
        var statistics = new Dictionary<string, double>();
        if (_sendCalls > 0) statistics["send_syscalls"] = _sendCalls;
        if (_sentDatagrams > 0) statistics["sent_datagrams"] = _sentDatagrams;
        if (_receiveCalls > 0) statistics["receive_syscalls"] = _receiveCalls;
        if (_receivedDatagrams > 0) statistics["received_datagrams"] = _receivedDatagrams;
        return statistics;
    }

    public ValueTask CompleteSendAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public void Abort() => _socket.Dispose();

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
