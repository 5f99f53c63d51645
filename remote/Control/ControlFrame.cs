using System.Buffers.Binary;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Transports.Remote.Control;

/// <summary>
/// The control channel's framing: a 4-byte big-endian length, then that many bytes of UTF-8 JSON holding one
/// <see cref="ControlMessage"/>. Frames are at most <see cref="MaxBytes"/>; every read has a deadline, so a slow,
/// truncated, oversized or malformed frame ends the session with one <see cref="ControlProtocolException"/> line and
/// never a hang.
/// </summary>
public static class ControlFrame
{
    /// <summary>Largest frame payload in bytes (64 KiB: control messages are small). Everything the agent reads, and the
    /// client's reads until the agent has proved it knows the token.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Largest frame the client reads from an authenticated agent (4 MiB): a run's report carries the server role's
    /// findings, e.g. a long datagrams run's receiver timeline (one point per 100 ms) beside its histogram.</summary>
    public const int MaxReportBytes = 4 * 1024 * 1024;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        AllowOutOfOrderMetadataProperties = true,
    };

    /// <summary>Writes one message.</summary>
    /// <param name="stream">The control connection.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="IOException">The connection failed.</exception>
    /// <exception cref="ControlProtocolException">The message is over <see cref="MaxReportBytes"/> (nothing is written).</exception>
    public static async Task WriteAsync(Stream stream, ControlMessage message, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, Json);
        if (body.Length > MaxReportBytes) throw new ControlProtocolException($"a {message.GetType().Name} of {body.Length} B is over the {MaxReportBytes} B limit");
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame, (uint)body.Length);
        body.CopyTo(frame, 4);
        await stream.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one message within <paramref name="timeout"/>.</summary>
    /// <param name="stream">The control connection.</param>
    /// <param name="timeout">Longest time the whole frame may take to arrive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <param name="maxBytes">Largest payload accepted (<see cref="MaxBytes"/>; <see cref="MaxReportBytes"/> for a client
    /// reading an authenticated agent).</param>
    /// <returns>The message; null when the peer closed the connection cleanly before a new frame.</returns>
    /// <exception cref="ControlProtocolException">Too slow, truncated, oversized or not a control message.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async Task<ControlMessage?> ReadAsync(Stream stream, TimeSpan timeout, CancellationToken cancellationToken, int maxBytes = MaxBytes)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var header = new byte[4];
            int got = await ReadFullyAsync(stream, header, deadline.Token).ConfigureAwait(false);
            if (got == 0) return null;
            if (got < 4) throw new ControlProtocolException("control frame truncated in its length");
            uint length = BinaryPrimitives.ReadUInt32BigEndian(header);
            if (length > maxBytes) throw new ControlProtocolException($"control frame of {length} B is over the {maxBytes} B limit");
            var body = new byte[length];
            if (await ReadFullyAsync(stream, body, deadline.Token).ConfigureAwait(false) < body.Length)
                throw new ControlProtocolException($"control frame truncated ({length} B announced)");
            return Parse(body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ControlProtocolException($"no complete control message within {timeout.TotalSeconds:0.#} s");
        }
        catch (IOException e)
        {
            throw new ControlProtocolException($"control connection failed: {e.Message}");
        }
    }

    /// <summary>Parses one frame's payload. Never throws anything but <see cref="ControlProtocolException"/>.</summary>
    /// <param name="body">The JSON bytes.</param>
    /// <exception cref="ControlProtocolException">Not exactly one valid control message.</exception>
    public static ControlMessage Parse(ReadOnlySpan<byte> body)
    {
        try
        {
            return JsonSerializer.Deserialize<ControlMessage>(body, Json)
                ?? throw new ControlProtocolException("control message is null");
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException or InvalidOperationException)
        {
            throw new ControlProtocolException($"not a control message: {FirstLine(e.Message)}");
        }
    }

    private static string FirstLine(string text)
    {
        int n = text.IndexOfAny(['\r', '\n']);
        return n < 0 ? text : text[..n];
    }

    private static async Task<int> ReadFullyAsync(Stream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
            if (n == 0) break;
            total += n;
        }
        return total;
    }
}
