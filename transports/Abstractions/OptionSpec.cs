namespace Transports.Abstractions;

/// <summary>
/// One command-line option a transport or scenario accepts. The harness turns each into a CLI option
/// (<c>--{Name}</c>, with the PowerShell-style alias <c>-{Name}</c>), so transports and scenarios add options without the
/// harness knowing them. Values are parsed by <see cref="OptionValues"/>.
/// </summary>
/// <param name="Name">Kebab-case name, prefixed with the transport's name, e.g. <c>tcp-nodelay</c>.</param>
/// <param name="Description">One line for <c>--help</c>; states the unit.</param>
/// <param name="DefaultValue">The default, as it would be typed on the command line.</param>
/// <param name="Unit">The unit of the value (<c>bytes</c>, <c>ms</c>, …), or null for flags and names.</param>
public sealed record OptionSpec(string Name, string Description, string DefaultValue, string? Unit = null);
