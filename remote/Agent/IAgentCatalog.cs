using Transports.Abstractions;
using Transports.Scenarios.Core;

namespace Transports.Remote.Agent;

/// <summary>
/// The scenarios and transports an agent can serve, supplied by the harness (the agent knows the abstractions only, so
/// it never references a transport implementation).
/// </summary>
public interface IAgentCatalog
{
    /// <summary>The scenario named <paramref name="name"/>, or null.</summary>
    /// <param name="name">A scenario name as the client sent it.</param>
    IScenario? FindScenario(string name);

    /// <summary>The transport factory named <paramref name="name"/>, or null.</summary>
    /// <param name="name">A transport name as the client sent it.</param>
    ITransportFactory? FindTransport(string name);
}
