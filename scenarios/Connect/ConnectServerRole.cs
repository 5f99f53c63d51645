using Transports.Abstractions;
using Transports.Scenarios.Core;
using Transports.Scenarios.Core.Serving;

namespace Transports.Scenarios.Connect;

/// <summary>
/// The server role of a connect run. It serves every connection of the run alike, the one the server side accepted for
/// it and every further one from <see cref="ServerRoleContext.Listener"/>, each on its own task: reads the request
/// whole, verifies it, sends the response. The connection whose request carries <see cref="ConnectExchange.SessionIndex"/>
/// is the session's (under concurrent admission it need not be the first accepted): the role answers its keep-alive requests
/// (<see cref="ConnectSession"/>) until the client completes it, then stops accepting, lets the other connections end, and completes the session. Every other one is a
/// measured connect: after the response the role reads the client's orderly close and closes its own side (the client,
/// closing first, is the side left in TCP's TIME-WAIT, RFC 9293 §3.6.1). Each is bounded by the connect deadline.
/// </summary>
public sealed class ConnectServerRole
{
    private readonly ServerRoleContext _context;
    private readonly ConnectSettings _settings;
    private readonly TaskCompletionSource<ITransportConnection> _session = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _accepted, _answered, _failed;
    private string? _firstError;

    /// <summary>The role over <paramref name="context"/>.</summary>
    /// <param name="context">The first connection and the listener.</param>
    /// <param name="settings">Request size and deadline.</param>
    public ConnectServerRole(ServerRoleContext context, ConnectSettings settings)
    {
        _context = context;
        _settings = settings;
    }

    /// <summary>Serves until the client completes the session connection (or the run is stopped); reports the counts.</summary>
    /// <param name="cancellationToken">Cancelled when the client side is done.</param>
    /// <exception cref="ScenarioSetupException">The server side offers no listener for further connections.</exception>
    public async Task<ServerReport> RunAsync(CancellationToken cancellationToken)
    {
        var listener = _context.Listener ?? throw new ScenarioSetupException("connect: this server side offers no listener for the run's further connections");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var connections = new List<Task> { Task.Run(() => ServeAsync(_context.Connection, owned: false, stop.Token), CancellationToken.None) };
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                ITransportConnection connection;
                try
                {
                    connection = await listener.AcceptAsync(stop.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || stop.IsCancellationRequested)
                {
                    return;
                }
                lock (connections)
                {
                    connections.RemoveAll(t => t.IsCompleted);
                    connections.Add(Task.Run(() => ServeAsync(connection, owned: true, stop.Token), CancellationToken.None));
                }
            }
        }, CancellationToken.None);
        ITransportConnection? session = null;
        try
        {
            session = await _session.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            await ConnectSession.ServeAsync(session, _settings, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            stop.Cancel();
            await accepting.ConfigureAwait(false);
            Task[] running;
            lock (connections) running = [.. connections];
            await Task.WhenAll(running).ConfigureAwait(false); // each is bounded by the connect deadline
        }
        try
        {
            // Every connection answered or failed: the client's wait for the end of the run ends with the counts complete.
            await session.CompleteSendAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (!ReferenceEquals(session, _context.Connection)) await ClientRun.SafeDisposeAsync(session).ConfigureAwait(false);
        }
        return ServerReport.Of(new ConnectServerReport(Volatile.Read(ref _accepted) - 1, Volatile.Read(ref _answered), Volatile.Read(ref _failed), _firstError));
    }

    private async Task ServeAsync(ITransportConnection connection, bool owned, CancellationToken stop)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stop);
        deadline.CancelAfter(_settings.ConnectTimeoutMs);
        byte[] request = System.Buffers.ArrayPool<byte>.Shared.Rent(ConnectExchange.ReceiveBufferBytes(connection.Capabilities, _settings.RequestBytes));
        var response = new byte[_settings.RequestBytes];
        bool closed = false, isSession = false;
        Interlocked.Increment(ref _accepted);
        try
        {
            await ConnectExchange.ReadExactlyAsync(connection, request, _settings.RequestBytes, "request", deadline.Token).ConfigureAwait(false);
            ConnectExchange.WriteResponse(request.AsSpan(0, _settings.RequestBytes), response);
            isSession = ConnectExchange.IndexOf(request) == ConnectExchange.SessionIndex;
            await connection.SendAsync(response, deadline.Token).ConfigureAwait(false);
            if (isSession)
            {
                closed = _session.TrySetResult(connection); // the run's end is read by RunAsync; a second session is a failure
                if (!closed) throw new IntegrityException("connect: a second connection claimed to be the session");
                return;
            }
            Interlocked.Increment(ref _answered);
            await ConnectExchange.ReadEndAsync(connection, request, deadline.Token).ConfigureAwait(false);
            await connection.CompleteSendAsync(deadline.Token).ConfigureAwait(false);
            closed = true;
        }
        catch (Exception e) when (e is TransportException or IntegrityException or OperationCanceledException or IOException or InvalidOperationException or ObjectDisposedException)
        {
            Interlocked.Increment(ref _failed);
            Interlocked.CompareExchange(ref _firstError, $"{e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}", null);
        }
        finally
        {
            if (!closed) connection.Abort();
            if (owned && !(isSession && closed)) await ClientRun.SafeDisposeAsync(connection).ConfigureAwait(false);
            System.Buffers.ArrayPool<byte>.Shared.Return(request);
        }
    }
}
