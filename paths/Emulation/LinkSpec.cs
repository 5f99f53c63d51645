namespace Transports.Paths.Emulation;

/// <summary>
/// An emulated link between the client (namespace A) and the server (namespace B): <see cref="Up"/> is client → server,
/// <see cref="Down"/> server → client. Written on the command line as <c>-link SPEC</c> (<see cref="LinkSpecParser"/>),
/// a preset name (<see cref="LinkPresets"/>) optionally followed by overrides.
/// </summary>
/// <param name="Up">Client → server.</param>
/// <param name="Down">Server → client.</param>
/// <param name="Text">The spec as written (recorded in results).</param>
/// <param name="Preset">The preset it starts from, or null.</param>
public sealed record LinkSpec(LinkDirectionSpec Up, LinkDirectionSpec Down, string Text, string? Preset = null)
{
    /// <summary>The configured round-trip propagation delay (both directions' delays, jitter and queueing excluded), ns.</summary>
    public long ConfiguredRttNs => Up.DelayNs + Down.DelayNs;
}
