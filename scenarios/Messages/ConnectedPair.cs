using Transports.Abstractions;
using Transports.Metrics.Timing;
using Transports.Scenarios.Core;

namespace Transports.Scenarios.Messages;

/// <summary>A listener, the client connection and the server connection it accepted, on <see cref="ScenarioContext.ListenEndPoint"/>.</summary>
public sealed class ConnectedPair : IAsyncDisposable
{
    private ConnectedPair(ITransportListener listener, ITransportConnection client, ITransportConnection server, long connectStartTicks)
    {
        Listener = listener;
        Client = client;
        Server = server;
        ConnectStartTicks = connectStartTicks;
    }

    /// <summary>The server's listener.</summary>
    public ITransportListener Listener { get; }

    /// <summary>The client side.</summary>
    public ITransportConnection Client { get; }

    /// <summary>The server side.</summary>
    public ITransportConnection Server { get; }

    /// <summary>When the client started connecting (Stopwatch ticks): the origin of time-to-first-byte.</summary>
    public long ConnectStartTicks { get; }

    /// <summary>Listens, connects and accepts.</summary>
    /// <param name="context">The run context (transport and endpoint).</param>
    /// <param name="direction">The direction hint for call-shaped transports.</param>
    /// <param name="cancellationToken">Cancels the set-up.</param>
    /// <exception cref="TransportException">Listen, connect or accept failed.</exception>
    public static async Task<ConnectedPair> ConnectAsync(ScenarioContext context, StreamDirection direction, CancellationToken cancellationToken)
    {
        var listener = await context.Transport.ListenAsync(context.ListenEndPoint, cancellationToken).ConfigureAwait(false);
        try
        {
            var accept = listener.AcceptAsync(cancellationToken).AsTask();
            long start = MonotonicClock.NowTicks();
            ITransportConnection client;
            try
            {
                client = await context.Transport.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(direction), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                _ = accept.ContinueWith(static t => t.Result.DisposeAsync(), TaskContinuationOptions.OnlyOnRanToCompletion);
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

    /// <summary>Closes both connections and the listener.</summary>
    public async ValueTask DisposeAsync()
    {
        await Client.DisposeAsync().ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
        await Listener.DisposeAsync().ConfigureAwait(false);
    }
}
