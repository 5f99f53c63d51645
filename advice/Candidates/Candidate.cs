namespace Transports.Advice.Candidates;

/// <summary>
/// A transport the advisor considers: its name, its declared features as results record them (lowercase snake_case:
/// "reliable", "ordered", "message_boundaries", "datagrams", "multiplexed_streams", "encrypted", "orderly_close"), its
/// largest message, and the facts about its wire protocol that capabilities do not carry (<see cref="WireFacts"/>).
/// </summary>
/// <param name="Name">Transport name, e.g. "quic".</param>
/// <param name="Features">Declared features, lowercase.</param>
/// <param name="MaxMessageSizeBytes">Largest message in bytes; null for a byte stream.</param>
public sealed record Candidate(string Name, IReadOnlyList<string> Features, int? MaxMessageSizeBytes)
{
    /// <summary>True when the transport declares <paramref name="feature"/> (lowercase, e.g. "reliable").</summary>
    /// <param name="feature">A feature name as results record it.</param>
    public bool Has(string feature) => Features.Contains(feature, StringComparer.Ordinal);

    /// <summary>Every byte is delivered or the connection fails.</summary>
    public bool IsReliable => Has("reliable");

    /// <summary>Delivery in send order.</summary>
    public bool IsOrdered => Has("ordered");

    /// <summary>Unreliable datagrams.</summary>
    public bool HasDatagrams => Has("datagrams");

    /// <summary>Independent streams over one connection.</summary>
    public bool HasMultiplexedStreams => Has("multiplexed_streams");

    /// <summary>Encrypted and authenticated on the wire.</summary>
    public bool IsEncrypted => Has("encrypted");

    /// <summary>What its wire protocol is and who can speak it.</summary>
    public WireFacts Wire => WireFacts.For(Name, HasDatagrams);

    /// <summary>A reliable ordered single stream per connection: one lost packet delays everything sent after it.</summary>
    public bool IsSingleOrderedStream => IsReliable && IsOrdered && !HasMultiplexedStreams;
}
