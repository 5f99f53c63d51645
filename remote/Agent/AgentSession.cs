using System.Net;
using System.Net.NetworkInformation;
using Transports.Measure;
using Transports.Measure.Timing;
using Transports.Remote.Control;

namespace Transports.Remote.Agent;

/// <summary>
/// One authenticated session on the agent: answers clock probes and agent_info, and hosts the client's transports and
/// runs (one of each at a time) through <see cref="IAgentCatalog"/>. Reads go on while a run's role works in the
/// background; writes are serialized. Idle, the session ends after <see cref="AgentOptions.IdleTimeout"/>; while a run is
/// open, after its deadline plus that idle time (a half-open connection cannot hold the agent). Whatever ends the session
/// (bye, the connection closing or resetting, a malformed message, a timeout), the open run and transport are torn down.
/// </summary>
internal sealed class AgentSession
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    private readonly ControlWriter _writer;
    private readonly Stream _stream;
    private readonly IPAddress _localAddress;
    private readonly IAgentCatalog? _catalog;
    private readonly AgentOptions _options;
    private readonly string _version;
    private readonly Action<string> _log;
    private HostedTransport? _transport;
    private HostedRun? _run;
    private long _runDeadlineTick;

    public AgentSession(Stream stream, IPAddress localAddress, IAgentCatalog? catalog, AgentOptions options, string version, Action<string> log)
    {
        _stream = stream;
        _writer = new ControlWriter(stream, WriteTimeout);
        _localAddress = localAddress;
        _catalog = catalog;
        _options = options;
        _version = version;
        _log = log;
    }

    /// <summary>Serves the session until it ends; tears down what it opened in every case.</summary>
    /// <param name="cancellationToken">The agent is stopping.</param>
    /// <exception cref="ControlProtocolException">The client broke the protocol or went silent.</exception>
    /// <exception cref="IOException">The connection failed.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (await ServeOneAsync(cancellationToken).ConfigureAwait(false))
            {
            }
        }
        finally
        {
            await CloseTransportAsync().ConfigureAwait(false);
            _writer.Dispose();
        }
    }

    private TimeSpan ReadTimeout()
    {
        if (_run is null) return _options.IdleTimeout;
        long left = Math.Max(0, Volatile.Read(ref _runDeadlineTick) - Environment.TickCount64);
        return TimeSpan.FromMilliseconds(left) + _options.IdleTimeout;
    }

    private async Task<bool> ServeOneAsync(CancellationToken cancellationToken)
    {
        var message = await ControlFrame.ReadAsync(_stream, ReadTimeout(), cancellationToken).ConfigureAwait(false);
        long received = MonotonicClock.TicksToNanoseconds(MonotonicClock.NowTicks());
        switch (message)
        {
            case null or Bye:
                return false;
            case TimeProbe probe:
                long sent = MonotonicClock.TicksToNanoseconds(MonotonicClock.NowTicks());
                await SendAsync(new TimeReply(probe.ClientSendNs, received, sent), cancellationToken).ConfigureAwait(false);
                return true;
            case AgentInfoRequest:
                await SendAsync(new AgentInfo(_version, EnvironmentCollector.Collect(InterfaceOf(_localAddress))), cancellationToken).ConfigureAwait(false);
                return true;
            case TransportOpen open:
                await AnswerAsync(() => OpenTransportAsync(open, cancellationToken), cancellationToken).ConfigureAwait(false);
                return true;
            case RunOpen run:
                await AnswerAsync(() => OpenRunAsync(run, cancellationToken), cancellationToken).ConfigureAwait(false);
                return true;
            case RunAbort:
                _run?.Abort();
                return true;
            case RunClose:
                await SendAsync(await CloseRunAsync().ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                return true;
            case TransportClose:
                await CloseTransportAsync().ConfigureAwait(false);
                await SendAsync(new TransportClosed(), cancellationToken).ConfigureAwait(false);
                return true;
            default:
                throw new ControlProtocolException($"unexpected {message.GetType().Name} in a session");
        }
    }

    private Task SendAsync(ControlMessage message, CancellationToken cancellationToken) => _writer.WriteAsync(message, cancellationToken);

    private async Task AnswerAsync(Func<Task<ControlMessage>> request, CancellationToken cancellationToken)
    {
        ControlMessage answer;
        try
        {
            answer = await request().ConfigureAwait(false);
        }
        catch (AgentRequestException e)
        {
            _log($"request failed: {e.Message}");
            answer = new Failed(e.Kind, e.Message);
        }
        await SendAsync(answer, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ControlMessage> OpenTransportAsync(TransportOpen open, CancellationToken cancellationToken)
    {
        if (_catalog is null) throw new AgentRequestException("unavailable", "this agent serves no runs");
        if (_transport is not null) throw new AgentRequestException("protocol", "a transport is already open (transport_close first)");
        _transport = await HostedTransport.OpenAsync(_catalog, open, cancellationToken).ConfigureAwait(false);
        _log($"{open.Transport}: open for {open.Scenario}");
        return new TransportReady(_transport.CertificatePinHex);
    }

    private async Task<ControlMessage> OpenRunAsync(RunOpen open, CancellationToken cancellationToken)
    {
        if (_transport is null) throw new AgentRequestException("protocol", "no transport is open (transport_open first)");
        if (_run is not null) throw new AgentRequestException("protocol", "a run is already open (run_close first)");
        _run = await HostedRun.StartAsync(_transport, open, _localAddress, m => SendAsync(m, CancellationToken.None), cancellationToken).ConfigureAwait(false);
        Volatile.Write(ref _runDeadlineTick, Environment.TickCount64 + open.DeadlineMs);
        return new RunListening(_run.Port);
    }

    private async Task<RunClosed> CloseRunAsync()
    {
        var run = _run;
        _run = null;
        return run is null ? new RunClosed([], 0) : await run.StopAsync().ConfigureAwait(false);
    }

    private async Task CloseTransportAsync()
    {
        await CloseRunAsync().ConfigureAwait(false);
        var transport = _transport;
        _transport = null;
        if (transport is not null) await transport.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The name of the interface that holds <paramref name="address"/> ("lo" when none does, e.g. a wildcard).</summary>
    private static string InterfaceOf(IPAddress address)
    {
        try
        {
            var match = NetworkInterface.GetAllNetworkInterfaces()
                .FirstOrDefault(i => i.GetIPProperties().UnicastAddresses.Any(u => u.Address.Equals(address)));
            return match?.Name ?? "lo";
        }
        catch (NetworkInformationException)
        {
            return "lo";
        }
    }
}
