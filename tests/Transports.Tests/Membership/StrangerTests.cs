using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using Grpc.Core;
using Grpc.Net.Client;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Grpc;
using Transports.Grpc.Calls;
using Transports.Grpc.Protos;
using Transports.Tests.Support;
using Transports.WebSockets;
using Xunit;

namespace Transports.Tests.Membership;

/// <summary>
/// Only our own peer is measured: for every transport a real stranger reaches the server first (raw bytes, a silent
/// socket, a hello without or with another run's token, an upgrade or call without the token); it is refused and
/// recorded with the right verdict, and the run's own client is still accepted and its bytes arrive intact.
/// </summary>
public sealed class StrangerTests
{
    private static readonly IPEndPoint Loopback = new(IPAddress.Loopback, 0);

    private static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    /// <summary>Connects the run's own client (after the strangers), accepts it and checks 64 KiB arrive intact.</summary>
    private static async Task RunClientIsMeasuredAsync(ITransport transport, ITransportListener listener, CancellationToken ct)
    {
        var accept = listener.AcceptAsync(ct).AsTask();
        await using var client = await transport.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct);
        await using var server = await accept;
        int message = Math.Min(transport.Capabilities.MaxMessageSizeBytes ?? 4096, 1000);
        var payload = Payloads.Random(64 * message, 42);
        if (transport.Capabilities.IsReliable)
        {
            var receive = Payloads.ReceiveExactlyAsync(server, payload.Length, ct);
            for (int o = 0; o < payload.Length; o += message) await client.SendAsync(payload.AsMemory(o, message), ct);
            Assert.Equal(payload, await receive);
        }
        else
        {
            // datagrams: every one that arrives is one of ours, byte for byte (loopback may still drop some)
            var buffer = new byte[transport.Capabilities.MaxMessageSizeBytes ?? message];
            var sent = Enumerable.Range(0, 64).Select(i => payload.AsMemory(i * message, message).ToArray()).ToList();
            for (int i = 0; i < 8; i++) await client.SendAsync(sent[i], ct);
            var r = await server.ReceiveAsync(buffer, ct);
            Assert.Contains(sent, s => s.AsSpan().SequenceEqual(buffer.AsSpan(0, r.Count)));
        }
    }

    /// <summary>Waits (at most 10 s) until the listener has recorded a refusal with <paramref name="verdict"/>.</summary>
    private static async Task<RefusedPeer> RefusedAsync(ITransportListener listener, MembershipVerdict verdict, string transport)
    {
        for (int i = 0; i < 200; i++)
        {
            var found = listener.Refused.FirstOrDefault(p => p.Verdict == verdict);
            if (found is not null)
            {
                Assert.Equal(transport, found.Transport);
                return found;
            }
            await Task.Delay(50);
        }
        throw new Xunit.Sdk.XunitException($"no refusal with verdict {verdict}; refused: [{string.Join("; ", listener.Refused)}]");
    }

    private static void FromLoopback(RefusedPeer peer)
    {
        var remote = Assert.IsType<IPEndPoint>(peer.Remote);
        Assert.True(IPAddress.IsLoopback(remote.Address), $"remote {remote}");
    }

    private static async Task<Socket> RawTcpAsync(IPEndPoint server, byte[] first, CancellationToken ct)
    {
        var s = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await s.ConnectAsync(server, ct);
        if (first.Length > 0) await s.SendAsync(first, SocketFlags.None, ct);
        return s;
    }

    /// <summary>The server closed <paramref name="socket"/> without a byte: FIN, or RST when the stranger's bytes were left unread.</summary>
    private static async Task ClosedByServerAsync(Socket socket, CancellationToken ct)
    {
        try
        {
            Assert.Equal(0, await socket.ReceiveAsync(new byte[16], SocketFlags.None, ct));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            // closed with unread data: RST
        }
    }

    [SkippableFact]
    public async Task Tcp_stranger_replaying_the_test_file_a_silent_one_and_another_run_are_refused_and_the_run_client_measured()
    {
        var ct = Timeout();
        await using var transport = TransportPair.RequireFactory("tcp").Create(OptionValues.Empty);
        await using var other = TransportPair.RequireFactory("tcp").Create(OptionValues.Empty);
        await using var listener = await transport.ListenAsync(Loopback, ct);

        using var replay = await RawTcpAsync(listener.LocalEndPoint, Payloads.Random(4096, 9), ct); // test-file bytes
        using var silent = await RawTcpAsync(listener.LocalEndPoint, [], ct); // holds its socket, sends nothing
        await using var otherRun = await other.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct);

        await RunClientIsMeasuredAsync(transport, listener, ct); // accepted while the silent stranger still waits out its deadline
        FromLoopback(await RefusedAsync(listener, MembershipVerdict.NotAHello, "tcp"));
        await RefusedAsync(listener, MembershipVerdict.WrongToken, "tcp");
        await RefusedAsync(listener, MembershipVerdict.Timeout, "tcp");
        await ClosedByServerAsync(replay, ct); // never answered
        Assert.Equal(3, listener.RefusedCount);
    }

    [SkippableFact]
    public async Task Udp_hello_without_token_and_with_another_runs_token_are_refused_and_the_run_client_measured()
    {
        var ct = Timeout();
        await using var transport = TransportPair.RequireFactory("udp").Create(OptionValues.Empty);
        await using var listener = await transport.ListenAsync(Loopback, ct);
        using var stranger = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        stranger.Bind(Loopback);
        await stranger.SendToAsync("TRANSPORTS/UDP HELLO v1\n"u8.ToArray(), listener.LocalEndPoint, ct); // the old, token-less hello
        await stranger.SendToAsync(RunMembership.Create().Hello, listener.LocalEndPoint, ct); // another run's hello

        var accept = listener.AcceptAsync(ct).AsTask();
        await RefusedAsync(listener, MembershipVerdict.WrongToken, "udp"); // both read before the run's client comes
        Assert.False(accept.IsCompleted, "a stranger's hello must not be accepted");
        FromLoopback(await RefusedAsync(listener, MembershipVerdict.NotAHello, "udp"));
        await using var client = await transport.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct);
        await using var server = await accept;
        var payload = Payloads.Random(1000, 5);
        var buffer = new byte[2000];
        // the stranger keeps sending; the connected server socket only takes the run client's datagrams
        await stranger.SendToAsync(Payloads.Random(1000, 6), listener.LocalEndPoint, ct);
        await client.SendAsync(payload, ct);
        var r = await server.ReceiveAsync(buffer, ct);
        Assert.Equal(payload, buffer.AsSpan(0, r.Count).ToArray());
    }

    [SkippableFact]
    public async Task Ws_upgrade_without_the_token_gets_403_and_the_run_client_is_measured()
    {
        var ct = Timeout();
        await using var transport = TransportPair.RequireFactory("ws").Create(OptionValues.Empty);
        await using var other = TransportPair.RequireFactory("ws").Create(OptionValues.Empty);
        await using var listener = await transport.ListenAsync(Loopback, ct);
        var uri = new Uri($"ws://127.0.0.1:{listener.LocalEndPoint.Port}{WebSocketTransport.Path}");

        using (var stranger = new ClientWebSocket())
        {
            stranger.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => stranger.ConnectAsync(uri, ct));
            Assert.Equal(HttpStatusCode.Forbidden, stranger.HttpStatusCode);
        }
        var wrongRun = await Assert.ThrowsAsync<TransportException>(() => other.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct).AsTask());
        Assert.Contains("403", wrongRun.Message);

        await RunClientIsMeasuredAsync(transport, listener, ct);
        FromLoopback(await RefusedAsync(listener, MembershipVerdict.NotAHello, "ws"));
        await RefusedAsync(listener, MembershipVerdict.WrongToken, "ws");
    }

    [SkippableFact]
    public async Task Grpc_call_without_the_token_gets_permission_denied_and_the_run_call_is_measured()
    {
        var ct = Timeout();
        await using var transport = new GrpcTransport(new GrpcTransportOptions());
        await using var listener = await transport.ListenAsync(Loopback, ct);

        // A plain Grpc.Net.Client Upload call, as any other process could make it: no run token in its metadata.
        using (var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{listener.LocalEndPoint.Port}"))
        {
            var methods = new BenchMethods(GrpcMarshaller.Protobuf);
            using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(methods.Upload, null, new CallOptions(cancellationToken: ct));
            var denied = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                await call.RequestStream.WriteAsync(new Chunk { Data = Google.Protobuf.ByteString.CopyFrom(Payloads.Random(4096, 3)) }, ct);
                await call.RequestStream.CompleteAsync();
                await call.ResponseAsync;
            });
            Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);
        }
        // another run's client (its own token): its call fails (at connect, send, complete or, at the latest, when it
        // waits for the Upload's answer) and never reaches AcceptAsync
        await using (var other = new GrpcTransport(new GrpcTransportOptions()))
        {
            await Assert.ThrowsAsync<TransportException>(async () =>
            {
                await using var call = await other.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct);
                await call.SendAsync(new byte[100], ct);
                await call.CompleteSendAsync(ct);
                await call.ReceiveAsync(new byte[other.Capabilities.MaxMessageSizeBytes!.Value], ct); // the Upload's summary, or the call's error status
            });
        }

        await RunClientIsMeasuredAsync(transport, listener, ct);
        FromLoopback(await RefusedAsync(listener, MembershipVerdict.NotAHello, "grpc"));
        await RefusedAsync(listener, MembershipVerdict.WrongToken, "grpc");
    }

    [SkippableTheory]
    [InlineData("quic")]
    [InlineData("quic-dgram")]
    public async Task Quic_client_of_another_run_is_refused_and_the_run_client_measured(string name)
    {
        var ct = Timeout();
        TransportPair.RequireFactory(name);
        // Another run that trusts our certificate (so the TLS handshake passes and the hello is what decides): same
        // certificate and pin, its own token.
        using var certificate = Transports.Abstractions.Tls.RunCertificate.Create();
        ITransport Make()
        {
            var options = new Transports.Quic.QuicTransportOptions(Backend: Transports.Quic.QuicBackend.Quinn) { Certificate = certificate, ServerCertificatePin = certificate.Pin };
            return name == "quic" ? new Transports.Quic.QuicTransportFactory().Create(options) : new Transports.Quic.QuicDatagramTransportFactory().Create(options);
        }
        await using var transport = Make();
        await using var other = Make();
        await using var listener = await transport.ListenAsync(Loopback, ct);

        var stranger = other.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct).AsTask();
        FromLoopback(await RefusedAsync(listener, MembershipVerdict.WrongToken, name));
        await RunClientIsMeasuredAsync(transport, listener, ct);
        Assert.Equal(1, listener.RefusedCount);
        try
        {
            await (await stranger).DisposeAsync(); // quic: the connect returned before the server judged the hello
        }
        catch (TransportException)
        {
            // quic-dgram waits for the hello's acknowledgement: the refusal (CONNECTION_CLOSE code 2, or the hello
            // stream stopped first) reaches the stranger's connect
        }
    }
}
