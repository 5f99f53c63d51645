namespace Transports.Remote.Agent;

/// <summary>An exception as the one line a control message carries.</summary>
internal static class OneLine
{
    /// <summary>The first line of <paramref name="e"/>'s message (of its one inner exception for an aggregate).</summary>
    /// <param name="e">The failure.</param>
    public static string Of(Exception e)
    {
        if (e is AggregateException { InnerExceptions.Count: 1 } a) e = a.InnerExceptions[0];
        var text = e.Message;
        int n = text.IndexOfAny(['\r', '\n']);
        return n < 0 ? text : text[..n];
    }
}
