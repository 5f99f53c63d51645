using Transports.Abstractions;
using Transports.Results;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.Core;

/// <summary>
/// A workload plus its measurements. A scenario drives <see cref="ITransport"/> through the abstraction only,
/// decides by <see cref="TransportCapabilities"/> (never by transport name), emits samples into a
/// <see cref="Measurement"/>, and formats nothing. Implement it through <see cref="Scenario{TSettings, TVariant}"/>,
/// which gives the methods their typed settings and variant.
/// </summary>
public interface IScenario
{
    /// <summary>Lowercase name, also the command on the command line (<c>harness bigfile</c>, <c>-scenario bigfile</c>).</summary>
    string Name { get; }

    /// <summary>One line for <c>--help</c>.</summary>
    string Description { get; }

    /// <summary>Options this scenario reads (e.g. <c>size</c>, <c>rate</c>, <c>message-size</c>), scoped to its command.</summary>
    IReadOnlyList<OptionSpec> Options { get; }

    /// <summary>
    /// Parses the options into typed settings and prepares what every transport shares (e.g. generates the cached test
    /// file). Called once per run, before any transport runs.
    /// </summary>
    /// <param name="options">Option values from the command line.</param>
    /// <param name="cancellationToken">Cancels preparation.</param>
    /// <returns>The prepared plan: typed settings and the variants to run.</returns>
    /// <exception cref="OptionException">An option is invalid (the harness exits with code 2).</exception>
    /// <exception cref="ScenarioSetupException">Preparation failed (e.g. the input file cannot be read).</exception>
    Task<ScenarioPlan> PrepareAsync(OptionValues options, CancellationToken cancellationToken);

    /// <summary>
    /// Null when <paramref name="variant"/> can run over a transport with <paramref name="capabilities"/>; otherwise
    /// why not (the result is then "not applicable", not a failure). Decided per variant: a 4096 B message may not fit
    /// a transport that carries 64 B ones.
    /// </summary>
    /// <param name="capabilities">The configured transport's capabilities.</param>
    /// <param name="plan">The prepared plan.</param>
    /// <param name="variant">One of the plan's variants.</param>
    /// <exception cref="ArgumentException">The plan or variant belongs to another scenario.</exception>
    string? WhyNotApplicable(TransportCapabilities capabilities, ScenarioPlan plan, ScenarioVariant variant);

    /// <summary>
    /// Runs the workload once over <see cref="ScenarioContext.Transport"/>: starts a listener, connects, moves
    /// data, verifies it, and returns what was measured.
    /// </summary>
    /// <param name="context">The transport, variant, progress counters and limits.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl-C, on the per-transport timeout, or on a stall.</param>
    /// <exception cref="TransportException">The transport failed.</exception>
    /// <exception cref="IntegrityException">Bytes arrived corrupted or incomplete on a reliable transport.</exception>
    Task<Measurement> RunAsync(ScenarioContext context, CancellationToken cancellationToken);

    /// <summary>
    /// The server role of one run, on the connection the server side accepted: echoes (pingpong), receives and verifies
    /// (bigfile upload, datagrams) or sends (bigfile download). It runs in this process beside <see cref="RunAsync"/>, or
    /// on a two-host agent (<see cref="IServerSide"/>); what only it knows comes back as its <see cref="ServerReport"/>.
    /// </summary>
    /// <param name="context">The accepted connection, the plan prepared on this host, the variant and direction.</param>
    /// <param name="cancellationToken">Cancelled when the client side is done with the run (or on failure).</param>
    /// <exception cref="TransportException">The transport failed.</exception>
    /// <exception cref="IntegrityException">What arrived is not what was sent.</exception>
    Task<ServerReport> ServeAsync(ServerRoleContext context, CancellationToken cancellationToken);

    /// <summary>
    /// The plan the client prepared, read back from its <see cref="ScenarioPlan.Parameters"/> (how a two-host agent learns
    /// the run's settings: the same sizes, rates, hashes; the variants follow from them).
    /// </summary>
    /// <param name="parameters">The client's <see cref="ScenarioPlan.Parameters"/>.</param>
    /// <exception cref="System.Text.Json.JsonException">The parameters are not this scenario's settings.</exception>
    ScenarioPlan ReadPlan(System.Text.Json.Nodes.JsonObject parameters);

    /// <summary>
    /// Completes the client's plan for serving on this host (e.g. bigfile download: the input file on this host, checked
    /// against the client's digest; upload: this host's sink folder). Called once per transport by a two-host agent;
    /// in one process the plan from <see cref="PrepareAsync"/> serves both roles.
    /// </summary>
    /// <param name="plan">The plan as the client prepared it (<see cref="ReadPlan"/>).</param>
    /// <param name="cancellationToken">Cancels preparation.</param>
    /// <exception cref="ScenarioSetupException">This host cannot serve the plan (e.g. its copy of the file differs).</exception>
    Task<ScenarioPlan> PrepareServerAsync(ScenarioPlan plan, CancellationToken cancellationToken);
}
