using Google.Protobuf;
using Grpc.Core;

namespace Transports.Grpc.Calls;

/// <summary>
/// Google.Protobuf marshallers as Grpc.Tools generates them: serialize into the library's buffer writer with the size
/// set first (so the library frames the message without a second buffer), parse from the received sequence.
/// </summary>
internal static class ProtobufMarshaller
{
    /// <summary>The marshaller of message type <typeparamref name="T"/>.</summary>
    /// <param name="parser">The generated parser, e.g. <c>Chunk.Parser</c>.</param>
    public static Marshaller<T> For<T>(MessageParser<T> parser) where T : class, IMessage<T>
        => new(Serialize, context => Parse(parser, context.PayloadAsReadOnlySequence()));

    /// <summary>Parses a received message; a malformed one is INTERNAL (statuscodes.md: "error parsing ... proto").</summary>
    /// <param name="parser">The generated parser.</param>
    /// <param name="message">The message bytes.</param>
    /// <exception cref="RpcException">INTERNAL: not a valid <typeparamref name="T"/>.</exception>
    public static T Parse<T>(MessageParser<T> parser, System.Buffers.ReadOnlySequence<byte> message) where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(message);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RpcException(new Status(StatusCode.Internal, $"malformed {typeof(T).Name} message: {e.Message}"));
        }
    }

    /// <summary>Writes <paramref name="message"/> as the call's next message.</summary>
    /// <param name="message">The message.</param>
    /// <param name="context">The library's serialization context.</param>
    public static void Serialize<T>(T message, SerializationContext context) where T : IMessage<T>
    {
        context.SetPayloadLength(message.CalculateSize());
        message.WriteTo(context.GetBufferWriter());
        context.Complete();
    }
}
