using Transports.Scenarios.Core;
using Transports.Scenarios.Messages;
using Transports.Tests.Scenarios.Fakes;
using Xunit;

namespace Transports.Tests.Scenarios;

/// <summary>Fixed-size messages out of a byte stream that splits and coalesces arbitrarily.</summary>
public sealed class MessageReceiverTests
{
    [Theory]
    [InlineData(16, 1)]
    [InlineData(64, 7)]
    [InlineData(1000, 4096)]
    [InlineData(70_000, 65_536)]
    public async Task Byte_stream_chunks_are_reassembled_into_whole_messages(int size, int maxChunk)
    {
        const int count = 50;
        var stream = new byte[size * count];
        for (int n = 0; n < count; n++)
        {
            var message = MessageLayout.NewMessage(size);
            MessageLayout.WriteHeader(message, n, n * 1000L);
            message.CopyTo(stream, n * size);
        }
        var receiver = new MessageReceiver(new ChunkedStreamConnection(stream, maxChunk, seed: size), size);
        var template = MessageLayout.NewMessage(size);
        for (int n = 0; n < count; n++)
        {
            Assert.True(await receiver.ReceiveAsync(CancellationToken.None));
            MessageLayout.Verify(receiver.Current.Span, template);
            Assert.Equal(n, MessageLayout.ReadSequence(receiver.Current.Span));
            Assert.Equal(n * 1000L, MessageLayout.ReadTimestamp(receiver.Current.Span));
        }
        Assert.False(await receiver.ReceiveAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_stream_ending_inside_a_message_is_an_integrity_error()
    {
        var receiver = new MessageReceiver(new ChunkedStreamConnection(new byte[100], 30, 1), 64);
        Assert.True(await receiver.ReceiveAsync(CancellationToken.None));
        var ex = await Assert.ThrowsAsync<IntegrityException>(() => receiver.ReceiveAsync(CancellationToken.None).AsTask());
        Assert.Contains("36 of 64", ex.Message);
    }

    [Fact]
    public void Corrupted_filler_is_detected()
    {
        var template = MessageLayout.NewMessage(64);
        var message = MessageLayout.NewMessage(64);
        message[40] ^= 1;
        Assert.Throws<IntegrityException>(() => MessageLayout.Verify(message, template));
        Assert.Throws<IntegrityException>(() => MessageLayout.Verify(message.AsSpan(0, 32), template));
    }
}
