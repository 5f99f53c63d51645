using Transports.Remote.Control;

namespace Transports.Remote.Agent;

/// <summary>
/// Serializes writes on one control connection: the session's answers and a run's unasked outcome may be written from
/// different tasks. Every write is bounded (a peer that stops reading cannot hold a writer forever).
/// </summary>
/// <param name="stream">The control connection.</param>
/// <param name="timeout">Longest one write may take.</param>
internal sealed class ControlWriter(Stream stream, TimeSpan timeout) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Writes <paramref name="message"/> after any write in flight.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels.</param>
    /// <exception cref="IOException">The connection failed or the write took longer than the timeout.</exception>
    public async Task WriteAsync(ControlMessage message, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        await _gate.WaitAsync(bounded.Token).ConfigureAwait(false);
        try
        {
            await ControlFrame.WriteAsync(stream, message, bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"the control connection took no data for {timeout.TotalSeconds:0} s");
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
