using Transports.Abstractions;
using Transports.Results;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Messages;

/// <summary>
/// What the message scenarios share: their options (<see cref="MessageOptions"/>), one variant per message size, the
/// capability check on the maximum message size, and the run prologue (size check, progress unit).
/// </summary>
public abstract class MessageScenario : Scenario<MessageSettings, MessageVariant>
{
    /// <inheritdoc />
    public override IReadOnlyList<OptionSpec> Options => MessageOptions.All;

    /// <inheritdoc />
    public override MessageSettings Parse(OptionValues options) => MessageOptions.Parse(options);

    /// <inheritdoc />
    public override IReadOnlyList<MessageVariant> Variants(MessageSettings settings)
        => settings.MessageSizesBytes.Select(size => new MessageVariant(size, settings.MessageSizesBytes.Count > 1)).ToList();

    /// <inheritdoc />
    public override string? WhyNotApplicable(TransportCapabilities capabilities, MessageSettings settings, MessageVariant variant)
        => capabilities.MaxMessageSizeBytes is int max && variant.MessageSizeBytes > max
            ? $"message-size {variant.MessageSizeBytes} B exceeds the transport's maximum message size of {max} B"
            : null;

    /// <inheritdoc />
    protected override Task<Measurement> RunAsync(ScenarioContext context, MessageSettings settings, MessageVariant variant, CancellationToken cancellationToken)
    {
        int size = variant.MessageSizeBytes;
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
