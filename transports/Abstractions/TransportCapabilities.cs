namespace Transports.Abstractions;

/// <summary>
/// The capabilities a configured transport declares: its <see cref="TransportFeatures"/> and the largest
/// message it carries.
/// </summary>
/// <param name="Features">The guarantees the transport gives.</param>
/// <param name="MaxMessageSizeBytes">
/// Largest payload, in bytes, of one <see cref="ITransportConnection.SendAsync"/> when the transport has
/// <see cref="TransportFeatures.MessageBoundaries"/>; <c>null</c> for a byte stream, which takes writes of any size.
/// </param>
public sealed record TransportCapabilities(TransportFeatures Features, int? MaxMessageSizeBytes)
{
    /// <summary>True when every byte is delivered or the connection fails.</summary>
    public bool IsReliable => Features.HasFlag(TransportFeatures.Reliable);

    /// <summary>True when delivery is in send order.</summary>
    public bool IsOrdered => Features.HasFlag(TransportFeatures.Ordered);

    /// <summary>True when one send is one receive (messages or datagrams).</summary>
    public bool HasMessageBoundaries => Features.HasFlag(TransportFeatures.MessageBoundaries);

    /// <summary>True for unreliable datagram transports.</summary>
    public bool HasDatagrams => Features.HasFlag(TransportFeatures.Datagrams);

    /// <summary>True when the transport multiplexes streams over one connection.</summary>
    public bool HasMultiplexedStreams => Features.HasFlag(TransportFeatures.MultiplexedStreams);

    /// <summary>True when the transport encrypts.</summary>
    public bool IsEncrypted => Features.HasFlag(TransportFeatures.Encrypted);

    /// <summary>True when the peer sees an orderly end of stream.</summary>
    public bool HasOrderlyClose => Features.HasFlag(TransportFeatures.OrderlyClose);

    /// <summary>True when <paramref name="required"/> are all present.</summary>
    /// <param name="required">Features a scenario needs.</param>
    public bool Supports(TransportFeatures required) => (Features & required) == required;

    /// <summary>A short human-readable list of the features, e.g. "reliable, ordered, message boundaries, max 4194304 B".</summary>
    public override string ToString()
    {
        var parts = Enum.GetValues<TransportFeatures>()
            .Where(f => f != TransportFeatures.None && Features.HasFlag(f))
            .Select(f => f.ToString()).ToList();
        if (MaxMessageSizeBytes is int max) parts.Add($"max message {max} B");
        return string.Join(", ", parts);
    }
}
