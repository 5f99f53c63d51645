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
}
