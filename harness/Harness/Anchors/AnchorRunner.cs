using Transports.Results;

namespace Transports.Harness.Anchors;

/// <summary>Runs the selected anchors after the transports, one tool run at a time, reporting each result as it comes.</summary>
public static class AnchorRunner
{
    /// <summary>Runs <paramref name="selection"/> against <paramref name="context"/>.</summary>
    /// <param name="selection">The anchors asked for.</param>
    /// <param name="context">The run.</param>
    /// <param name="onResult">Called with each result (to write results.json and tell the user).</param>
    /// <param name="cancellationToken">Ctrl-C: the tool in flight is stopped and its result marked incomplete.</param>
    /// <returns>Every result, in order.</returns>
    public static async Task<IReadOnlyList<AnchorResult>> RunAsync(AnchorSelection selection, AnchorContext context,
        Action<AnchorResult> onResult, CancellationToken cancellationToken)
    {
        var results = new List<AnchorResult>();
        foreach (var anchor in selection.Anchors)
        {
            if (cancellationToken.IsCancellationRequested) break;
            var why = anchor.WhyNotApplicable(context);
            if (why is not null)
            {
                if (!selection.Explicit) continue;
                Add(new AnchorResult { Tool = anchor.Name, Label = anchor.Name, Status = TransportStatus.Skipped, Error = why });
                continue;
            }
            await foreach (var result in anchor.RunAsync(context, cancellationToken).ConfigureAwait(false)) Add(result);
        }
        return results;

        void Add(AnchorResult result)
        {
            results.Add(result);
            onResult(result);
        }
    }
}
