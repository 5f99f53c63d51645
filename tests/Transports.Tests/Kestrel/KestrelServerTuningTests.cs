using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Transports.Kestrel;
using Xunit;

namespace Transports.Tests.Kestrel;

/// <summary>The shared Kestrel tuning: the large-block pool behaves as a pool, and a real Kestrel server takes its buffers from it.</summary>
public sealed class KestrelServerTuningTests
{
    [Fact]
    public void Pool_hands_out_whole_blocks_and_reuses_returned_ones()
    {
        using var pool = new LargeBlockMemoryPool(64 << 10);
        var first = pool.Rent(100);
        Assert.Equal(64 << 10, first.Memory.Length);
        first.Memory.Span[0] = 42;
        var second = pool.Rent();
        Assert.NotSame(first, second);
        first.Dispose();
        var reused = pool.Rent(4096);
        Assert.Same(first, reused); // returned blocks are rented again, not reallocated
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent((64 << 10) + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LargeBlockMemoryPool(1024));
    }

    [Fact]
    public async Task A_tuned_kestrel_connection_reads_into_the_large_block_pool()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        KestrelServerTuning.Apply(builder);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        await using var app = builder.Build();
        app.Run(context =>
        {
            var pool = context.Features.Get<IMemoryPoolFeature>()?.MemoryPool;
            return context.Response.WriteAsync($"{pool?.GetType().Name}:{pool?.MaxBufferSize}");
        });
        await app.StartAsync();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var body = await client.GetStringAsync(app.Urls.First());
        await app.StopAsync();
        Assert.Equal($"{nameof(LargeBlockMemoryPool)}:{KestrelServerTuning.ReadBlockBytes}", body);
    }
}
