using System.IO.Compression;
using System.IO.Pipelines;
using Transports.Grpc.Wire;
using Xunit;

namespace Transports.Tests.Grpc;

/// <summary>Unit tests of the Length-Prefixed-Message framing and reader (PROTOCOL-HTTP2.md), without a network.</summary>
public sealed class GrpcWireFramingTests
{
    private static async Task<(int[] Lengths, byte[][] Messages)> ReadAllAsync(byte[] body, int max = 1 << 20, string? encoding = null, int pieceBytes = 0)
    {
        var pipe = new Pipe();
        var feed = Task.Run(async () =>
        {
            int piece = pieceBytes > 0 ? pieceBytes : Math.Max(body.Length, 1);
            for (int offset = 0; offset < body.Length; offset += piece)
                await pipe.Writer.WriteAsync(body.AsMemory(offset, Math.Min(piece, body.Length - offset)));
            await pipe.Writer.CompleteAsync();
        });
        var reader = new GrpcMessageReader(pipe.Reader, max, encoding);
        var buffer = new byte[max];
        var lengths = new List<int>();
        var messages = new List<byte[]>();
        while (true)
        {
            int n = await reader.ReadMessageAsync(buffer, CancellationToken.None);
            if (n < 0) break;
            lengths.Add(n);
            messages.Add(buffer.AsSpan(0, n).ToArray());
        }
        await feed;
        Assert.Equal(-1, await reader.ReadMessageAsync(buffer, CancellationToken.None)); // end is sticky
        return (lengths.ToArray(), messages.ToArray());
    }

