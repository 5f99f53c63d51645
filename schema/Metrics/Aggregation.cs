namespace Transports.Results.Metrics;

/// <summary>
/// How the repeats of one transport are reduced to the metric's headline value. Every metric's summary keeps the
/// whole <see cref="Spread"/> (median, min, max, 95% CI of the median); the aggregation says which of its numbers is
/// the headline a table shows and a gate compares.
/// </summary>
public enum Aggregation
{
    /// <summary>
    /// The median over repeats, with the distribution-free 95% confidence interval of the median from order statistics
    /// (Le Boudec, "Performance Evaluation of Computer and Communication Systems", 2010, §2.2.1; see
    /// <see cref="Statistics.SpreadCalculator"/>).
    /// </summary>
    Median,
    /// <summary>The largest value over repeats (e.g. peak working set: the worst repeat bounds the memory needed).</summary>
    Max,
}
