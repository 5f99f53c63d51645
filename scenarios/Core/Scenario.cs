using Transports.Abstractions;
using Transports.Results;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.Core;

/// <summary>
/// The typed base of every scenario: options are parsed once into <typeparamref name="TSettings"/>, variants are
/// <typeparamref name="TVariant"/>, and the capability check and the run receive both typed. The one cast from the
/// harness's untyped plan happens here.
/// </summary>
/// <typeparam name="TSettings">The scenario's settings record.</typeparam>
/// <typeparam name="TVariant">The scenario's variant record.</typeparam>
public abstract class Scenario<TSettings, TVariant> : IScenario
    where TSettings : ScenarioSettings
    where TVariant : ScenarioVariant
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <inheritdoc />
    public abstract IReadOnlyList<OptionSpec> Options { get; }

    /// <inheritdoc />
    public async Task<ScenarioPlan> PrepareAsync(OptionValues options, CancellationToken cancellationToken)
    {
        var settings = await PrepareAsync(Parse(options), cancellationToken).ConfigureAwait(false);
        return new ScenarioPlan(settings, Variants(settings).Cast<ScenarioVariant>().ToList());
    }

    /// <inheritdoc />
    public string? WhyNotApplicable(TransportCapabilities capabilities, ScenarioPlan plan, ScenarioVariant variant)
        => WhyNotApplicable(capabilities, SettingsOf(plan), VariantOf(variant));

    /// <inheritdoc />
    public Task<Measurement> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
        => RunAsync(context, SettingsOf(context.Plan), VariantOf(context.Variant), cancellationToken);

    /// <inheritdoc />
    public Task<ServerReport> ServeAsync(ServerRoleContext context, CancellationToken cancellationToken)
        => ServeAsync(context, SettingsOf(context.Plan), VariantOf(context.Variant), cancellationToken);

    /// <inheritdoc />
    public ScenarioPlan ReadPlan(System.Text.Json.Nodes.JsonObject parameters)
    {
        var settings = ParameterJson.FromObject<TSettings>(parameters);
        return new ScenarioPlan(settings, Variants(settings).Cast<ScenarioVariant>().ToList());
    }

    /// <inheritdoc />
    public async Task<ScenarioPlan> PrepareServerAsync(ScenarioPlan plan, CancellationToken cancellationToken)
        => new(await PrepareServerAsync(SettingsOf(plan), cancellationToken).ConfigureAwait(false), plan.Variants);

    /// <summary>Completes the client's settings for serving on this host; default: as they are.</summary>
    /// <param name="settings">The client's prepared settings.</param>
    /// <param name="cancellationToken">Cancels preparation.</param>
    /// <exception cref="ScenarioSetupException">This host cannot serve them.</exception>
    protected virtual Task<TSettings> PrepareServerAsync(TSettings settings, CancellationToken cancellationToken) => Task.FromResult(settings);

    /// <summary>Parses and validates the options.</summary>
    /// <param name="options">Raw values.</param>
    /// <exception cref="OptionException">A value is invalid; the message names the option and the valid range.</exception>
    public abstract TSettings Parse(OptionValues options);

    /// <summary>Prepares what every transport shares; returns the settings completed with it. Default: as parsed.</summary>
    /// <param name="settings">Parsed settings.</param>
    /// <param name="cancellationToken">Cancels preparation.</param>
    /// <exception cref="ScenarioSetupException">Preparation failed.</exception>
    protected virtual Task<TSettings> PrepareAsync(TSettings settings, CancellationToken cancellationToken) => Task.FromResult(settings);

    /// <summary>The variants every transport runs, at least one.</summary>
    /// <param name="settings">Prepared settings.</param>
    public abstract IReadOnlyList<TVariant> Variants(TSettings settings);

    /// <summary>Null when <paramref name="variant"/> fits a transport with <paramref name="capabilities"/>, else why not.</summary>
    /// <param name="capabilities">The transport's capabilities.</param>
    /// <param name="settings">Prepared settings.</param>
    /// <param name="variant">The variant.</param>
    public abstract string? WhyNotApplicable(TransportCapabilities capabilities, TSettings settings, TVariant variant);

    /// <summary>Runs one variant once over <see cref="ScenarioContext.Transport"/>.</summary>
    /// <param name="context">The run context.</param>
    /// <param name="settings">Prepared settings.</param>
    /// <param name="variant">The variant.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl-C, timeout or stall.</param>
    protected abstract Task<Measurement> RunAsync(ScenarioContext context, TSettings settings, TVariant variant, CancellationToken cancellationToken);

    /// <summary>The server role of one run (see <see cref="IScenario.ServeAsync"/>).</summary>
    /// <param name="context">The accepted connection and the run.</param>
    /// <param name="settings">Settings prepared on this host.</param>
    /// <param name="variant">The variant.</param>
    /// <param name="cancellationToken">Cancelled when the client side is done.</param>
    protected abstract Task<ServerReport> ServeAsync(ServerRoleContext context, TSettings settings, TVariant variant, CancellationToken cancellationToken);

    private TSettings SettingsOf(ScenarioPlan plan)
        => plan.Settings as TSettings ?? throw new ArgumentException($"{Name}: the plan holds {plan.Settings.GetType().Name}, not {typeof(TSettings).Name}", nameof(plan));

    private TVariant VariantOf(ScenarioVariant variant)
        => variant as TVariant ?? throw new ArgumentException($"{Name}: variant {variant.GetType().Name} is not a {typeof(TVariant).Name}", nameof(variant));
}
