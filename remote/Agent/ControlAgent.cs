using System.Net;
using System.Net.Sockets;
using Transports.Measure.Timing;
using Transports.Remote.Control;

namespace Transports.Remote.Agent;

/// <summary>
/// The long-running agent of two-host mode (<c>harness serve</c>): accepts control connections, authenticates each by
/// <see cref="ChallengeAuth"/>, and serves one authenticated session at a time; a second client gets
/// <see cref="Busy"/> naming the holder. Each connection is handled on its own, under <see cref="AgentOptions"/>
/// deadlines, so a slow, silent, malformed or vanished peer ends only its own connection, and the next client is served
/// within seconds. A session answers clock probes and hosts the client's runs (<see cref="AgentSession"/>).
/// </summary>
public sealed class ControlAgent : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly string _token;
    private readonly AgentOptions _options;
    private readonly string _version;
    private readonly Action<string> _log;
    private readonly IAgentCatalog? _catalog;
    private readonly object _gate = new();
    private (string Holder, DateTimeOffset Since)? _session;

    /// <summary>Binds the control port.</summary>
    /// <param name="listen">Address and port (port 0: any free port).</param>
    /// <param name="token">The shared token (empty only on loopback; see <see cref="ChallengeAuth.MinTokenBytes"/>).</param>
    /// <param name="options">Deadlines.</param>
    /// <param name="version">This harness's version, told to clients.</param>
    /// <param name="log">One line per event (session opened, refused, ended).</param>
    /// <exception cref="ArgumentException">A short token on a non-loopback address.</exception>
    /// <exception cref="SocketException">The port cannot be bound.</exception>
    /// <param name="catalog">The scenarios and transports runs may use; null = the agent answers probes only.</param>
    public ControlAgent(IPEndPoint listen, string token, AgentOptions options, string version, Action<string> log, IAgentCatalog? catalog = null)
    {
        _catalog = catalog;
        if (!IPAddress.IsLoopback(listen.Address) && System.Text.Encoding.UTF8.GetByteCount(token) < ChallengeAuth.MinTokenBytes)
            throw new ArgumentException($"an agent reachable from the network needs a token of at least {ChallengeAuth.MinTokenBytes} bytes (-token, -token-file or TRANSPORTS_AGENT_TOKEN)");
        _token = token;
        _options = options;
        _version = version;
        _log = log;
        _listener = new Socket(listen.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(listen);
            _listener.Listen(16);
        }
        catch
        {
            _listener.Dispose();
            throw;
        }
        LocalEndPoint = (IPEndPoint)_listener.LocalEndPoint!;
    }

    /// <summary>The bound control endpoint.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Accepts and serves connections until <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <param name="cancellationToken">Stops the agent.</param>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException e)
            {
                _log($"accept failed: {e.Message}");
                continue;
            }
            _ = Task.Run(() => ServeAsync(client, cancellationToken), CancellationToken.None);
        }
    }

    private async Task ServeAsync(Socket socket, CancellationToken cancellationToken)
    {
        var peer = socket.RemoteEndPoint?.ToString() ?? "unknown";
        bool holding = false;
        using (socket)
        await using (var stream = new NetworkStream(socket, ownsSocket: false))
        {
            try
            {
                if (!await HandshakeAsync(stream, peer, cancellationToken).ConfigureAwait(false)) return;
                (string Holder, DateTimeOffset Since)? heldBy;
                lock (_gate)
                {
                    heldBy = _session;
                    if (heldBy is null)
                    {
                        _session = (peer, DateTimeOffset.UtcNow);
                        holding = true;
                    }
                }
                if (heldBy is { } s)
                {
                    // Written and flushed before the connection is closed (a write left in flight could lose the answer).
                    await ControlFrame.WriteAsync(stream, new Busy(s.Holder, s.Since), cancellationToken).ConfigureAwait(false);
                    _log($"{peer}: busy (held by {s.Holder} since {s.Since:HH:mm:ss})");
                    await DrainAsync(socket).ConfigureAwait(false);
                    return;
                }
                await ControlFrame.WriteAsync(stream, new Welcome(), cancellationToken).ConfigureAwait(false);
                _log($"{peer}: session opened");
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true); // a peer that vanished without a FIN
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 5);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 1);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 5);
                var local = ((IPEndPoint)socket.LocalEndPoint!).Address;
                await new AgentSession(stream, local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local, _catalog, _options, _version, _log)
                    .RunAsync(cancellationToken).ConfigureAwait(false);
                _log($"{peer}: session ended");
            }
            catch (ControlProtocolException e)
            {
                _log($"{peer}: {e.Message}");
                await TryRefuseAsync(stream, e.Message).ConfigureAwait(false);
                await DrainAsync(socket).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
            {
                _log($"{peer}: connection lost ({e.Message})");
            }
            catch (OperationCanceledException)
            {
                // the agent is stopping
            }
            finally
            {
                if (holding) lock (_gate) _session = null;
            }
        }
    }

    private async Task<bool> HandshakeAsync(Stream stream, string peer, CancellationToken cancellationToken)
    {
        long deadline = Environment.TickCount64 + (long)_options.HandshakeTimeout.TotalMilliseconds;
        TimeSpan Left() => TimeSpan.FromMilliseconds(Math.Max(1, deadline - Environment.TickCount64));
        // Each read gets what is left of the handshake's time; when it runs out, the error names the whole limit, not the
        // few milliseconds that were left for the last read.
        async Task<ControlMessage?> ReadAsync()
        {
            try
            {
                return await ControlFrame.ReadAsync(stream, Left(), cancellationToken).ConfigureAwait(false);
            }
            catch (ControlProtocolException) when (Environment.TickCount64 >= deadline)
            {
                throw new ControlProtocolException($"no complete control message within {_options.HandshakeTimeout.TotalSeconds:0.#} s (the handshake's time limit)");
            }
        }
        var first = await ReadAsync().ConfigureAwait(false);
        if (first is null) throw new ControlProtocolException("closed before saying hello");
        if (first is not Hello hello) throw new ControlProtocolException($"expected hello first, got {first.GetType().Name}");
        if (hello.ProtocolVersion != ControlProtocol.Version)
            throw new ControlProtocolException($"control protocol {hello.ProtocolVersion} is not this agent's {ControlProtocol.Version} (agent {_version}, client {hello.ToolVersion})");
        var agentNonce = ChallengeAuth.NewNonce();
        var agentProof = ChallengeAuth.AgentProof(_token, hello.ClientNonce, agentNonce);
        await ControlFrame.WriteAsync(stream, new Challenge(ControlProtocol.Version, _version, agentNonce, agentProof), cancellationToken).ConfigureAwait(false);
        var answer = await ReadAsync().ConfigureAwait(false);
        if (answer is null) throw new ControlProtocolException("left during the handshake (a client that does not know the token leaves here)");
        if (answer is not Proof proof) throw new ControlProtocolException($"expected proof after challenge, got {answer.GetType().Name}");
        if (!ChallengeAuth.Matches(ChallengeAuth.ClientProof(_token, hello.ClientNonce, agentNonce), proof.ClientProof))
        {
            _log($"{peer}: refused: wrong token");
            await TryRefuseAsync(stream, "wrong token").ConfigureAwait(false);
            return false;
        }
        return true;
    }

    private static async Task TryRefuseAsync(Stream stream, string reason)
    {
        try
        {
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await ControlFrame.WriteAsync(stream, new Refused(reason), quick.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // the peer is gone: nothing to tell
        }
    }

    /// <summary>
    /// Half-closes and discards what the peer still sends, briefly (at most 200 ms and 64 KiB), so the refusal is read
    /// instead of being lost to the RST a close with unread data causes (RFC 1122 §4.2.2.13).
    /// </summary>
    private static async Task DrainAsync(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
            using var quick = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            var sink = new byte[4096];
            for (int total = 0; total < 64 * 1024;)
            {
                int n = await socket.ReceiveAsync(sink, SocketFlags.None, quick.Token).ConfigureAwait(false);
                if (n == 0) break;
                total += n;
            }
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // gone or still talking: close anyway
        }
    }

    /// <summary>Stops listening; sessions in flight end with their connections.</summary>
    public ValueTask DisposeAsync()
    {
        _listener.Dispose();
        return ValueTask.CompletedTask;
    }
}
