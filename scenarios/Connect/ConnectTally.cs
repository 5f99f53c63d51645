using Transports.Measure.Histograms;
using Transports.Measure.Timing;
using Transports.Results;

namespace Transports.Scenarios.Connect;

/// <summary>
/// The measured connects of one run, counted as they end (from many tasks: one lock, a few operations per connect):
/// the time-to-connect and connect-only histograms (ns) of completed connects, failures by kind with the first few
/// messages, and what the TLS handshakes reported (full, resumed, unknown).
/// </summary>
public sealed class ConnectTally
{
    /// <summary>Failure messages kept for the reader.</summary>
    public const int KeptErrors = 5;

    private readonly object _lock = new();
    private readonly LatencyHistogram _timeToConnectNs = new();
    private readonly LatencyHistogram _connectOnlyNs = new();
    private readonly Dictionary<string, long> _failuresByKind = new(StringComparer.Ordinal);
    private readonly List<string> _firstErrors = [];
    private readonly SortedSet<string> _negotiated = new(StringComparer.Ordinal);
    private long _attempted, _completed, _failed, _full, _resumed, _unknown, _noTls, _lastEndTicks;

    /// <summary>Measured connects that ended so far.</summary>
    public long Ended { get { lock (_lock) return _completed + _failed; } }

    /// <summary>Counts a measured connect that ended.</summary>
    /// <param name="outcome">How it ended.</param>
    public void Add(ConnectOutcome outcome)
    {
        lock (_lock)
        {
            _attempted++;
            _lastEndTicks = Math.Max(_lastEndTicks, outcome.EndTicks);
            if (!outcome.Completed)
            {
                _failed++;
                _failuresByKind[outcome.FailureKind!] = _failuresByKind.GetValueOrDefault(outcome.FailureKind!) + 1;
                if (_firstErrors.Count < KeptErrors) _firstErrors.Add($"connect {outcome.Index}: {outcome.FailureMessage}");
                return;
            }
            _completed++;
            _timeToConnectNs.Record(MonotonicClock.TicksToNanoseconds(outcome.FirstResponseByteTicks - outcome.StartTicks));
            _connectOnlyNs.Record(MonotonicClock.TicksToNanoseconds(outcome.ConnectedTicks - outcome.ActualStartTicks));
            if (outcome.Tls is not { } tls)
            {
                _noTls++;
                return;
            }
            if (tls.Resumed == true) _resumed++;
            else if (tls.Resumed == false) _full++;
            else _unknown++;
            _negotiated.Add(string.Join(' ', new[] { tls.Protocol, tls.CipherSuite, tls.Alpn }.Where(p => !string.IsNullOrEmpty(p))));
        }
    }

    /// <summary>The time-to-connect latency (connect start to the first response byte) of the completed connects.</summary>
    /// <param name="coordinatedOmissionCorrected">True in open loop: timed from the intended start.</param>
    public Latency TimeToConnect(bool coordinatedOmissionCorrected)
    {
        lock (_lock) return _timeToConnectNs.ToLatency(ConnectScenario.LatencyKind, coordinatedOmissionCorrected);
    }

    /// <summary>The connects of the run as results.json records them.</summary>
    /// <param name="loop">"closed" or "open".</param>
    /// <param name="measuredStartTicks">Start of the measured interval (first measured connect's start).</param>
    /// <param name="server">The server role's report.</param>
    public ConnectSet ToConnectSet(string loop, long measuredStartTicks, ConnectServerReport server)
    {
        lock (_lock)
        {
            long end = Math.Max(_lastEndTicks, measuredStartTicks);
            double intervalMs = MonotonicClock.TicksToMilliseconds(end - measuredStartTicks);
            return new ConnectSet
            {
                Loop = loop,
                Attempted = _attempted,
                Completed = _completed,
                Failed = _failed,
                FailuresByKind = new SortedDictionary<string, long>(_failuresByKind, StringComparer.Ordinal),
                FirstErrors = [.. _firstErrors],
                HandshakesPerSecond = intervalMs > 0 ? _completed / (intervalMs / 1000) : 0,
                IntervalMs = intervalMs,
                ConnectOnly = _connectOnlyNs.Count > 0 ? _connectOnlyNs.ToLatency("connect_only", coordinatedOmissionCorrected: false) : null,
                TlsFullHandshakes = _full,
                TlsResumedHandshakes = _resumed,
                TlsResumptionUnknown = _unknown,
                NoTlsInfo = _noTls,
                TlsNegotiated = [.. _negotiated],
                ServerAccepted = server.Accepted,
                ServerAnswered = server.Answered,
            };
        }
    }
}
