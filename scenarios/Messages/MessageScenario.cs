using Transports.Abstractions;
using Transports.Results;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Messages;

/// <summary>
/// What the message scenarios share: their options (<see cref="MessageOptions"/>), one variant per message size, the
/// capability check on the maximum message size, and the run prologue (settings, size, progress unit).
/// </summary>
public abstract class MessageScenario : IScenario
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public abstract string Description { get; }

    /// <inheritdoc />
    public IReadOnlyList<OptionSpec> Options => MessageOptions.All;

    /// <inheritdoc />
    public Task<ScenarioPlan> PrepareAsync(OptionValues options, CancellationToken cancellationToken)
        => Task.FromResult(MessageOptions.ToPlan(MessageOptions.Parse(options)));

    /// <inheritdoc />
    public string? WhyUnsupported(TransportCapabilities capabilities, ScenarioPlan plan) => MessageOptions.WhyUnsupported(capabilities, plan);

    /// <inheritdoc />
    public Task<Measurement> RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = MessageOptions.SettingsOf(context);
        int size = MessageOptions.MessageSizeOf(context);
        MessageTooLargeException.ThrowIfTooLarge(size, context.Transport.Capabilities.MaxMessageSizeBytes);
        context.Progress.Unit = "msg";
        if (settings.MeasuredCount > 0) context.Progress.SetTotal(settings.MeasuredCount);
        return Cancellation.ReportAsCancellation(RunAsync(context, settings, size, cancellationToken), cancellationToken);
    }

    /// <summary>Runs one variant: messages of <paramref name="messageSizeBytes"/> bytes with <paramref name="settings"/>.</summary>
    /// <param name="context">The run context.</param>
    /// <param name="settings">Parsed options.</param>
    /// <param name="messageSizeBytes">This variant's message size, within the transport's maximum.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    protected abstract Task<Measurement> RunAsync(ScenarioContext context, MessageSettings settings, int messageSizeBytes, CancellationToken cancellationToken);
}
