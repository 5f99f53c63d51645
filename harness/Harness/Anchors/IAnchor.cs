using Transports.Results;

namespace Transports.Harness.Anchors;

/// <summary>
/// A reference tool the field already trusts (iperf3, sockperf), run by the harness on the same machine, right after
/// the transports, with the workload of a scenario, so the results carry a ratio to it (DESIGN: anchors).
/// </summary>
public interface IAnchor
{
    /// <summary>Name used with <c>-anchors</c>, e.g. <c>iperf3</c>.</summary>
    string Name { get; }

    /// <summary>One line: what it runs and what it is compared with.</summary>
    string Description { get; }

    /// <summary>Why this anchor has nothing to compare in <paramref name="context"/> (other scenario, transport not run), or null when it applies.</summary>
    /// <param name="context">The run.</param>
    string? WhyNotApplicable(AnchorContext context);

    /// <summary>
    /// Runs the tool once per comparable workload of <paramref name="context"/> and yields one result each. A tool that
    /// is missing yields skipped results, one that fails yields failed results; neither throws.
    /// </summary>
    /// <param name="context">The run.</param>
    /// <param name="cancellationToken">Ctrl-C: stops the tool.</param>
    IAsyncEnumerable<AnchorResult> RunAsync(AnchorContext context, CancellationToken cancellationToken);
}
