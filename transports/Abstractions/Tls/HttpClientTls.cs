using System.Net.Http;
using System.Net.Security;
using System.Net.Sockets;
using System.Runtime.CompilerServices;

namespace Transports.Abstractions.Tls;

/// <summary>
/// What the TLS handshakes of a <see cref="SocketsHttpHandler"/> negotiated, per connection, resumption included (wss and
/// grpc clients). The handler's connect callback makes each socket as the handler itself would (TCP, TCP_NODELAY) under a
/// <see cref="HandshakeFlightCounter"/>; its plaintext filter, which runs when a connection's TLS handshake completed,
/// reads the session (<see cref="SslStreamSession"/>) and tells resumed from full handshakes with
/// <see cref="TlsResumption"/>. Both callbacks see the request that opened the connection, which pairs them.
/// </summary>
public static class HttpClientTls
{
    /// <summary>
    /// Installs the connect callback and the plaintext filter on <paramref name="handler"/> (which must have neither) and
    /// sets its client's resumption (<see cref="SslClientAuthenticationOptions.AllowTlsResume"/>).
    /// </summary>
    /// <param name="handler">The handler; its <see cref="SocketsHttpHandler.SslOptions"/> are kept and completed.</param>
    /// <param name="allowResume">Whether the client may resume sessions (<see cref="TlsResumeOption"/>).</param>
    /// <param name="resumption">The transport's resumption judge (one per client transport).</param>
    /// <param name="onSession">Called once per TLS connection, after its handshake, with what it negotiated.</param>
    /// <exception cref="InvalidOperationException">The handler already has a connect callback or plaintext filter.</exception>
    public static void Observe(SocketsHttpHandler handler, bool allowResume, TlsResumption resumption, Action<TlsSessionInfo> onSession)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(resumption);
        ArgumentNullException.ThrowIfNull(onSession);
        if (handler.ConnectCallback is not null || handler.PlaintextStreamFilter is not null)
            throw new InvalidOperationException("the handler already has a connect callback or plaintext filter");
        handler.SslOptions.AllowTlsResume = allowResume;
        var flights = new ConditionalWeakTable<HttpRequestMessage, HandshakeFlightCounter>();
        handler.ConnectCallback = async (connect, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(connect.DnsEndPoint, ct).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
            var flight = new HandshakeFlightCounter(new NetworkStream(socket, ownsSocket: true));
            flights.AddOrUpdate(connect.InitialRequestMessage, flight);
            return flight;
        };
        handler.PlaintextStreamFilter = (filter, _) =>
        {
            if (filter.PlaintextStream is SslStream ssl)
            {
                bool? resumed = null;
                if (flights.TryGetValue(filter.InitialRequestMessage, out var flight))
                {
                    flights.Remove(filter.InitialRequestMessage);
                    long bytes = flight.StopCounting();
                    resumed = allowResume && resumption.Resumed(bytes, ssl.RemoteCertificate?.GetRawCertData().Length ?? 1);
                }
                else if (!allowResume) resumed = false;
                onSession(SslStreamSession.Of(ssl) with { Resumed = resumed });
            }
            return ValueTask.FromResult(filter.PlaintextStream);
        };
    }
}
