namespace Transports.Scenarios.Core;

/// <summary>
/// Progress counters a scenario updates on its hot path (plain interlocked adds, no allocation, no lock) and the
/// harness polls a few times per second for the live display and stall detection.
/// </summary>
public sealed class TransferProgress
{
    private long _completedUnits;
    private long _totalUnits;

    private long _heartbeats;
    private volatile string _phase = "starting";

    /// <summary>
    /// What the run is doing: "connecting", "transferring", "verifying", … Shown live; the stall detector watches
    /// only phases where bytes should move (<see cref="IsWatched"/>), so a long verification is not a stall.
    /// </summary>
    public string Phase
    {
        get => _phase;
        set => _phase = value;
    }

    /// <summary>True in phases where progress must keep moving (everything but "verifying").</summary>
    public bool IsWatched => _phase != "verifying";

    /// <summary>Signals liveness without completing units (e.g. a pingpong round trip that moves no counted unit).</summary>
    public void Heartbeat() => Interlocked.Increment(ref _heartbeats);

    /// <summary>Heartbeats so far.</summary>
    public long Heartbeats => Volatile.Read(ref _heartbeats);

    /// <summary>Units done so far (bytes delivered, or messages for message scenarios).</summary>
    public long CompletedUnits => Volatile.Read(ref _completedUnits);

    /// <summary>Units expected in all; 0 when unknown (duration-bounded runs).</summary>
    public long TotalUnits => Volatile.Read(ref _totalUnits);

    /// <summary>
    /// How far apart <see cref="CompletedUnits"/> may move while units are being completed: zero when the counting side
    /// runs in this process (every unit is added as it completes), the agent's report interval when its counts are
    /// relayed (two hosts, <c>-link</c>). A rule that waits for the counters to stand still must wait at least this much
    /// longer, or it mistakes the relay's steps for silence.
    /// </summary>
    public TimeSpan RelayInterval { get; set; }

    /// <summary>What a unit is, for display: "B" (bytes) or "msg".</summary>
    public string Unit { get; set; } = "B";

    /// <summary>Sets the expected total.</summary>
    /// <param name="total">Units expected; 0 when unknown.</param>
    public void SetTotal(long total) => Volatile.Write(ref _totalUnits, total);

    /// <summary>Adds <paramref name="units"/> done.</summary>
    /// <param name="units">Units just completed.</param>
    public void Add(long units) => Interlocked.Add(ref _completedUnits, units);

    /// <summary>Resets the counters (between warm-up and measured runs).</summary>
    public void Reset()
    {
        Volatile.Write(ref _completedUnits, 0);
        Volatile.Write(ref _totalUnits, 0);
    }
}
