using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Transports.Udp.Batching;

/// <summary>
/// Receives many datagrams in one recvmmsg(2) call into a pinned slab and hands them out one at a time, so each
/// datagram stays one message of the transport. With <c>UDP_GRO</c> on (udp(7)) a slot of 64 KiB may hold several
/// datagrams the kernel coalesced; the <c>UDP_GRO</c> cmsg gives their size and they are split by it (the last may be
/// shorter), as the kernel's own selftests do (tools/testing/selftests/net/udpgso_bench_rx.c). Every call is
/// non-blocking (<c>MSG_DONTWAIT</c>). One caller at a time.
/// </summary>
internal sealed class BatchReceiver
{
    /// <summary>Bytes of one slot with GRO: the largest coalesced receive (a 16-bit IP length).</summary>
    public const int GroSlotBytes = 65536;

    /// <summary>Slots with GRO (1 MiB of slab).</summary>
    public const int GroSlots = 16;

    /// <summary>Most slots without GRO; fewer when the datagram size is large (the slab stays near 1 MiB).</summary>
    public const int MaxSlots = 64;

    private readonly IBatchSocketCalls _calls;
    private readonly int _slotBytes;
    private readonly int _slots;
    private readonly byte[] _slab;
    private readonly MMsgHdr[] _messages;
    private readonly IoVec[] _iovecs;
    private readonly byte[] _control;
    private readonly (int Offset, int Length, int Segment)[] _queue; // one entry per received message
    private int _head, _messagesQueued, _pending;

    /// <summary>Creates the receiver.</summary>
    /// <param name="calls">The libc calls.</param>
    /// <param name="maxDatagramBytes">Largest datagram the transport accepts; a longer one fails the receive.</param>
    /// <param name="gro">Slots big enough for GRO-coalesced receives.</param>
    public BatchReceiver(IBatchSocketCalls calls, int maxDatagramBytes, bool gro)
    {
        _calls = calls;
        _slotBytes = gro ? Math.Max(GroSlotBytes, maxDatagramBytes) : maxDatagramBytes;
        _slots = gro ? GroSlots : Math.Clamp((1 << 20) / maxDatagramBytes, 1, MaxSlots);
        _slab = GC.AllocateUninitializedArray<byte>(_slots * _slotBytes, pinned: true);
        _messages = GC.AllocateArray<MMsgHdr>(_slots, pinned: true);
        _iovecs = GC.AllocateArray<IoVec>(_slots, pinned: true);
        _control = GC.AllocateArray<byte>(_slots * ControlMessages.ReceiveSpace, pinned: true);
        _queue = new (int, int, int)[_slots];
        for (int i = 0; i < _slots; i++)
        {
            _iovecs[i] = new IoVec { Base = Marshal.UnsafeAddrOfPinnedArrayElement(_slab, i * _slotBytes), Length = (nuint)_slotBytes };
        }
        Gro = gro;
    }

    /// <summary>True when the slots are sized for GRO.</summary>
    public bool Gro { get; }

    /// <summary>True when the last <see cref="Receive"/> filled every slot: more is probably queued right now.</summary>
    public bool LastFilledAllSlots { get; private set; }

    /// <summary>Datagrams received and not yet taken.</summary>
    public int Pending => _pending;

    /// <summary>
    /// One recvmmsg(2) call into the empty slab. Call only when <see cref="Pending"/> is 0.
    /// </summary>
    /// <param name="socket">A connected UDP socket.</param>
    /// <param name="errno">The error number when the call failed, else 0; <see cref="Errno.EMsgSize"/> for a datagram
    /// longer than the slot (truncated by the kernel) or a coalesced segment longer than the slot size.</param>
    /// <returns>Datagrams now pending (at least 1), or -1 with <paramref name="errno"/> set.</returns>
    public int Receive(SafeSocketHandle socket, out int errno)
    {
        for (int i = 0; i < _slots; i++)
        {
            ref var header = ref _messages[i].Header;
            header = default;
            header.IoVecs = Marshal.UnsafeAddrOfPinnedArrayElement(_iovecs, i);
            header.IoVecCount = 1;
            if (Gro)
            {
                header.Control = Marshal.UnsafeAddrOfPinnedArrayElement(_control, i * ControlMessages.ReceiveSpace);
                header.ControlLength = ControlMessages.ReceiveSpace;
            }
            _messages[i].Length = 0;
        }
        int received = _calls.ReceiveMessages(socket, Marshal.UnsafeAddrOfPinnedArrayElement(_messages, 0), (uint)_slots, LinuxUdp.MsgDontWait, out errno);
        if (received <= 0)
        {
            if (received == 0) errno = LinuxUdp.EAgain;
            return -1;
        }
        LastFilledAllSlots = received == _slots;
        _head = 0;
        _messagesQueued = 0;
        _pending = 0;
        for (int i = 0; i < received; i++)
        {
            ref var message = ref _messages[i];
            int length = (int)message.Length;
            if ((message.Header.Flags & LinuxUdp.MsgTrunc) != 0)
            {
                errno = Errno.EMsgSize;
                return -1;
            }
            int segment = Gro ? ControlMessages.ReadGroSegmentSize(_control.AsSpan(i * ControlMessages.ReceiveSpace, (int)Math.Min(message.Header.ControlLength, (nuint)ControlMessages.ReceiveSpace))) : 0;
            if (segment <= 0 || segment >= length) segment = length; // one datagram (an empty one included)
            _queue[_messagesQueued++] = (i * _slotBytes, length, segment);
            _pending += length == 0 ? 1 : (length + segment - 1) / segment;
        }
        return _pending;
    }

    /// <summary>Copies the next pending datagram into <paramref name="destination"/>.</summary>
    /// <param name="destination">Room for the datagram.</param>
    /// <param name="length">The datagram's length.</param>
    /// <returns>False when none is pending.</returns>
    /// <exception cref="SocketException"><see cref="SocketError.MessageSize"/>: the datagram is longer than <paramref name="destination"/>.</exception>
    public bool TryTake(Span<byte> destination, out int length)
    {
        length = 0;
        if (_pending == 0) return false;
        ref var message = ref _queue[_head];
        int n = Math.Min(message.Segment, message.Length);
        int offset = message.Offset;
        message.Offset += n;
        message.Length -= n;
        if (message.Length <= 0) _head++; // the message's last (or only) datagram
        _pending--;
        if (n > destination.Length) throw Errno.ToSocketException(Errno.EMsgSize);
        _slab.AsSpan(offset, n).CopyTo(destination);
        length = n;
        return true;
    }
}
