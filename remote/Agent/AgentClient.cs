using System.Net;
using System.Net.Sockets;
using Transports.Measure.Timing;
using Transports.Remote.Clock;
using Transports.Remote.Control;

namespace Transports.Remote.Agent;

/// <summary>
/// The client's end of an authenticated control session with an agent: connects, proves the token and checks the agent's
/// proof (so a fake agent is caught as well), then measures the clock offset and asks for runs. After the handshake one
/// reader takes every message off the connection: the answer to the one request in flight (<see cref="RequestAsync"/>),
/// or a run's outcome, which the agent sends unasked (<see cref="ExpectRunOutcome"/>). When the connection ends, whatever
/// waits fails with one <see cref="ControlProtocolException"/> line.
/// </summary>
public sealed class AgentClient : IAsyncDisposable
{
    private readonly Socket _socket; // kept for tests that reset it (a client killed mid-session)
    private readonly NetworkStream _stream;
    private readonly SemaphoreSlim _requests = new(1, 1);
    private readonly SemaphoreSlim _writes = new(1, 1);
    private readonly CancellationTokenSource _closing = new();
    private readonly object _gate = new();
    private TaskCompletionSource<(ControlMessage Message, long ReceivedNs)>? _pending;
    private TaskCompletionSource<ControlMessage>? _outcome;
    private Exception? _ended;
    private Action<RunProgress>? _progress;
    private Task _reader = Task.CompletedTask;

