using Transports.Harness.Catalog;

namespace Transports.Harness.Cli;

/// <summary>
/// The card's command form, <c>-scenario bigfile [options]</c>, as the scenario command it means: <c>bigfile [options]</c>.
/// Arguments that start with a command are left alone; arguments without one (<c>-transports tcp</c>, or nothing at all)
/// run the default scenario, bigfile; a lone <c>--help</c> or <c>--version</c> goes to the root.
/// </summary>
public static class LegacyArguments
{
    /// <summary>The default scenario when none is named.</summary>
    public const string DefaultScenario = "bigfile";

    private static readonly string[] RootOnly = ["--help", "-h", "-?", "/?", "--version"];

    /// <summary>Rewrites <paramref name="args"/> into the command form.</summary>
    /// <param name="args">As typed.</param>
    /// <param name="commands">The root's command names.</param>
    /// <exception cref="UsageException"><c>-scenario</c> without a value or with an unknown scenario.</exception>
    public static string[] Rewrite(IReadOnlyList<string> args, IReadOnlySet<string> commands)
    {
        if (args.Count > 0 && commands.Contains(args[0])) return [.. args];
        var rest = new List<string>(args);
        string? scenario = null;
        for (int i = 0; i < rest.Count; i++)
        {
            var a = rest[i];
            if (a is "-scenario" or "--scenario")
            {
                if (i + 1 >= rest.Count || rest[i + 1].StartsWith('-'))
                    throw new UsageException($"{a} needs a value; valid scenarios: {ScenarioCatalog.Names}");
                scenario = rest[i + 1];
                rest.RemoveRange(i, 2);
                break;
            }
            if (a.StartsWith("-scenario=", StringComparison.Ordinal) || a.StartsWith("--scenario=", StringComparison.Ordinal))
            {
                scenario = a[(a.IndexOf('=') + 1)..];
                rest.RemoveAt(i);
                break;
            }
        }
        if (scenario is null && rest.Count == 1 && RootOnly.Contains(rest[0])) return [.. rest];
        scenario ??= DefaultScenario;
        if (ScenarioCatalog.Find(scenario) is null) throw new UsageException($"unknown scenario '{scenario}'; valid scenarios: {ScenarioCatalog.Names}");
        return [ScenarioCatalog.Find(scenario)!.Name, .. rest];
    }
}
