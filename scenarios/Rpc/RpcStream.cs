using System.Threading.Channels;
using Transports.Abstractions;
using Transports.Measure.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Rpc;

/// <summary>
/// The client side of one stream of an rpc run: up to <see cref="Slots"/> requests pipelined on it (a sender and a
/// receiver beside each other; responses come back in request order, as on any ordered stream). Each response is read
/// whole under its request's deadline and verified. A failure (deadline, reset, wrong bytes) breaks the stream: it is
/// aborted, the request and every one still outstanding on it are counted failed under the failure's kind, and the
/// stream sends no more (a byte stream cannot skip a late response).
/// </summary>
public sealed class RpcStream
{
    private readonly RpcSettings _settings;
    private readonly TransferProgress _progress;
    private readonly CancellationTokenSource _broken;
    private readonly byte[] _request;
    private readonly byte[] _response;
    private StreamFailure? _failure;

    /// <summary>A stream of the run.</summary>
    /// <param name="connection">The stream (a connection, or a stream of one).</param>
    /// <param name="connectionIndex">The connection it belongs to.</param>
    /// <param name="index">Its index over the run's streams.</param>
    /// <param name="settings">Sizes, deadline, outstanding requests.</param>
    /// <param name="progress">Counts completed requests.</param>
    /// <param name="cancellationToken">The run's cancellation.</param>
    public RpcStream(ITransportConnection connection, int connectionIndex, int index, RpcSettings settings, TransferProgress progress, CancellationToken cancellationToken)
    {
        Connection = connection;
        ConnectionIndex = connectionIndex;
        Index = index;
        Slots = settings.OutstandingOn(index);
        _settings = settings;
        _progress = progress;
        _broken = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _request = new byte[settings.RequestBytes];
        _response = new byte[RpcExchange.ReceiveBufferBytes(connection.Capabilities, settings.ResponseBytes)];
    }

    /// <summary>The stream.</summary>
    public ITransportConnection Connection { get; }

    /// <summary>The connection it belongs to.</summary>
    public int ConnectionIndex { get; }

    /// <summary>Its index over the run's streams.</summary>
    public int Index { get; }

    /// <summary>Requests it keeps outstanding at most.</summary>
    public int Slots { get; }

    /// <summary>The failure that broke the stream, one line; null while it works.</summary>
    public string? Failure => Volatile.Read(ref _failure) is { } f ? $"{f.Kind}: {f.Message}" : null;

    private readonly record struct Pending(long Id, long StartTicks, long SentTicks);

    /// <summary>What broke the stream: set once, kind and message together.</summary>
    private sealed record StreamFailure(string Kind, string Message);

    /// <summary>Runs <paramref name="phase"/> on this stream; returns once every request it sent ended. Does nothing on a broken stream.</summary>
    /// <param name="phase">Which requests, when, and where they are counted.</param>
    /// <param name="runCancellation">The run's cancellation (thrown when it fires).</param>
    /// <exception cref="OperationCanceledException">The run was cancelled.</exception>
    public async Task RunPhaseAsync(RpcPhase phase, CancellationToken runCancellation)
    {
        if (_broken.IsCancellationRequested) return;
        var pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var slots = new SemaphoreSlim(Slots, Slots);
        var sender = Task.Run(() => SendAsync(phase, pending.Writer, slots), CancellationToken.None);
        var receiver = Task.Run(() => ReceiveAsync(phase, pending.Reader, slots, runCancellation), CancellationToken.None);
        await Task.WhenAll(sender, receiver).ConfigureAwait(false);
        runCancellation.ThrowIfCancellationRequested();
    }

