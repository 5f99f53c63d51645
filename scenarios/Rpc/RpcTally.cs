using Transports.Measure.Histograms;
using Transports.Measure.Timing;
using Transports.Results;

namespace Transports.Scenarios.Rpc;

/// <summary>
/// The measured requests of one run, counted as their responses arrive (from every stream's receiver: one lock, a few
/// operations per request): the latency histogram (ns) of completed requests, completed requests per connection,
/// failures by kind with the first few messages.
/// </summary>
public sealed class RpcTally
{
    /// <summary>Failure messages kept for the reader.</summary>
    public const int KeptErrors = 5;

    private readonly object _lock = new();
    private readonly LatencyHistogram _latencyNs = new();
    private readonly long[] _perConnection;
    private readonly Dictionary<string, long> _failuresByKind = new(StringComparer.Ordinal);
    private readonly List<string> _firstErrors = [];
    private long _completed, _failed, _firstStartTicks = long.MaxValue, _lastEndTicks;

    /// <summary>A tally for <paramref name="connections"/> connections.</summary>
    /// <param name="connections">Connections of the run.</param>
    public RpcTally(int connections) => _perConnection = new long[connections];

    /// <summary>Measured requests that ended so far.</summary>
    public long Ended { get { lock (_lock) return _completed + _failed; } }

    /// <summary>Counts a completed request.</summary>
    /// <param name="connection">The connection it went over.</param>
    /// <param name="startTicks">Its start: the intended one in open loop, the send in closed loop.</param>
    /// <param name="endTicks">When its response had arrived whole.</param>
    public void Complete(int connection, long startTicks, long endTicks)
    {
        lock (_lock)
        {
            _completed++;
            _perConnection[connection]++;
            _latencyNs.Record(MonotonicClock.TicksToNanoseconds(endTicks - startTicks));
            _firstStartTicks = Math.Min(_firstStartTicks, startTicks);
            _lastEndTicks = Math.Max(_lastEndTicks, endTicks);
        }
    }

    /// <summary>Counts a failed request.</summary>
    /// <param name="id">The request id.</param>
    /// <param name="startTicks">Its start.</param>
    /// <param name="kind">The kind it is counted under.</param>
    /// <param name="message">The failure, one line.</param>
    public void Fail(long id, long startTicks, string kind, string message)
    {
        lock (_lock)
        {
            _failed++;
            _firstStartTicks = Math.Min(_firstStartTicks, startTicks);
            _lastEndTicks = Math.Max(_lastEndTicks, MonotonicClock.NowTicks());
            _failuresByKind[kind] = _failuresByKind.GetValueOrDefault(kind) + 1;
            if (_firstErrors.Count < KeptErrors) _firstErrors.Add($"request {id}: {message}");
        }
    }

    /// <summary>The request latency (start to the whole response) of the completed requests.</summary>
    /// <param name="coordinatedOmissionCorrected">True in open loop: timed from the intended start.</param>
    public Latency ToLatency(bool coordinatedOmissionCorrected)
    {
        lock (_lock) return _latencyNs.ToLatency(RpcScenario.LatencyKind, coordinatedOmissionCorrected);
    }

    /// <summary>The requests of the run as results.json records them.</summary>
    /// <param name="settings">The run's settings.</param>
    /// <param name="streamsPerConnection">Streams per connection actually used.</param>
    /// <param name="measuredStartTicks">Start of the measured interval (its first request's start, intended in open loop); 0 = the first counted start.</param>
    /// <param name="server">The server role's report.</param>
    public RpcSet ToRpcSet(RpcSettings settings, int streamsPerConnection, long measuredStartTicks, RpcServerReport server)
    {
        lock (_lock)
        {
            long start = measuredStartTicks > 0 ? measuredStartTicks : _firstStartTicks;
            long end = Math.Max(_lastEndTicks, start);
            double intervalMs = _completed + _failed > 0 ? MonotonicClock.TicksToMilliseconds(end - start) : 0;
            return new RpcSet
            {
                Loop = settings.IsOpenLoop ? "open" : "closed",
                Connections = settings.Connections,
                StreamsPerConnection = streamsPerConnection,
                Outstanding = settings.Outstanding,
                RequestBytes = settings.RequestBytes,
                ResponseBytes = settings.ResponseBytes,
                Attempted = _completed + _failed,
                Completed = _completed,
                Failed = _failed,
                FailuresByKind = new SortedDictionary<string, long>(_failuresByKind, StringComparer.Ordinal),
                FirstErrors = [.. _firstErrors],
                RequestsPerSecond = intervalMs > 0 ? _completed / (intervalMs / 1000) : 0,
                IntervalMs = intervalMs,
                CompletedPerConnection = [.. _perConnection],
                ServerAnswered = server.Answered,
            };
        }
    }
}
