namespace Transports.Grpc.Protos;

/// <summary>The generated message (Protos/bench.proto) with the pooled array a pooled marshaller parsed it into.</summary>
public sealed partial class Chunk
{
    /// <summary>
    /// The <see cref="System.Buffers.ArrayPool{T}.Shared"/> array under <see cref="Data"/> when the pooled marshaller
    /// parsed this message; null otherwise. Not part of the message: never serialized, compared or cloned.
    /// </summary>
    internal byte[]? Rented { get; set; }
}