    private async Task SendAsync(RpcPhase phase, ChannelWriter<Pending> pending, SemaphoreSlim slots)
    {
        using var pacer = phase.IsOpenLoop ? new SendPacer() : null;
        var token = _broken.Token;
        try
        {
            for (long k = 0; ; k++)
            {
                long id, start;
                if (pacer is not null)
                {
                    if (!phase.TryScheduled(Index, k, out id, out start)) break;
                    await pacer.WaitUntilAsync(start, token).ConfigureAwait(false);
                    await slots.WaitAsync(token).ConfigureAwait(false);
                    phase.NoteLate(MonotonicClock.NowTicks() - start);
                }
                else
                {
                    await slots.WaitAsync(token).ConfigureAwait(false);
                    if (!phase.TryTakeNext(out id)) break;
                    start = MonotonicClock.NowTicks();
                }
                RpcExchange.WriteRequest(id, _request);
                pending.TryWrite(new Pending(id, start, MonotonicClock.NowTicks()));
                await Connection.SendAsync(_request, token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (token.IsCancellationRequested || KindOf(e, deadlinePassed: false) is not null)
        {
            if (!token.IsCancellationRequested) Break(KindOf(e, false)!, OneLine(e));
        }
        finally
        {
            pending.TryComplete();
        }
    }

    private async Task ReceiveAsync(RpcPhase phase, ChannelReader<Pending> pending, SemaphoreSlim slots, CancellationToken runCancellation)
    {
        double ticksPerMs = MonotonicClock.TicksPerSecond / 1000.0;
        long timeoutTicks = (long)(_settings.RequestTimeoutMs * ticksPerMs);
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(_broken.Token);
        try
        {
            await foreach (var p in pending.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                if (_broken.IsCancellationRequested)
                {
                    if (runCancellation.IsCancellationRequested) continue;
                    var f = Volatile.Read(ref _failure);
                    phase.Tally?.Fail(p.Id, p.StartTicks, f?.Kind ?? "cancelled", f?.Message ?? "the stream was broken");
                    continue;
                }
                try
                {
                    long remaining = p.SentTicks + timeoutTicks - MonotonicClock.NowTicks();
                    deadline.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(1, remaining / ticksPerMs)));
                    if (!await RpcExchange.ReadAsync(Connection, _response, _settings.ResponseBytes, "response", deadline.Token).ConfigureAwait(false))
                        throw new TransportException(TransportError.ConnectionReset, "rpc: the server ended the stream with requests outstanding");
                    long end = MonotonicClock.NowTicks();
                    RpcExchange.VerifyResponse(p.Id, _response.AsSpan(0, _settings.ResponseBytes));
                    if (!deadline.TryReset())
                    {
                        deadline.Dispose();
                        deadline = CancellationTokenSource.CreateLinkedTokenSource(_broken.Token);
                    }
                    phase.Tally?.Complete(ConnectionIndex, p.StartTicks, end);
                    if (phase.Tally is not null) _progress.Add(1);
                    else _progress.Heartbeat();
                    slots.Release();
                }
                catch (Exception e) when (!runCancellation.IsCancellationRequested
                    && (_broken.IsCancellationRequested || KindOf(e, deadline.IsCancellationRequested) is not null))
                {
                    if (!_broken.IsCancellationRequested) Break(KindOf(e, deadline.IsCancellationRequested)!, OneLine(e, deadline.IsCancellationRequested));
                    var f = Volatile.Read(ref _failure);
                    phase.Tally?.Fail(p.Id, p.StartTicks, f?.Kind ?? "cancelled", f?.Message ?? "the stream was broken");
                }
            }
        }
        finally
        {
            deadline.Dispose();
        }
    }

    /// <summary>
    /// Ends the stream in order: completes its sending side and reads the server's end (nothing more may arrive). Bounded
    /// by the request deadline. Does nothing on a broken stream (it was aborted).
    /// </summary>
    /// <param name="cancellationToken">The run's cancellation.</param>
    /// <exception cref="TransportException">The server did not end the stream in time, or sent more bytes.</exception>
    public async Task CloseAsync(CancellationToken cancellationToken)
    {
        if (_broken.IsCancellationRequested) return;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_settings.RequestTimeoutMs);
        try
        {
            await Connection.CompleteSendAsync(deadline.Token).ConfigureAwait(false);
            while (true)
            {
                var result = await Connection.ReceiveAsync(_response, deadline.Token).ConfigureAwait(false);
                if (result.Count > 0) throw new IntegrityException($"rpc: {result.Count} unexpected bytes after the last response on stream {Index}");
                if (result.IsCompleted) return;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportException(TransportError.Timeout, $"rpc: the server did not end stream {Index} within {_settings.RequestTimeoutMs} ms of its close");
        }
    }

    private void Break(string kind, string message)
    {
        if (Interlocked.CompareExchange(ref _failure, new StreamFailure(kind, message), null) is not null) return;
        Connection.Abort();
        Cancellation.TryCancel(_broken);
    }

    /// <summary>The kind a failure is counted under; null for an exception that is a bug, not a failed request.</summary>
    private static string? KindOf(Exception e, bool deadlinePassed) => e switch
    {
        _ when deadlinePassed => "deadline",
        TransportException t => t.Error.ToString(),
        IntegrityException => "integrity",
        IOException or InvalidOperationException or ObjectDisposedException or OperationCanceledException => e.GetType().Name,
        _ => null,
    };

    private string OneLine(Exception e, bool deadlinePassed = false)
        => deadlinePassed
            ? $"no verified response within the request deadline of {_settings.RequestTimeoutMs} ms"
            : e.Message.ReplaceLineEndings(" ");
}
