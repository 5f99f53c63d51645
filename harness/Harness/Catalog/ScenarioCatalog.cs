using Transports.Scenarios.Core;

namespace Transports.Harness.Catalog;

/// <summary>Every scenario the harness knows. Adding one is one line here.</summary>
public static class ScenarioCatalog
{
    /// <summary>All scenarios.</summary>
    public static IReadOnlyList<IScenario> All { get; } =
    [
        new Transports.Scenarios.BigFile.BigFileScenario(),
        new Transports.Scenarios.PingPong.PingPongScenario(),
        new Transports.Scenarios.Datagrams.DatagramsScenario(),
        new Transports.Scenarios.HeadOfLine.HeadOfLineScenario(),
        new Transports.Scenarios.Connect.ConnectScenario(),
        new Transports.Scenarios.Rpc.RpcScenario(),
    ];

    /// <summary>The scenario named <paramref name="name"/> (case-insensitive), or null.</summary>
    /// <param name="name">Scenario name, e.g. <c>bigfile</c>.</param>
    public static IScenario? Find(string name)
        => All.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Comma-separated list of valid names, for error messages.</summary>
    public static string Names => string.Join(", ", All.Select(s => s.Name));
}
