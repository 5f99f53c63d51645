using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Transports.Abstractions;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Rpc;

/// <summary>
/// The bytes of one rpc request and its response, both derived from the request id: the first
/// <see cref="HeaderBytes"/> are the id (little-endian), every further byte is a fixed template byte XOR the id's low
/// byte (a different template for requests and responses). So a response that is another request's, an echo, stale,
/// or has any byte changed is told apart. Both sides read exactly the size whatever the transport's framing (a byte
/// stream may split or coalesce them; a transport with message boundaries carries each as one message).
/// </summary>
public static class RpcExchange
{
    /// <summary>Bytes of the header: the request id.</summary>
    public const int HeaderBytes = 8;

    /// <summary>Writes request <paramref name="id"/> into <paramref name="request"/> (its whole length).</summary>
    /// <param name="id">The request id.</param>
    /// <param name="request">The buffer, at least <see cref="HeaderBytes"/> long.</param>
    public static void WriteRequest(long id, Span<byte> request) => Write(id, request, RequestSalt);

    /// <summary>Writes the response to request <paramref name="id"/> into <paramref name="response"/> (its whole length).</summary>
    /// <param name="id">The request id.</param>
    /// <param name="response">The buffer, at least <see cref="HeaderBytes"/> long.</param>
    public static void WriteResponse(long id, Span<byte> response) => Write(id, response, ResponseSalt);

    /// <summary>Checks a received request and returns its id.</summary>
    /// <param name="request">The request as received, the run's request size.</param>
    /// <exception cref="IntegrityException">A byte differs from what the id implies.</exception>
    public static long VerifyRequest(ReadOnlySpan<byte> request)
    {
        long id = BinaryPrimitives.ReadInt64LittleEndian(request);
        Verify(id, request, RequestSalt, "request");
        return id;
    }

    /// <summary>Checks that <paramref name="response"/> answers request <paramref name="id"/>.</summary>
    /// <param name="id">The request id.</param>
    /// <param name="response">The response as received, the run's response size.</param>
    /// <exception cref="IntegrityException">A byte differs.</exception>
    public static void VerifyResponse(long id, ReadOnlySpan<byte> response)
    {
        long carried = BinaryPrimitives.ReadInt64LittleEndian(response);
        if (carried != id) throw new IntegrityException($"rpc: the response to request {id} carries id {carried}");
        Verify(id, response, ResponseSalt, "response");
    }

    /// <summary>Bytes a receive buffer needs on <paramref name="capabilities"/> for <paramref name="size"/>-byte messages: a transport with message boundaries takes only buffers that hold its largest message.</summary>
    /// <param name="capabilities">The connection's capabilities.</param>
    /// <param name="size">The message size.</param>
    public static int ReceiveBufferBytes(TransportCapabilities capabilities, int size)
        => capabilities.HasMessageBoundaries && capabilities.MaxMessageSizeBytes is int max ? Math.Max(max, size) : size;

    /// <summary>
    /// Reads exactly <paramref name="size"/> bytes into the start of <paramref name="buffer"/> (one message on a transport
    /// with message boundaries, which must be that long). Returns false when the peer ended the stream cleanly before the
    /// first byte.
    /// </summary>
    /// <param name="connection">The stream.</param>
    /// <param name="buffer">Where the bytes go, <see cref="ReceiveBufferBytes"/> long.</param>
    /// <param name="size">Bytes expected.</param>
    /// <param name="what">What is read, for the error message.</param>
    /// <param name="cancellationToken">The deadline.</param>
    /// <exception cref="TransportException"><see cref="TransportError.ConnectionReset"/>: the peer ended inside the message; or the stream failed.</exception>
    /// <exception cref="IntegrityException">A message of another length arrived.</exception>
    public static async ValueTask<bool> ReadAsync(ITransportConnection connection, Memory<byte> buffer, int size, string what, CancellationToken cancellationToken)
    {
        bool messages = connection.Capabilities.HasMessageBoundaries;
        int read = 0;
        while (read < size)
        {
            var result = await connection.ReceiveAsync(messages ? buffer : buffer[read..size], cancellationToken).ConfigureAwait(false);
            if (result.Count == 0 && result.IsCompleted)
            {
                if (read == 0) return false;
                throw new TransportException(TransportError.ConnectionReset, $"rpc: the peer ended the stream after {read} of the {size} bytes of a {what}");
            }
            if (messages && result.Count != size)
                throw new IntegrityException($"rpc: a {what} arrived as a message of {result.Count} B, expected {size} B");
            read += result.Count;
        }
        return true;
    }

    private const ulong RequestSalt = 0x9E3779B97F4A7C15;
    private const ulong ResponseSalt = 0xC2B2AE3D27D4EB4F;

    private static void Write(long id, Span<byte> buffer, ulong salt)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer, id);
        ulong key = KeyOf(id);
        var body = buffer[HeaderBytes..];
        var words = MemoryMarshal.Cast<byte, ulong>(body);
        for (int w = 0; w < words.Length; w++) words[w] = Template(salt, w) ^ key;
        for (int i = words.Length * 8; i < body.Length; i++) body[i] = (byte)((Template(salt, i / 8) ^ key) >> (8 * (i % 8)));
    }

    private static void Verify(long id, ReadOnlySpan<byte> buffer, ulong salt, string what)
    {
        ulong key = KeyOf(id);
        var body = buffer[HeaderBytes..];
        var words = MemoryMarshal.Cast<byte, ulong>(body);
        for (int w = 0; w < words.Length; w++)
        {
            if (words[w] != (Template(salt, w) ^ key))
                throw new IntegrityException($"rpc: {what} {id}: bytes {HeaderBytes + 8 * w}-{HeaderBytes + 8 * w + 7} differ from what its id implies");
        }
        for (int i = words.Length * 8; i < body.Length; i++)
        {
            if (body[i] != (byte)((Template(salt, i / 8) ^ key) >> (8 * (i % 8))))
                throw new IntegrityException($"rpc: {what} {id}: byte {HeaderBytes + i} differs from what its id implies");
        }
    }

    /// <summary>The id's low byte in every byte of a word: responses of ids 256 apart differ in the header only.</summary>
    private static ulong KeyOf(long id) => 0x0101010101010101UL * (byte)id;

    /// <summary>Word <paramref name="w"/> of the template: a multiplicative hash of its position, so no two nearby words are alike.</summary>
    private static ulong Template(ulong salt, int w) => ((ulong)w + 1) * salt;
}
