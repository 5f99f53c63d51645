namespace Transports.Results.Metrics;

/// <summary>Which way a metric improves: what a CI gate treats as a regression and an advisor ranks by.</summary>
public enum BetterDirection
{
    /// <summary>Neither: a count or flag that describes the run (e.g. bytes delivered); never gated or ranked.</summary>
    None,
    /// <summary>Larger is better (goodput, messages per second).</summary>
    Higher,
    /// <summary>Smaller is better (latency, loss, jitter, CPU and memory cost).</summary>
    Lower,
}
