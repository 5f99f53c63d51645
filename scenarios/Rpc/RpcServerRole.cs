using Transports.Abstractions;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.Rpc;

/// <summary>
/// The server role of an rpc run. It serves the connection the server side accepted for it and every further one
/// from <see cref="ServerRoleContext.Listener"/> (one per client connection), and on a transport with multiplexed
/// streams accepts <see cref="RpcSettings.StreamsPerConnection"/> − 1 more streams on each. Every stream is served
/// alike, on its own task: read a request whole, verify it, send the response its id implies, until the client's
/// orderly close, then close its own side. The role ends once all connections × streams ended (under concurrent
/// admission the connection handed to the role first need not be the client's first, so no stream is special). A
/// failed stream is counted and reported, not fatal (the client counts its requests as failed). Bounded by the run:
/// the client side ending cancels the role.
/// </summary>
public sealed class RpcServerRole
{
    private readonly ServerRoleContext _context;
    private readonly RpcSettings _settings;
    private readonly List<Task> _serving = [];
    private readonly List<ITransportConnection> _owned = [];
    private readonly TaskCompletionSource _allEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _connections = 1, _streams, _ended, _answered, _failed;
    private string? _firstError;

    /// <summary>The role over <paramref name="context"/>.</summary>
    /// <param name="context">The first connection and the listener.</param>
    /// <param name="settings">Sizes, connections, streams.</param>
    public RpcServerRole(ServerRoleContext context, RpcSettings settings)
    {
        _context = context;
        _settings = settings;
    }

    /// <summary>Serves until every stream of the run ended (or the run is stopped); reports the counts.</summary>
    /// <param name="cancellationToken">Cancelled when the client side is done.</param>
    /// <exception cref="ScenarioSetupException">Several connections asked for but the server side offers no listener.</exception>
    /// <exception cref="OperationCanceledException">The client side ended before every stream did.</exception>
    public async Task<ServerReport> RunAsync(CancellationToken cancellationToken)
    {
        var listener = _context.Listener;
        if (_settings.Connections > 1 && listener is null)
            throw new ScenarioSetupException("rpc: this server side offers no listener for the run's further connections");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var first = _context.Connection;
        Serve(first, stop.Token);
        AcceptStreams(first, stop.Token);
        var accepting = _settings.Connections > 1
            ? Task.Run(() => AcceptConnectionsAsync(listener!, stop.Token), CancellationToken.None)
            : Task.CompletedTask;
        try
        {
            await _allEnded.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            stop.Cancel();
            await accepting.ConfigureAwait(false);
            Task[] running;
            lock (_serving) running = [.. _serving];
            await Task.WhenAll(running).ConfigureAwait(false);
            List<ITransportConnection> owned;
            lock (_owned) owned = [.. _owned];
            foreach (var c in owned) await ClientRun.SafeDisposeAsync(c).ConfigureAwait(false);
        }
        return ServerReport.Of(new RpcServerReport(Volatile.Read(ref _connections), Volatile.Read(ref _streams), Volatile.Read(ref _answered),
            Volatile.Read(ref _failed), _firstError));
    }

    private async Task AcceptConnectionsAsync(ITransportListener listener, CancellationToken stop)
    {
        for (int i = 1; i < _settings.Connections && !stop.IsCancellationRequested; i++)
        {
            ITransportConnection connection;
            try
            {
                connection = await listener.AcceptAsync(stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || stop.IsCancellationRequested)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            lock (_owned) _owned.Add(connection);
            Serve(connection, stop);
            AcceptStreams(connection, stop);
        }
    }

    /// <summary>On a transport with multiplexed streams: accepts the connection's further streams, serving each.</summary>
    private void AcceptStreams(ITransportConnection connection, CancellationToken stop)
    {
        if (_settings.StreamsPerConnection <= 1 || connection is not IMultiplexedTransportConnection multiplexed) return;
        Track(Task.Run(async () =>
        {
            for (int i = 1; i < _settings.StreamsPerConnection; i++)
            {
                ITransportConnection stream;
                try
                {
                    stream = await multiplexed.AcceptStreamAsync(stop).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or TransportException || stop.IsCancellationRequested)
                {
                    return;
                }
                lock (_owned) _owned.Insert(0, stream); // streams disposed before their connection
                Serve(stream, stop);
            }
        }, CancellationToken.None));
    }

    private void Serve(ITransportConnection stream, CancellationToken stop)
    {
        Interlocked.Increment(ref _streams);
        Track(Task.Run(async () =>
        {
            try
            {
                await ServeStreamAsync(stream, stop).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TransportException or IntegrityException or OperationCanceledException or IOException or InvalidOperationException or ObjectDisposedException)
            {
                Interlocked.Increment(ref _failed);
                Interlocked.CompareExchange(ref _firstError, $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}", null);
                stream.Abort();
            }
            finally
            {
                if (Interlocked.Increment(ref _ended) == (long)_settings.Connections * _settings.StreamsPerConnection) _allEnded.TrySetResult();
            }
        }, CancellationToken.None));
    }

    private void Track(Task task)
    {
        lock (_serving)
        {
            _serving.RemoveAll(t => t.IsCompleted);
            _serving.Add(task);
        }
    }

    private async Task ServeStreamAsync(ITransportConnection stream, CancellationToken stop)
    {
        var request = new byte[RpcExchange.ReceiveBufferBytes(stream.Capabilities, _settings.RequestBytes)];
        var response = new byte[_settings.ResponseBytes];
        while (await RpcExchange.ReadAsync(stream, request, _settings.RequestBytes, "request", stop).ConfigureAwait(false))
        {
            long id = RpcExchange.VerifyRequest(request.AsSpan(0, _settings.RequestBytes));
            RpcExchange.WriteResponse(id, response);
            await stream.SendAsync(response, stop).ConfigureAwait(false);
            Interlocked.Increment(ref _answered);
        }
        await stream.CompleteSendAsync(stop).ConfigureAwait(false);
    }
}
