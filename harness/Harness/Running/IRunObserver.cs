using Transports.Results;
using Transports.Scenarios.Core;

namespace Transports.Harness.Running;

/// <summary>Receives run events for display (live progress, plain log lines). Must not throw.</summary>
public interface IRunObserver
{
    /// <summary>A run (warm-up or measured repeat) of one transport starts; <paramref name="progress"/> is polled for display.</summary>
    /// <param name="label">Transport label (name, plus variant).</param>
    /// <param name="run">"warm-up 1/1", "repeat 2/3", …</param>
    /// <param name="progress">The scenario's live counters.</param>
    void RunStarted(string label, string run, TransferProgress progress);

    /// <summary>A transport (all its runs) has finished, failed or been skipped.</summary>
    /// <param name="result">Its result.</param>
    void TransportFinished(TransportResult result);

    /// <summary>A message for the user (stderr in plain mode).</summary>
    /// <param name="message">One line.</param>
    void Message(string message);
}
