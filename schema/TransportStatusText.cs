namespace Transports.Results;

/// <summary>How a <see cref="TransportStatus"/> reads in a view.</summary>
public static class TransportStatusText
{
    /// <summary>"ok", "failed", "skipped", "not applicable", "incomplete".</summary>
    /// <param name="status">The status.</param>
    public static string Text(this TransportStatus status) => status switch
    {
        TransportStatus.NotApplicable => "not applicable",
        _ => status.ToString().ToLowerInvariant(),
    };

    /// <summary>True when the status means "nothing to measure here" rather than a failure: skipped or not applicable.</summary>
    /// <param name="status">The status.</param>
    public static bool IsNotRun(this TransportStatus status) => status is TransportStatus.Skipped or TransportStatus.NotApplicable;
}
