using System.Net;
using System.Net.Sockets;
using Transports.Measure.Timing;
using Transports.Remote.Clock;
using Transports.Remote.Control;

namespace Transports.Remote.Agent;

/// <summary>
/// The client's end of an authenticated control session with an agent: connects, proves the token and checks the agent's
/// proof (so a fake agent is caught as well), then measures the clock offset.
/// </summary>
public sealed class AgentClient : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;

    private AgentClient(Socket socket)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
    }

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
                Welcome => client.WithVersion(challenge.ToolVersion),
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

    private AgentClient WithVersion(string version)
    {
        AgentVersion = version;
        return this;
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
            await ControlFrame.WriteAsync(_stream, new TimeProbe(t1), cancellationToken).ConfigureAwait(false);
            var reply = await ControlFrame.ReadAsync(_stream, TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
            long t4 = Now();
            if (reply is not TimeReply r || r.ClientSendNs != t1) throw new ControlProtocolException($"expected the time reply to probe {i}, got {Describe(reply)}");
            samples.Add(new ClockSample(t1, r.AgentReceiveNs, r.AgentSendNs, t4));
        }
        return ClockOffset.Estimate(samples);
    }

    private static long Now() => MonotonicClock.TicksToNanoseconds(MonotonicClock.NowTicks());

    /// <summary>Ends the session in order (bye), then closes.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await ControlFrame.WriteAsync(_stream, new Bye(), quick.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // already gone
        }
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
