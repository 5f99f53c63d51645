using Transports.Measure.Timing;
using Transports.Abstractions;

namespace Transports.Scenarios.Core;

/// <summary>
/// A listener plus a client and a server connection of one transport, set up for one scenario run.
/// <see cref="ConnectStartTimestamp"/> marks when the client began connecting (handshake included in time to first byte).
/// </summary>
public sealed class ConnectedPair : IAsyncDisposable
{
    private ConnectedPair(ITransportListener listener, ITransportConnection client, ITransportConnection server, long connectStart)
    {
        Listener = listener;
        Client = client;
        Server = server;
        ConnectStartTimestamp = connectStart;
    }

    /// <summary>The server's listener.</summary>
    public ITransportListener Listener { get; }

    /// <summary>The client side.</summary>
    public ITransportConnection Client { get; }

    /// <summary>The server side.</summary>
    public ITransportConnection Server { get; }

    /// <summary><see cref="MonotonicClock.NowTicks"/> when the client started connecting.</summary>
    public long ConnectStartTimestamp { get; }

    /// <summary>Listens on the context's endpoint, connects a client with <paramref name="direction"/>, and accepts it.</summary>
    /// <param name="context">The scenario context (transport, endpoint).</param>
    /// <param name="direction">Which way data will flow.</param>
    /// <param name="cancellationToken">Cancels set-up.</param>
    /// <exception cref="TransportException">Listen, connect or accept failed.</exception>
    public static Task<ConnectedPair> OpenAsync(ScenarioContext context, StreamDirection direction, CancellationToken cancellationToken)
        => OpenAsync(context.Transport, context.ListenEndPoint, direction, cancellationToken);

    /// <summary>Listens on <paramref name="listenEndPoint"/>, connects a client with <paramref name="direction"/>, and accepts it.</summary>
    /// <param name="transport">The transport.</param>
    /// <param name="listenEndPoint">Where the server listens (port 0: any free port).</param>
    /// <param name="direction">Which way data will flow.</param>
    /// <param name="cancellationToken">Cancels set-up.</param>
    /// <exception cref="TransportException">Listen, connect or accept failed.</exception>
    public static async Task<ConnectedPair> OpenAsync(ITransport transport, System.Net.IPEndPoint listenEndPoint, StreamDirection direction,
        CancellationToken cancellationToken)
    {
        var listener = await transport.ListenAsync(listenEndPoint, cancellationToken).ConfigureAwait(false);
        try
        {
            long start = MonotonicClock.NowTicks();
            var accept = listener.AcceptAsync(cancellationToken).AsTask();
            ITransportConnection client;
            try
            {
                client = await transport.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(direction), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _ = accept.ContinueWith(t => t.Result.DisposeAsync(), TaskContinuationOptions.OnlyOnRanToCompletion);
                throw;
            }
            try
            {
                var server = await accept.ConfigureAwait(false);
                return new ConnectedPair(listener, client, server, start);
            }
            catch
            {
                await client.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            await listener.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Disposes both connections and the listener; never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        await SafeDispose(Client).ConfigureAwait(false);
        await SafeDispose(Server).ConfigureAwait(false);
        await SafeDispose(Listener).ConfigureAwait(false);
    }

    private static async ValueTask SafeDispose(IAsyncDisposable disposable)
    {
        try
        {
            await disposable.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is TransportException or IOException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // closing a failed connection: nothing more to report
        }
    }
}
