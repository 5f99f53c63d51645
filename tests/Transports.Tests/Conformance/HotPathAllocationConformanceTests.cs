using Transports.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace Transports.Tests.Conformance;

/// <summary>
/// Steady-state send and receive must not allocate per message (the abstraction's hot-path rule). Measured over
/// real loopback round trips, in bytes per message, on an optimized build only (Debug state machines allocate).
/// Transports built on a stack that allocates internally declare it in <see cref="AllocatingStacks"/> with the
/// evidence, and get a focused test of their own layer instead.
/// </summary>
public sealed class HotPathAllocationConformanceTests(ITestOutputHelper output)
{
    /// <summary>Transports whose underlying stack allocates per message, and why (reported, not hidden).</summary>
    private static readonly Dictionary<string, string> AllocatingStacks = new()
    {
        ["grpc"] = "Grpc.Net.Client/Grpc.AspNetCore allocate a message object and call state per message, and SocketsHttpHandler's "
            + "HTTP/2 streams and Pipelines allocate per DATA frame (docs/GRPC.md); the pooled Chunk marshaller is checked by ChunkMarshallerTests",
        ["ws"] = "the HTTP/1.1 upgrade streams under the WebSocket allocate an async state machine whenever a read completes "
            + "asynchronously (Kestrel HttpRequestStream.ReadAsyncInternal, SocketsHttpHandler RawConnectionStream.ReadAsync; "
            + "seen in GC AllocationTick events, 0-135 B/message depending on scheduling); our ws layer is checked over a raw "
            + "socket by WebSocketLayerAllocationTests",
        ["wss"] = "ws's HTTP/1.1 upgrade streams (see ws) with SslStream under them: 27-274 B/message measured over three windows, "
            + "depending on how often a read completes asynchronously; the same ws layer is checked by WebSocketLayerAllocationTests "
            + "and SslStream's own steady state by tcp-tls here",
    };

    [SkippableTheory]
    [MemberData(nameof(TransportConformanceTests.TransportNames), MemberType = typeof(TransportConformanceTests))]
    public async Task Round_trips_allocate_nothing_in_steady_state(string name)
    {
        RoundTripAllocations.SkipUnlessOptimized();
        Skip.If(AllocatingStacks.TryGetValue(name, out var why), $"{name}: {why}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var pair = await TransportPair.ConnectAsync(name);
        var windows = await RoundTripAllocations.MeasureAsync(pair.Client, pair.Server, pair.Capabilities.MaxMessageSizeBytes ?? 0, timeout.Token);
        output.WriteLine($"{name}: {string.Join(", ", windows.Select(w => $"{w:0.0}"))} B per message in three windows");
        double perMessage = windows.Min();
        Assert.True(perMessage < RoundTripAllocations.NoObjectPerMessageBytes,
            $"{name}: {perMessage:0.0} B allocated per message on average: something allocates per message");
    }
}
