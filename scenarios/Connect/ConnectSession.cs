using Transports.Abstractions;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Connect;

/// <summary>
/// The session connection of a connect run: the one that marks the run while the measured connects come and go. Its
/// requests carry <see cref="ConnectExchange.SessionIndex"/>, which tells the server role which connection it is. The
/// client makes one exchange to start the run, then one every <see cref="KeepAliveInterval"/> until its last connect
/// ended: a session idle for the whole run would otherwise be closed by an idle timeout (QUIC's, RFC 9000 §10.1) and
/// the run would lose its server role silently. Each exchange is bounded by the connect deadline.
/// </summary>
public static class ConnectSession
{
    /// <summary>Time between keep-alive exchanges on the session.</summary>
    public static readonly TimeSpan KeepAliveInterval = TimeSpan.FromSeconds(1);

    /// <summary>Client: one session exchange, its response verified.</summary>
    /// <param name="session">The session connection.</param>
    /// <param name="settings">Request size and deadline.</param>
    /// <param name="cancellationToken">The run's cancellation.</param>
    /// <exception cref="TransportException">The session failed, or <see cref="TransportError.Timeout"/>: no answer within the deadline.</exception>
    /// <exception cref="IntegrityException">A wrong answer.</exception>
    public static async Task ExchangeAsync(ITransportConnection session, ConnectSettings settings, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(settings.ConnectTimeoutMs);
        var request = new byte[settings.RequestBytes];
        var response = new byte[ConnectExchange.ReceiveBufferBytes(session.Capabilities, settings.RequestBytes)];
        ConnectExchange.WriteRequest(ConnectExchange.SessionIndex, request);
        try
        {
            await session.SendAsync(request, deadline.Token).ConfigureAwait(false);
            await ConnectExchange.ReadExactlyAsync(session, response, settings.RequestBytes, "session's response", deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TransportException(TransportError.Timeout, $"connect: the server role did not answer on the session within the connect deadline of {settings.ConnectTimeoutMs} ms");
        }
        ConnectExchange.VerifyResponse(ConnectExchange.SessionIndex, response.AsSpan(0, settings.RequestBytes));
    }

    /// <summary>Client: an exchange every <see cref="KeepAliveInterval"/> until <paramref name="stop"/>; never stops mid-exchange.</summary>
    /// <param name="session">The session connection.</param>
    /// <param name="settings">Request size and deadline.</param>
    /// <param name="stop">Ends the keep-alive (between exchanges).</param>
    /// <param name="cancellationToken">The run's cancellation.</param>
    /// <exception cref="TransportException">An exchange failed.</exception>
    /// <exception cref="IntegrityException">A wrong answer.</exception>
    public static async Task KeepAliveAsync(ITransportConnection session, ConnectSettings settings, CancellationToken stop, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(KeepAliveInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
                await ExchangeAsync(session, settings, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // the last connect ended: the session's end follows
        }
    }

    /// <summary>
    /// Server: answers the session's requests (the first one was answered already) until the client's orderly close.
    /// </summary>
    /// <param name="session">The session connection.</param>
    /// <param name="settings">Request size.</param>
    /// <param name="cancellationToken">The server role's cancellation.</param>
    /// <exception cref="TransportException">The session failed or ended inside a request.</exception>
    /// <exception cref="IntegrityException">A request that is not the session's, or of another length.</exception>
    public static async Task ServeAsync(ITransportConnection session, ConnectSettings settings, CancellationToken cancellationToken)
    {
        bool messages = session.Capabilities.HasMessageBoundaries;
        int size = settings.RequestBytes;
        var buffer = new byte[ConnectExchange.ReceiveBufferBytes(session.Capabilities, size)];
        var response = new byte[size];
        while (true)
        {
            int read = 0;
            while (read < size)
            {
                var result = await session.ReceiveAsync(messages ? buffer : buffer.AsMemory(read, size - read), cancellationToken).ConfigureAwait(false);
                if (result.Count == 0 && result.IsCompleted)
                {
                    if (read == 0) return;
                    throw new TransportException(TransportError.ConnectionReset, $"connect: the session ended after {read} of the {size} bytes of a request");
                }
                if (messages && result.Count != size)
                    throw new IntegrityException($"connect: a session request arrived as a message of {result.Count} B, expected {size} B");
                read += result.Count;
            }
            if (ConnectExchange.IndexOf(buffer) != ConnectExchange.SessionIndex)
                throw new IntegrityException($"connect: the session carried request {ConnectExchange.IndexOf(buffer)}, not a session request");
            ConnectExchange.WriteResponse(buffer.AsSpan(0, size), response);
            await session.SendAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }
}