    private AgentClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        Remote = (IPEndPoint)socket.RemoteEndPoint!;
    }

    /// <summary>The agent's control endpoint.</summary>
    public IPEndPoint Remote { get; }

    /// <summary>The agent's harness version (from its challenge).</summary>
    public string AgentVersion { get; private set; } = "";

    /// <summary>Opens a session.</summary>
    /// <param name="agent">The agent's control endpoint.</param>
    /// <param name="token">The shared token.</param>
    /// <param name="version">This harness's version.</param>
    /// <param name="timeout">Longest the connect and handshake may take.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <exception cref="ControlProtocolException">Unreachable, busy (names the holder), wrong token (either side), another
    /// protocol version, or a malformed answer; one line.</exception>
    public static async Task<AgentClient> ConnectAsync(IPEndPoint agent, string token, string version, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var socket = new Socket(agent.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                connect.CancelAfter(timeout);
                try
                {
                    await socket.ConnectAsync(agent, connect.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    throw new ControlProtocolException($"agent {agent}: no answer within {timeout.TotalSeconds:0} s");
                }
                catch (SocketException e)
                {
                    throw new ControlProtocolException($"agent {agent}: {e.Message}");
                }
            }
            var client = new AgentClient(socket);
            var clientNonce = ChallengeAuth.NewNonce();
            await ControlFrame.WriteAsync(client._stream, new Hello(ControlProtocol.Version, version, clientNonce), cancellationToken).ConfigureAwait(false);
            var answer = await ControlFrame.ReadAsync(client._stream, timeout, cancellationToken).ConfigureAwait(false);
            if (answer is Refused refused) throw new ControlProtocolException($"agent {agent} refused: {refused.Reason}");
            if (answer is not Challenge challenge) throw new ControlProtocolException($"agent {agent}: expected a challenge, got {Describe(answer)}");
            if (!ChallengeAuth.Matches(ChallengeAuth.AgentProof(token, clientNonce, challenge.AgentNonce), challenge.AgentProof))
                throw new ControlProtocolException($"agent {agent} does not know the token: wrong token, or not our agent");
            await ControlFrame.WriteAsync(client._stream, new Proof(ChallengeAuth.ClientProof(token, clientNonce, challenge.AgentNonce)), cancellationToken).ConfigureAwait(false);
            var verdict = await ControlFrame.ReadAsync(client._stream, timeout, cancellationToken).ConfigureAwait(false);
            return verdict switch
            {
                Welcome => client.Started(challenge.ToolVersion),
                Busy busy => throw new ControlProtocolException($"agent {agent} is busy: held by {busy.Holder} since {busy.SinceUtc:u}"),
                Refused r => throw new ControlProtocolException($"agent {agent} refused: {r.Reason}"),
                _ => throw new ControlProtocolException($"agent {agent}: expected welcome, got {Describe(verdict)}"),
            };
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private AgentClient Started(string version)
    {
        AgentVersion = version;
        _reader = Task.Run(ReadLoopAsync);
        return this;
    }

    private async Task ReadLoopAsync()
    {
        Exception ended;
        try
        {
            while (true)
            {
                var message = await ControlFrame.ReadAsync(_stream, Timeout.InfiniteTimeSpan, _closing.Token, ControlFrame.MaxReportBytes).ConfigureAwait(false);
                long received = Now();
                if (message is null)
                {
                    ended = new ControlProtocolException($"agent {Remote} closed the control connection");
                    break;
                }
                if (message is RunProgress progress)
                {
                    Volatile.Read(ref _progress)?.Invoke(progress); // none: a run already closed here
                    continue;
                }
                if (message is RunReport or RunFailed)
                {
                    TaskCompletionSource<ControlMessage>? outcome;
                    lock (_gate) (outcome, _outcome) = (_outcome, null);
                    if (outcome is null) throw new ControlProtocolException($"agent {Remote} sent {message.GetType().Name} outside a run");
                    outcome.TrySetResult(message);
                    continue;
                }
                TaskCompletionSource<(ControlMessage, long)>? pending;
                lock (_gate) (pending, _pending) = (_pending, null);
                if (pending is null) throw new ControlProtocolException($"agent {Remote} sent {message.GetType().Name} unasked");
                pending.TrySetResult((message, received));
            }
        }
        catch (OperationCanceledException)
        {
            ended = new ControlProtocolException($"the session with agent {Remote} is closed");
        }
        catch (ControlProtocolException e)
        {
            ended = e;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            ended = new ControlProtocolException($"agent {Remote}: control connection failed: {e.Message}");
        }
        lock (_gate)
        {
            _ended = ended;
            _pending?.TrySetException(ended);
            _outcome?.TrySetException(ended);
            _pending = null;
            _outcome = null;
        }
    }

    /// <summary>Sends <paramref name="request"/> and waits for the agent's answer (one request at a time).</summary>
    /// <param name="request">The request.</param>
    /// <param name="timeout">Longest the answer may take.</param>
    /// <param name="cancellationToken">Cancels the wait (the session then has an answer in flight: close it).</param>
    /// <returns>The answer and when it arrived (this host's monotonic clock, ns).</returns>
    /// <exception cref="ControlProtocolException">No answer in time, or the session ended (one line).</exception>
    public async Task<(ControlMessage Answer, long ReceivedNs)> RequestAsync(ControlMessage request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _requests.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pending = new TaskCompletionSource<(ControlMessage, long)>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_gate)
            {
                if (_ended is { } ended) throw new ControlProtocolException(ended.Message);
                _pending = pending;
            }
            await SendAsync(request, cancellationToken).ConfigureAwait(false);
            try
            {
                return await pending.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new ControlProtocolException($"agent {Remote}: no answer to {request.GetType().Name} within {timeout.TotalSeconds:0.#} s");
            }
        }
        finally
        {
            lock (_gate) _pending = null;
            _requests.Release();
        }
    }

    /// <summary>Sends a message that has no answer (e.g. run_abort); serialized with every other write.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <exception cref="ControlProtocolException">The connection failed.</exception>
    public async Task SendAsync(ControlMessage message, CancellationToken cancellationToken)
    {
        await _writes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await ControlFrame.WriteAsync(_stream, message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            throw new ControlProtocolException($"agent {Remote}: control connection failed: {e.Message}");
        }
        finally
        {
            _writes.Release();
        }
    }

    /// <summary>Arms the wait for the next run's outcome (run_report or run_failed); call before run_open.</summary>
    /// <param name="progress">Called on the reader with each run_progress of the run until the next call (must not block).</param>
    /// <returns>Completes with the outcome; faults with <see cref="ControlProtocolException"/> when the session ends first.</returns>
    public Task<ControlMessage> ExpectRunOutcome(Action<RunProgress>? progress = null)
    {
        Volatile.Write(ref _progress, progress);
        var outcome = new TaskCompletionSource<ControlMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_ended is { } ended) outcome.TrySetException(new ControlProtocolException(ended.Message));
            else _outcome = outcome;
        }
        return outcome.Task;
    }

    private static string Describe(ControlMessage? message) => message is null ? "the connection closed" : message.GetType().Name;

    /// <summary>Probes the agent's clock <paramref name="probes"/> times and estimates its offset (minimum-delay filter).</summary>
    /// <param name="probes">Probes (1..1000).</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The offset with its uncertainty, and every probe's round-trip delay is inside it.</returns>
    /// <exception cref="ControlProtocolException">The agent misbehaved or went away.</exception>
    public async Task<ClockOffset> ProbeClockAsync(int probes, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(probes, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probes, 1000);
        var samples = new List<ClockSample>(probes);
        for (int i = 0; i < probes; i++)
        {
            long t1 = Now();
            var (reply, t4) = await RequestAsync(new TimeProbe(t1), TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            if (reply is not TimeReply r || r.ClientSendNs != t1) throw new ControlProtocolException($"expected the time reply to probe {i}, got {Describe(reply)}");
            samples.Add(new ClockSample(t1, r.AgentReceiveNs, r.AgentSendNs, t4));
        }
        return ClockOffset.Estimate(samples);
    }

    private static long Now() => MonotonicClock.TicksToNanoseconds(MonotonicClock.NowTicks());

    /// <summary>
    /// Ends the session in order (bye), waits up to 5 s for the agent to close the connection (it does once it has torn
    /// the session down and is free again, so a client that follows at once is not told it is busy), then closes.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        bool said = false;
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await SendAsync(new Bye(), quick.Token).ConfigureAwait(false);
            said = true;
        }
        catch (Exception e) when (e is ControlProtocolException or OperationCanceledException)
        {
            // already gone
        }
        if (said) await Task.WhenAny(_reader, Task.Delay(TimeSpan.FromSeconds(5))).ConfigureAwait(false);
        _closing.Cancel();
        await _stream.DisposeAsync().ConfigureAwait(false);
        await _reader.ConfigureAwait(false);
        _closing.Dispose();
    }
}
