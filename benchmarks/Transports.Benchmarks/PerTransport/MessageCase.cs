using Transports.Abstractions;
using Transports.Harness.Catalog;

namespace Transports.Benchmarks.PerTransport;

/// <summary>
/// One case of the per-transport suite: a catalog transport (default options) and a message size in bytes that the
/// transport can carry in one message. Shown by BenchmarkDotNet as <c>transport/size</c>, e.g. <c>tcp/1024</c>.
/// </summary>
/// <param name="Transport">The transport's catalog name.</param>
/// <param name="SizeBytes">Message size in bytes (at least 8: the sequence number).</param>
/// <param name="Reliable">Whether the transport delivers every message (one-way sends are measured only then).</param>
public sealed record MessageCase(string Transport, int SizeBytes, bool Reliable)
{
    /// <summary>The sizes of the suite, bytes: a small request, a typical API message, a large one.</summary>
    public static readonly int[] Sizes = [64, 1024, 16384];

    /// <summary>Every transport of the catalog × every size it can carry in one message; <paramref name="reliableOnly"/> keeps reliable ones.</summary>
    /// <param name="reliableOnly">Only transports that deliver every message.</param>
    public static IEnumerable<MessageCase> All(bool reliableOnly)
    {
        foreach (var factory in TransportCatalog.All)
        {
            var transport = factory.Create(OptionValues.Empty);
            var capabilities = transport.Capabilities;
            transport.DisposeAsync().AsTask().GetAwaiter().GetResult();
            bool reliable = capabilities.Features.HasFlag(TransportFeatures.Reliable);
            if (reliableOnly && !reliable) continue;
            foreach (int size in Sizes)
                if (capabilities.MaxMessageSizeBytes is not int max || size <= max)
                    yield return new MessageCase(factory.Name, size, reliable);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{Transport}/{SizeBytes}";
}
