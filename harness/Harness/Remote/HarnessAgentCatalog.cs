using Transports.Abstractions;
using Transports.Harness.Catalog;
using Transports.Remote.Agent;
using Transports.Scenarios.Core;

namespace Transports.Harness.Remote;

/// <summary>The harness's scenarios and transports, as the agent looks them up for a client's run.</summary>
internal sealed class HarnessAgentCatalog : IAgentCatalog
{
    /// <summary>The one instance.</summary>
    public static HarnessAgentCatalog Instance { get; } = new();

    /// <inheritdoc />
    public IScenario? FindScenario(string name) => ScenarioCatalog.Find(name);

    /// <inheritdoc />
    public ITransportFactory? FindTransport(string name) => TransportCatalog.Find(name);
}
