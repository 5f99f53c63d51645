using System.Runtime.CompilerServices;
using Transports.Abstractions;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Messages;

/// <summary>
/// Receives fixed-size messages from any transport: one receive per message where the transport keeps message
/// boundaries; on a byte stream, exactly <see cref="MessageSizeBytes"/> bytes per message, however the stream splits or
/// coalesces them. Allocation-free in steady state (one buffer, pooled async state machines).
/// </summary>
public sealed class MessageReceiver
{
    private readonly ITransportConnection _connection;
    private readonly bool _messageBoundaries;
    private readonly byte[] _buffer;
    private int _start; // byte stream: first unread byte
    private int _end;   // byte stream: one past the last received byte

    /// <summary>Creates a receiver of <paramref name="messageSizeBytes"/>-byte messages on <paramref name="connection"/>.</summary>
    /// <param name="connection">The connection to read.</param>
    /// <param name="messageSizeBytes">Size of every message, in bytes.</param>
    public MessageReceiver(ITransportConnection connection, int messageSizeBytes)
    {
        _connection = connection;
        MessageSizeBytes = messageSizeBytes;
        _messageBoundaries = connection.Capabilities.HasMessageBoundaries;
        // With boundaries the buffer must hold the largest message the transport may deliver (contract).
        _buffer = new byte[_messageBoundaries
            ? Math.Max(connection.Capabilities.MaxMessageSizeBytes ?? messageSizeBytes, messageSizeBytes)
            : Math.Max(64 * 1024, 2 * messageSizeBytes)];
    }

    /// <summary>Size of every message, in bytes.</summary>
    public int MessageSizeBytes { get; }

    /// <summary>The last message received; valid until the next <see cref="ReceiveAsync"/>.</summary>
    public ReadOnlyMemory<byte> Current { get; private set; }

    /// <summary>Receives the next message into <see cref="Current"/>.</summary>
    /// <param name="cancellationToken">Cancels the receive (the connection is then unusable).</param>
    /// <returns>False when the peer completed its send side (orderly close) between messages.</returns>
    /// <exception cref="IntegrityException">A message of the wrong size, or a stream that ended inside a message.</exception>
    /// <exception cref="TransportException">The transport failed.</exception>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ReceiveAsync(CancellationToken cancellationToken)
    {
        if (_messageBoundaries)
        {
            var result = await _connection.ReceiveAsync(_buffer, cancellationToken).ConfigureAwait(false);
            if (result.IsCompleted) return false;
            if (result.Count != MessageSizeBytes)
                throw new IntegrityException($"received a message of {result.Count} B, expected {MessageSizeBytes} B");
            Current = _buffer.AsMemory(0, result.Count);
            return true;
        }
        while (_end - _start < MessageSizeBytes)
        {
            if (_buffer.Length - _start < MessageSizeBytes)
            {
                // Not enough room after _start for a whole message: move the partial message to the front.
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            var result = await _connection.ReceiveAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (result.IsCompleted)
            {
                if (_end > _start)
                    throw new IntegrityException($"the stream ended inside a message ({_end - _start} of {MessageSizeBytes} B)");
                return false;
            }
            _end += result.Count;
        }
        Current = _buffer.AsMemory(_start, MessageSizeBytes);
        _start += MessageSizeBytes;
        if (_start == _end) _start = _end = 0;
        return true;
    }
}
