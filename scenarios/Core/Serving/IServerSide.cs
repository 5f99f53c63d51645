using Transports.Abstractions;

namespace Transports.Scenarios.Core.Serving;

/// <summary>
/// Where the server side of a run lives. <see cref="LocalServerSide"/>: in this process, on loopback (the default);
/// the harness's two-host mode: on an agent across the network, reached over its authenticated control channel. The
/// scenario's client role is the same code either way.
/// </summary>
public interface IServerSide
{
    /// <summary>A short description for messages, e.g. "this process" or "agent 10.213.0.2:47311".</summary>
    string Description { get; }

    /// <summary>
    /// Starts the server side of one run: listens, and runs <paramref name="scenario"/>'s server role
    /// (<see cref="IScenario.ServeAsync"/>) on the one connection of the run that it accepts.
    /// </summary>
    /// <param name="scenario">The scenario whose server role runs.</param>
    /// <param name="context">The client's run context (transport, plan, variant, warm-up).</param>
    /// <param name="direction">Which way data will flow.</param>
    /// <param name="cancellationToken">Cancels the start (not the session: dispose it).</param>
    /// <returns>The session: where to connect, and the server role's report once it ends.</returns>
    /// <exception cref="TransportException">The server side cannot listen.</exception>
    Task<ServerSession> OpenAsync(IScenario scenario, ScenarioContext context, StreamDirection direction, CancellationToken cancellationToken);
}
