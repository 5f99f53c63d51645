namespace Transports.Harness.Anchors;

/// <summary>Every reference tool the harness can run (<c>-anchors</c>), and the parsing of that option.</summary>
public static class AnchorCatalog
{
    /// <summary>All anchors.</summary>
    public static IReadOnlyList<IAnchor> All { get; } = [new Iperf3Anchor(), new SockperfAnchor(), new H2loadAnchor()];

    /// <summary>Comma-separated list of valid names, for help and error messages.</summary>
    public static string Names => string.Join(", ", All.Select(a => a.Name));

    /// <summary>
    /// Parses <c>-anchors</c>: <c>none</c> (default), <c>auto</c> (every anchor that applies to the run), or a comma list
    /// of names (each runs, or is reported as skipped with the reason it does not apply).
    /// </summary>
    /// <param name="text">The option's value.</param>
    /// <exception cref="ArgumentException">An unknown name; the message lists the valid ones.</exception>
    public static AnchorSelection Parse(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0 || value.Equals("none", StringComparison.OrdinalIgnoreCase)) return AnchorSelection.None;
        if (value.Equals("auto", StringComparison.OrdinalIgnoreCase)) return new AnchorSelection(All, Explicit: false);
        var list = new List<IAnchor>();
        foreach (var name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var anchor = All.FirstOrDefault(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"unknown anchor '{name}'; valid anchors: none, auto, {Names}");
            if (!list.Contains(anchor)) list.Add(anchor);
        }
        return new AnchorSelection(list, Explicit: true);
    }
}

/// <summary>The anchors a run asked for.</summary>
/// <param name="Anchors">Anchors to consider, in order.</param>
/// <param name="Explicit">True when named one by one: one that does not apply is then reported as skipped, not silently left out.</param>
public sealed record AnchorSelection(IReadOnlyList<IAnchor> Anchors, bool Explicit)
{
    /// <summary>No anchors (the default).</summary>
    public static AnchorSelection None { get; } = new([], Explicit: false);
}