    private static async Task<GrpcStatusCode> StatusOfAsync(byte[] body, int max = 1 << 20, string? encoding = null)
        => (await Assert.ThrowsAsync<GrpcStatusException>(() => ReadAllAsync(body, max, encoding))).StatusCode;

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }

    [Fact]
    public void Prefix_is_flag_then_big_endian_length()
    {
        var prefix = new byte[5];
        GrpcMessageFraming.WritePrefix(prefix, 0x01020304);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }, prefix);
        Assert.Equal(0x01020304, GrpcMessageFraming.ReadPrefix(prefix, out bool compressed));
        Assert.False(compressed);
        Assert.Equal(0xFFFFFFFFL, GrpcMessageFraming.ReadPrefix(new byte[] { 1, 0xFF, 0xFF, 0xFF, 0xFF }, out compressed));
        Assert.True(compressed);
    }

    [Fact]
    public async Task Messages_arrive_whole_even_when_the_body_comes_in_small_pieces()
    {
        var big = Transports.Tests.Support.Payloads.Random(300_000, 3);
        var body = GrpcMessageFraming.Frame([]).Concat(GrpcMessageFraming.Frame([42])).Concat(GrpcMessageFraming.Frame(big)).ToArray();
        var (lengths, messages) = await ReadAllAsync(body, pieceBytes: 7);
        Assert.Equal(new[] { 0, 1, 300_000 }, lengths);
        Assert.Equal(big, messages[2]);
    }

    [Fact]
    public async Task Malformed_framing_is_INTERNAL()
    {
        Assert.Equal(GrpcStatusCode.Internal, await StatusOfAsync([2, 0, 0, 0, 1, 9]));      // flag neither 0 nor 1
        Assert.Equal(GrpcStatusCode.Internal, await StatusOfAsync([0, 0, 0]));               // body ends inside the prefix
        Assert.Equal(GrpcStatusCode.Internal, await StatusOfAsync([0, 0, 0, 0, 10, 1, 2]));  // body ends inside the message
        Assert.Equal(GrpcStatusCode.Internal, await StatusOfAsync(GrpcMessageFraming.Frame([1, 2, 3], compressed: true))); // compressed, no grpc-encoding
        Assert.Equal(GrpcStatusCode.Internal, await StatusOfAsync(GrpcMessageFraming.Frame([1, 2, 3], compressed: true), encoding: "gzip")); // not gzip data
    }

    [Fact]
    public async Task Oversize_message_is_RESOURCE_EXHAUSTED_before_and_after_decompression()
    {
        Assert.Equal(GrpcStatusCode.ResourceExhausted, await StatusOfAsync([0, 0, 0, 4, 1], max: 1024)); // 1025 B announced
        Assert.Equal(GrpcStatusCode.ResourceExhausted, await StatusOfAsync([0, 0xFF, 0xFF, 0xFF, 0xFF], max: 1024));
        var bomb = GrpcMessageFraming.Frame(Gzip(new byte[4096]), compressed: true); // small on the wire, 4 KiB inflated
        Assert.Equal(GrpcStatusCode.ResourceExhausted, await StatusOfAsync(bomb, max: 4095, encoding: "gzip"));
    }

    [Fact]
    public async Task Gzip_compressed_flag_is_accepted_with_grpc_encoding_gzip()
    {
        var data = Transports.Tests.Support.Payloads.Random(5000, 8);
        var body = GrpcMessageFraming.Frame(Gzip(data), compressed: true).Concat(GrpcMessageFraming.Frame(data)).ToArray();
        var (lengths, messages) = await ReadAllAsync(body, max: 8000, encoding: "gzip"); // random data: gzip output is a bit larger
        Assert.Equal(new[] { 5000, 5000 }, lengths);
        Assert.Equal(data, messages[0]);
        Assert.Equal(data, messages[1]);
    }

    [Fact]
    public void Unknown_encoding_is_UNIMPLEMENTED()
    {
        var e = Assert.Throws<GrpcStatusException>(() => new GrpcMessageReader(new Pipe().Reader, 10, "snappy"));
        Assert.Equal(GrpcStatusCode.Unimplemented, e.StatusCode);
        Assert.False(GrpcMessageReader.IsGzip("identity"));
        Assert.True(GrpcMessageReader.IsGzip("gzip"));
    }

    [Fact]
    public async Task Chunk_payload_is_read_from_the_common_encoding_and_from_unusual_ones()
    {
        var data = Transports.Tests.Support.Payloads.Random(200_000, 4);
        var header = new byte[GrpcMessageFraming.MaxChunkHeaderBytes];
        int headerBytes = GrpcMessageFraming.WriteChunkHeader(header, data.Length);
        var common = header.AsSpan(0, headerBytes).ToArray().Concat(data).ToArray();
        Assert.Equal(new Transports.Grpc.Protos.Chunk { Data = Google.Protobuf.ByteString.CopyFrom(data) }.CalculateSize(), common.Length - 5);
        // Unknown field 15 (varint 1) before the data: legal protobuf, parsed by Google.Protobuf.
        var unusual = GrpcMessageFraming.Frame([0x78, 0x01, .. common.AsSpan(5)]);
        var empty = GrpcMessageFraming.Frame([]);
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0)); // holds the whole body: no reader runs yet
        await pipe.Writer.WriteAsync(common.Concat(unusual).Concat(empty).ToArray());
        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, 1 << 20, null);
        var buffer = new byte[200_000];
        foreach (int expected in new[] { 200_000, 200_000, 0 })
        {
            Assert.Equal(expected, await reader.ReadChunkAsync(buffer, 200_000, CancellationToken.None));
            Assert.True(buffer.AsSpan(0, expected).SequenceEqual(data.AsSpan(0, expected)));
        }
        Assert.Equal(-1, await reader.ReadChunkAsync(buffer, 200_000, CancellationToken.None));
    }

    [Fact]
    public async Task Chunk_payload_over_the_maximum_is_RESOURCE_EXHAUSTED()
    {
        var header = new byte[GrpcMessageFraming.MaxChunkHeaderBytes];
        int headerBytes = GrpcMessageFraming.WriteChunkHeader(header, 1001);
        var pipe = new Pipe();
        await pipe.Writer.WriteAsync(header.AsSpan(0, headerBytes).ToArray().Concat(new byte[1001]).ToArray());
        await pipe.Writer.CompleteAsync();
        var reader = new GrpcMessageReader(pipe.Reader, 1 << 20, null);
        var e = await Assert.ThrowsAsync<GrpcStatusException>(() => reader.ReadChunkAsync(new byte[2000], 1000, CancellationToken.None).AsTask());
        Assert.Equal(GrpcStatusCode.ResourceExhausted, e.StatusCode);
    }

    [Theory]
    [InlineData("1H", 36_000_000_000L)]
    [InlineData("2M", 1_200_000_000L)]
    [InlineData("5S", 50_000_000L)]
    [InlineData("100m", 1_000_000L)]
    [InlineData("250u", 2_500L)]
    [InlineData("1n", 1L)]        // rounds up to one tick, never to zero
    [InlineData("99999999S", 999_999_990_000_000L)]
    public void Grpc_timeout_parses(string text, long ticks)
    {
        Assert.True(GrpcTimeout.TryParse(text, out var timeout));
        Assert.Equal(ticks, timeout.Ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("100")]
    [InlineData("123456789S")] // 9 digits: over the 8-digit limit
    [InlineData("-1S")]
    [InlineData("1.5S")]
    [InlineData("10x")]
    [InlineData("10 S")]
    public void Malformed_grpc_timeout_is_rejected(string text) => Assert.False(GrpcTimeout.TryParse(text, out _));

    [Fact]
    public void Grpc_timeout_formats_in_at_most_8_digits_and_round_trips()
    {
        foreach (var t in new[] { TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromDays(3), TimeSpan.FromTicks(7) })
        {
            var text = GrpcTimeout.Format(t);
            Assert.True(text.Length <= 9, text);
            Assert.True(GrpcTimeout.TryParse(text, out var back), text);
            Assert.True(back >= t, $"{text} is shorter than {t}");
        }
    }

    [Fact]
    public void Grpc_message_is_percent_encoded_utf8()
    {
        Assert.Equal("ok 100%25 %E2%9C%93%0A", GrpcStatusMessage.Encode("ok 100% ✓\n"));
        Assert.Equal("ok 100% ✓\n", GrpcStatusMessage.Decode("ok 100%25 %E2%9C%93%0A"));
        Assert.Equal("bad %zz stays", GrpcStatusMessage.Decode("bad %zz stays"));
    }

    [Fact]
    public void Content_type_must_be_application_grpc()
    {
        Assert.True(GrpcProtocol.IsGrpcContentType("application/grpc", out bool proto) && proto);
        Assert.True(GrpcProtocol.IsGrpcContentType("application/grpc+proto", out proto) && proto);
        Assert.True(GrpcProtocol.IsGrpcContentType("application/grpc; charset=utf-8", out proto) && proto);
        Assert.True(GrpcProtocol.IsGrpcContentType("application/grpc+json", out proto) && !proto);
        Assert.False(GrpcProtocol.IsGrpcContentType("application/grpcweb", out _));
        Assert.False(GrpcProtocol.IsGrpcContentType("application/json", out _));
        Assert.False(GrpcProtocol.IsGrpcContentType(null, out _));
    }
}
