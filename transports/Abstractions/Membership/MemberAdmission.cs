using System.Net;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;

namespace Transports.Abstractions.Membership;

/// <summary>What checking one accepted peer's hello gave: the verdict and, for a member, what the listener hands out.</summary>
/// <typeparam name="TMember">The admitted connection type.</typeparam>
/// <param name="Verdict">Only <see cref="MembershipVerdict.Member"/> admits.</param>
/// <param name="Member">The admitted connection when <paramref name="Verdict"/> is Member; otherwise null.</param>
public readonly record struct Admission<TMember>(MembershipVerdict Verdict, TMember? Member) where TMember : class;

/// <summary>
/// The accept side of a stream transport that measures only its own run: a background loop accepts raw connections,
/// checks each one's hello concurrently under a deadline (so a slow or silent stranger never delays the real client),
/// queues members for <see cref="AcceptAsync"/> and refuses (closes and records) every other peer; accepting goes on.
/// </summary>
/// <typeparam name="TRaw">What the underlying accept returns (a socket, a QUIC connection handle).</typeparam>
/// <typeparam name="TMember">What the listener hands out (an <see cref="ITransportConnection"/>).</typeparam>
public sealed class MemberAdmission<TRaw, TMember> : IAsyncDisposable where TRaw : class where TMember : class
{
    /// <summary>Most hellos checked at once; more raw connections wait in the kernel's backlog.</summary>
    public const int MaxPendingHellos = 64;

    /// <summary>Default time a peer has to send its hello after being accepted.</summary>
    public static readonly TimeSpan DefaultHelloTimeout = TimeSpan.FromSeconds(2);

    private readonly string _transport;
    private readonly Func<CancellationToken, ValueTask<TRaw>> _acceptRaw;
    private readonly Func<TRaw, CancellationToken, ValueTask<Admission<TMember>>> _check;
    private readonly Func<TRaw, EndPoint?> _remoteOf;
    private readonly Func<TRaw, ValueTask> _closeRaw;
    private readonly Func<TMember, ValueTask> _closeMember;
    private readonly TimeSpan _helloTimeout;
    private readonly Channel<TMember> _members = Channel.CreateUnbounded<TMember>();
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _pending = new(MaxPendingHellos, MaxPendingHellos);
    private readonly Task _loop;

    /// <summary>Starts accepting at once.</summary>
    /// <param name="transport">Transport name for refusal records.</param>
    /// <param name="acceptRaw">The underlying accept; its exception (other than after <see cref="DisposeAsync"/>) fails every later <see cref="AcceptAsync"/>.</param>
    /// <param name="check">Reads and judges the hello; cancelled at the hello deadline (then the verdict is Timeout);
    /// any exception it throws refuses the peer as <see cref="MembershipVerdict.NotAHello"/>.</param>
    /// <param name="remoteOf">The raw connection's remote address, for the record.</param>
    /// <param name="closeRaw">Closes a refused raw connection.</param>
    /// <param name="closeMember">Closes an admitted connection nobody accepted before dispose.</param>
    /// <param name="refused">Where refusals are recorded.</param>
    /// <param name="helloTimeout">How long a peer has for its hello (default <see cref="DefaultHelloTimeout"/>).</param>
    public MemberAdmission(string transport, Func<CancellationToken, ValueTask<TRaw>> acceptRaw,
        Func<TRaw, CancellationToken, ValueTask<Admission<TMember>>> check, Func<TRaw, EndPoint?> remoteOf,
        Func<TRaw, ValueTask> closeRaw, Func<TMember, ValueTask> closeMember, RefusedPeerLog refused, TimeSpan? helloTimeout = null)
    {
        _transport = transport;
        _acceptRaw = acceptRaw;
        _check = check;
        _remoteOf = remoteOf;
        _closeRaw = closeRaw;
        _closeMember = closeMember;
        Refused = refused;
        _helloTimeout = helloTimeout ?? DefaultHelloTimeout;
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The refusals so far.</summary>
    public RefusedPeerLog Refused { get; }

    /// <summary>The next member, in the order their hellos completed.</summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    /// <exception cref="Exception">The underlying accept's failure, rethrown as it was thrown.</exception>
    public async ValueTask<TMember> AcceptAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _members.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException e) when (e.InnerException is { } failure)
        {
            ExceptionDispatchInfo.Throw(failure);
            throw; // unreachable
        }
        catch (ChannelClosedException e)
        {
            throw new ObjectDisposedException($"{_transport} listener was disposed", e);
        }
    }

    private async Task AcceptLoopAsync()
    {
        var ct = _stop.Token;
        try
        {
            while (true)
            {
                await _pending.WaitAsync(ct).ConfigureAwait(false);
                TRaw raw;
                try
                {
                    raw = await _acceptRaw(ct).ConfigureAwait(false);
                }
                catch
                {
                    _pending.Release();
                    throw;
                }
                _ = AdmitAsync(raw, ct);
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            _members.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _members.Writer.TryComplete(e);
        }
    }

    private async Task AdmitAsync(TRaw raw, CancellationToken stop)
    {
        var remote = SafeRemote(raw); // before the check: a refused connection may be closed by it
        try
        {
            MembershipVerdict verdict;
            TMember? member = null;
            using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                deadline.CancelAfter(_helloTimeout);
                try
                {
                    (verdict, member) = await _check(raw, deadline.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    verdict = MembershipVerdict.Timeout;
                }
                catch (Exception) when (!stop.IsCancellationRequested)
                {
                    verdict = MembershipVerdict.NotAHello; // closed or reset before a whole hello, or bytes of another protocol
                }
            }
            if (verdict == MembershipVerdict.Member && member is not null)
            {
                if (!_members.Writer.TryWrite(member)) await _closeMember(member).ConfigureAwait(false);
                return;
            }
            if (member is not null) await _closeMember(member).ConfigureAwait(false);
            if (!stop.IsCancellationRequested)
                Refused.Add(new RefusedPeer(_transport, remote, verdict == MembershipVerdict.Member ? MembershipVerdict.NotAHello : verdict, DateTimeOffset.UtcNow));
            await _closeRaw(raw).ConfigureAwait(false);
        }
        catch (Exception)
        {
            try { await _closeRaw(raw).ConfigureAwait(false); } catch (Exception) { /* closing a failed peer: nothing more to do */ }
        }
        finally
        {
            try { _pending.Release(); } catch (ObjectDisposedException) { /* disposed meanwhile */ }
        }
    }

    private EndPoint? SafeRemote(TRaw raw)
    {
        try
        {
            return _remoteOf(raw);
        }
        catch (Exception)
        {
            return null; // the peer is gone already
        }
    }

    /// <summary>Stops accepting, closes members nobody accepted. The caller closes the underlying listener first or after.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        _stop.Cancel();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(3)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // an underlying accept that ignores cancellation ends when its listener is closed
        }
        _members.Writer.TryComplete();
        while (_members.Reader.TryRead(out var member))
        {
            try { await _closeMember(member).ConfigureAwait(false); } catch (Exception) { /* best effort */ }
        }
        // _stop is not disposed: hello checks still in flight hold its token and end on their own deadline
    }
}
