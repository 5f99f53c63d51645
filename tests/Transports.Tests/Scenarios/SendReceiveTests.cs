using Transports.Abstractions;
using Transports.Scenarios.Core;
using Xunit;

namespace Transports.Tests.Scenarios;

/// <summary>
/// The one sender/receiver coordination: the first real failure ends both sides and is the one reported; stopping a
/// receive loop after the sender is done is not a failure.
/// </summary>
public sealed class SendReceiveTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Stopping_the_receive_loop_after_the_sender_is_done_is_not_a_failure()
    {
        bool receiveLoopStopped = false;
        await SendReceive.RunWithReceiveLoopAsync(
            (_, _) => Task.CompletedTask,
            async ct =>
            {
                try { await Task.Delay(Timeout.Infinite, ct); }
                finally { receiveLoopStopped = true; }
            },
            onFailure: () => throw new InvalidOperationException("a stop is not a failure"),
            CancellationToken.None).WaitAsync(HangGuard);
        Assert.True(receiveLoopStopped);
    }

    [Fact]
    public async Task A_reset_caused_by_the_stop_is_not_a_failure()
    {
        await SendReceive.RunWithReceiveLoopAsync(
            (_, _) => Task.CompletedTask,
            async ct =>
            {
                try { await Task.Delay(Timeout.Infinite, ct); }
                catch (OperationCanceledException) { throw new TransportException(TransportError.ConnectionReset, "aborted by the stop"); }
            },
            onFailure: null, CancellationToken.None).WaitAsync(HangGuard);
    }

    [Fact]
    public async Task A_receive_loop_failure_cancels_the_sender_and_is_the_one_reported()
    {
        int failures = 0;
        bool senderCancelled = false;
        var e = await Assert.ThrowsAsync<InvalidDataException>(() => SendReceive.RunWithReceiveLoopAsync(
            async (_, ct) =>
            {
                try { await Task.Delay(Timeout.Infinite, ct); }
                catch (OperationCanceledException) { senderCancelled = true; throw; }
            },
            async _ => { await Task.Yield(); throw new InvalidDataException("corrupt message"); },
            onFailure: () => Interlocked.Increment(ref failures),
            CancellationToken.None).WaitAsync(HangGuard));
        Assert.Equal("corrupt message", e.Message);
        Assert.True(senderCancelled);
        Assert.Equal(1, failures);
    }

    [Fact]
    public async Task A_receive_loop_that_ended_with_a_reset_by_itself_is_a_failure()
    {
        await Assert.ThrowsAsync<TransportException>(() => SendReceive.RunWithReceiveLoopAsync(
            async (receive, ct) => await receive.WaitAsync(ct),
            _ => throw new TransportException(TransportError.ConnectionReset, "peer reset"),
            onFailure: null, CancellationToken.None).WaitAsync(HangGuard));
    }

    [Fact]
    public async Task A_sender_failure_stops_the_receiver_and_is_the_one_reported()
    {
        int failures = 0;
        var e = await Assert.ThrowsAsync<TimeoutException>(() => SendReceive.RunAsync<int, int>(
            async _ => { await Task.Yield(); throw new TimeoutException("send stalled"); },
            async ct => { await Task.Delay(Timeout.Infinite, ct); return 0; },
            onFailure: () => Interlocked.Increment(ref failures),
            CancellationToken.None).WaitAsync(HangGuard));
        Assert.Equal("send stalled", e.Message);
        Assert.Equal(1, failures);
    }

    [Fact]
    public async Task Both_results_come_back_when_both_sides_succeed()
    {
        var (sent, received) = await SendReceive.RunAsync(
            _ => Task.FromResult(3), _ => Task.FromResult("three"), onFailure: () => throw new InvalidOperationException("no failure"),
            CancellationToken.None).WaitAsync(HangGuard);
        Assert.Equal(3, sent);
        Assert.Equal("three", received);
    }

    [Fact]
    public async Task Cancellation_by_the_caller_is_reported_as_cancellation()
    {
        using var cts = new CancellationTokenSource();
        var run = SendReceive.RunWithReceiveLoopAsync(
            async (_, ct) => await Task.Delay(Timeout.Infinite, ct),
            async ct => await Task.Delay(Timeout.Infinite, ct),
            onFailure: null, cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(HangGuard));
    }
}
