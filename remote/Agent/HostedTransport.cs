using System.Text.Json;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Abstractions.Tls;
using Transports.Remote.Control;
using Transports.Scenarios.Core;

namespace Transports.Remote.Agent;

/// <summary>
/// The agent's server side of one transport for one client run: the transport instance, made with the client's
/// membership token and the agent's own run certificate (whose pin goes back to the client), and the client's plan
/// completed for serving on this host.
/// </summary>
internal sealed class HostedTransport : IAsyncDisposable
{
    private readonly RunCertificate _certificate;

    private HostedTransport(ITransport transport, RunCertificate certificate, IScenario scenario, ScenarioPlan plan)
    {
        Transport = transport;
        _certificate = certificate;
        Scenario = scenario;
        Plan = plan;
    }

    /// <summary>The transport the run's listeners come from.</summary>
    public ITransport Transport { get; }

    /// <summary>The scenario whose server role runs.</summary>
    public IScenario Scenario { get; }

    /// <summary>The client's plan, prepared for serving here.</summary>
    public ScenarioPlan Plan { get; }

    /// <summary>SHA-256 pin of the certificate the transport presents, hex.</summary>
    public string CertificatePinHex => _certificate.Pin.Hex;

    /// <summary>Opens the transport <paramref name="request"/> names.</summary>
    /// <param name="catalog">Scenarios and transports of this agent.</param>
    /// <param name="request">The client's request.</param>
    /// <param name="cancellationToken">Cancels preparation.</param>
    /// <exception cref="AgentRequestException">Unknown or unavailable transport, unknown scenario, a plan this host
    /// cannot serve, invalid options or token (one line).</exception>
    public static async Task<HostedTransport> OpenAsync(IAgentCatalog catalog, TransportOpen request, CancellationToken cancellationToken)
    {
        var factory = catalog.FindTransport(request.Transport) ?? throw new AgentRequestException("unavailable", $"the agent has no transport '{request.Transport}'");
        var availability = factory.CheckAvailability();
        if (!availability.IsAvailable) throw new AgentRequestException("unavailable", $"not available on the agent: {availability.Reason}");
        var scenario = catalog.FindScenario(request.Scenario) ?? throw new AgentRequestException("setup", $"the agent has no scenario '{request.Scenario}'");
        RunMembership membership;
        try
        {
            membership = RunMembership.FromToken(Convert.FromHexString(request.MembershipTokenHex));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new AgentRequestException("protocol", $"membership_token_hex is not a {RunMembership.TokenLength}-byte hex token");
        }
        ScenarioPlan plan;
        try
        {
            plan = await scenario.PrepareServerAsync(scenario.ReadPlan(request.Parameters), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is JsonException or ScenarioSetupException or OptionException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            throw new AgentRequestException("setup", $"the agent cannot serve this {scenario.Name} plan: {OneLine.Of(e)}");
        }
        var certificate = RunCertificate.Create();
        try
        {
            var options = new OptionValues(new Dictionary<string, string>(request.Options, StringComparer.OrdinalIgnoreCase));
            return new HostedTransport(factory.Create(options, new RunIdentity(membership, certificate)), certificate, scenario, plan);
        }
        catch (Exception e)
        {
            certificate.Dispose();
            throw new AgentRequestException("setup", $"{request.Transport} could not be created on the agent: {OneLine.Of(e)}");
        }
    }

    /// <summary>Disposes the transport, then its certificate; never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await Transport.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is TransportException or IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            // closing: nothing more to report
        }
        _certificate.Dispose();
    }
}
