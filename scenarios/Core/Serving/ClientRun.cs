using Transports.Abstractions;
using Transports.Measure.Timing;

namespace Transports.Scenarios.Core.Serving;

/// <summary>
/// The client role's view of one run: the server side (<see cref="ServerSession"/>, in this process or on an agent) and
/// the client connection to it. <see cref="ConnectStartTimestamp"/> marks when the client began connecting (handshake
/// included in time to first byte). A server role that fails aborts the client connection, so a client blocked on a
/// silent peer ends at once, and <see cref="RunAsync{T}"/> reports the server's failure rather than the reset it caused.
/// </summary>
public sealed class ClientRun : IAsyncDisposable
{
    private int _disposed;

    private ClientRun(ServerSession server, ITransportConnection client, long connectStart)
    {
        Server = server;
        Client = client;
        ConnectStartTimestamp = connectStart;
        _ = server.Report.ContinueWith(static (_, c) => ((ITransportConnection)c!).Abort(), client,
            CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>The server side of the run.</summary>
    public ServerSession Server { get; }

    /// <summary>The client connection.</summary>
    public ITransportConnection Client { get; }

    /// <summary><see cref="MonotonicClock.NowTicks"/> when the client started connecting.</summary>
    public long ConnectStartTimestamp { get; }

    /// <summary>
    /// Opens the server side (<see cref="ScenarioContext.Server"/>, else this process) for <paramref name="scenario"/> and
    /// connects a client to it.
    /// </summary>
    /// <param name="scenario">The scenario whose server role runs on the server side.</param>
    /// <param name="context">The run context.</param>
    /// <param name="direction">Which way data will flow.</param>
    /// <param name="cancellationToken">Cancels set-up.</param>
    /// <exception cref="TransportException">Listen or connect failed.</exception>
    public static async Task<ClientRun> OpenAsync(IScenario scenario, ScenarioContext context, StreamDirection direction, CancellationToken cancellationToken)
    {
        var server = await (context.Server ?? LocalServerSide.Instance).OpenAsync(scenario, context, direction, cancellationToken).ConfigureAwait(false);
        try
        {
            long start = MonotonicClock.NowTicks();
            var client = await context.Transport.ConnectAsync(server.EndPoint, new ConnectOptions(direction), cancellationToken).ConfigureAwait(false);
            return new ClientRun(server, client, start);
        }
        catch (Exception e) when (server.Report.IsFaulted && e is TransportException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw ServerFailure(server) ?? e;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Runs the client role; when it fails because the server role failed first (the reset that failure caused), throws
    /// the server's failure instead, which names the cause.
    /// </summary>
    /// <typeparam name="T">The client role's result.</typeparam>
    /// <param name="clientRole">The client role.</param>
    /// <exception cref="Exception">The server's failure, or the client's own.</exception>
    public async Task<T> RunAsync<T>(Func<Task<T>> clientRole)
    {
        try
        {
            return await clientRole().ConfigureAwait(false);
        }
        catch (Exception e) when (e is TransportException or OperationCanceledException && ServerFailure(Server) is not null)
        {
            throw ServerFailure(Server)!;
        }
    }

    /// <summary>The server role's report; when the server role failed, its failure.</summary>
    /// <exception cref="Exception">The server role's failure.</exception>
    public Task<ServerReport> ReportAsync() => Server.Report;

    private static Exception? ServerFailure(ServerSession server)
        => server.Report is { IsFaulted: true, Exception: { } aggregate } ? aggregate.InnerExceptions[0] : null;

    /// <summary>
    /// Disposes the client connection, then the server side (the server role's token is cancelled: a role that ends when
    /// the client is done then reports); never throws. Later calls do nothing, so a client role may end the session
    /// early and still read <see cref="ReportAsync"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await SafeDisposeAsync(Client).ConfigureAwait(false);
        await Server.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Disposes <paramref name="disposable"/>, ignoring the errors closing a failed connection gives.</summary>
    /// <param name="disposable">A connection or listener.</param>
    public static async ValueTask SafeDisposeAsync(IAsyncDisposable disposable)
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
