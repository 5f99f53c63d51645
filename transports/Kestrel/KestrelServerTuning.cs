using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Transports.Kestrel;

/// <summary>
/// The socket-level Kestrel settings every Kestrel-based transport applies, so that ws and grpc are measured on the
/// same server configuration, and the keys under which they are recorded in a transport's settings.
/// </summary>
public static class KestrelServerTuning
{
    /// <summary>Bytes per memory-pool block, which is also the most one receive syscall reads (Kestrel's own pool: 4096).</summary>
    public const int ReadBlockBytes = 64 << 10;

    /// <summary>
    /// Applies the tuning to a host being built: the socket transport reads straight into a buffer (no zero-byte read
    /// first, so one receive syscall per read instead of two) and takes its buffers from a
    /// <see cref="LargeBlockMemoryPool"/> of <see cref="ReadBlockBytes"/> blocks through Kestrel's public
    /// <see cref="IMemoryPoolFactory{T}"/> service.
    /// </summary>
    /// <param name="builder">The web application builder, before <c>Build()</c>.</param>
    public static void Apply(WebApplicationBuilder builder)
    {
        builder.WebHost.UseSockets(sockets =>
        {
            sockets.WaitForDataBeforeAllocatingBuffer = false;
            // With the runtime's inline socket completions (-socket-completions inline) Kestrel's own pipe scheduling
            // goes inline too, as its documentation pairs them: otherwise each read still hops to the thread pool.
            sockets.UnsafePreferInlineScheduling = InlineScheduling;
        });
        builder.Services.AddSingleton<IMemoryPoolFactory<byte>>(new PoolFactory());
    }

    /// <summary>The settings applied, for a transport's <c>Settings</c> (and so the results document).</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("kestrel_read_block_bytes", ReadBlockBytes.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("kestrel_wait_for_data_before_buffer", "false"),
        new("kestrel_inline_scheduling", InlineScheduling ? "true" : "false"),
    ];

    /// <summary>
    /// Whether the process runs with the runtime's inline socket completions
    /// (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>, read once at start like the runtime does); Kestrel's
    /// <c>UnsafePreferInlineScheduling</c> follows it.
    /// </summary>
    public static bool InlineScheduling { get; } = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") == "1";

    private sealed class PoolFactory : IMemoryPoolFactory<byte>
    {
        public System.Buffers.MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool(ReadBlockBytes);
    }
}
