using Transports.Harness.Anchors;

namespace Transports.Tests.Anchors;

/// <summary>The feature-name sets results record for plain tcp and udp, which the anchors match on.</summary>
internal static class AnchorFeatures
{
    public static IReadOnlyList<string> Tcp { get; } = AnchorWorkloads.Names(AnchorWorkloads.PlainReliableStream);

    public static IReadOnlyList<string> Udp { get; } = AnchorWorkloads.Names(AnchorWorkloads.PlainDatagrams);

    /// <summary>The feature names of "tcp" or "udp" (test documents name their transports so).</summary>
    public static IReadOnlyList<string> Of(string protocol) => protocol switch
    {
        "tcp" => Tcp,
        "udp" => Udp,
        _ => ["reliable", "ordered", "message_boundaries", "orderly_close"],
    };
}
