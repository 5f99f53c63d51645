namespace Transports.Scenarios.Core;

/// <summary>Cancellation from timer callbacks, where an exception would crash the process.</summary>
public static class Cancellation
{
    /// <summary>Cancels <paramref name="source"/>; ignores a source already disposed and failures of its callbacks.</summary>
    /// <param name="source">The source to cancel.</param>
    public static void TryCancel(CancellationTokenSource source)
    {
        try
        {
            source.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the run ended while the timer fired
        }
        catch (AggregateException)
        {
            // a registered callback failed; the cancellation itself took effect
        }
    }

    /// <summary>
    /// Awaits <paramref name="run"/>; when <paramref name="cancellationToken"/> was cancelled, any failure it caused
    /// (a transport reset by the abort that cancellation triggers) is reported as the cancellation it is.
    /// </summary>
    /// <param name="run">The operation.</param>
    /// <param name="cancellationToken">Its cancellation token.</param>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static async Task<T> ReportAsCancellation<T>(Task<T> run, CancellationToken cancellationToken)
    {
        try
        {
            return await run.ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException && cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException("cancelled", e, cancellationToken);
        }
    }
}
