using System.Net;
using System.Security.Cryptography;
using Transports.Abstractions;
using Transports.Abstractions.Tls;
using Transports.Quic;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Quic;

/// <summary>
/// Proof that quic and quic-dgram speak QUIC: our client against quic-go's server and quic-go's client against our
/// server (quinn backend), streams and RFC 9221 datagrams, bytes verified both ways. quic-go is an independent
/// implementation (Go, its own TLS 1.3 stack), so a shared misunderstanding of the protocol cannot pass.
/// </summary>
public sealed class QuicGoInteropTests
{
    // quic-go 0.29 accepts DATAGRAM frames up to 1220 B (max_datagram_frame_size); 1200 B UDP payloads keep ours below.
    private static readonly QuicTransportOptions DatagramOptions = new(UdpPayloadBytes: 1200);

    private static CancellationToken Timeout(int seconds = 60) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;

    // The certificate quic-go's server presents (our clients pin it) and our servers present (quic-go's client pins it).
    private static readonly RunCertificate Certificate = RunCertificate.Create();

    private static ITransport CreateStreams()
    {
        TransportPair.RequireFactory("quic");
        return new QuicTransportFactory().Create(new QuicTransportOptions(Backend: QuicBackend.Quinn)
            { Certificate = Certificate, ServerCertificatePin = Certificate.Pin });
    }

    private static ITransport CreateDatagrams()
    {
        TransportPair.RequireFactory("quic-dgram");
        return new QuicDatagramTransportFactory().Create(DatagramOptions with { Certificate = Certificate, ServerCertificatePin = Certificate.Pin });
    }

    [SkippableFact]
    public async Task Our_client_streams_echo_intact_through_quic_go_server()
    {
        var ct = Timeout();
        QuicGoPeer.RequireExecutable();
        await using var transport = CreateStreams();
        var (peer, endPoint) = await QuicGoPeer.StartServerAsync(Certificate, ct);
        await using var _ = peer;
        await using var connection = await transport.ConnectAsync(endPoint, ConnectOptions.Default, ct);
        await AssertEchoAsync(connection, Payloads.Random(4 << 20, 11), ct);

        // A second stream on the same connection: multiplexing interoperates too.
        var multiplexed = Assert.IsAssignableFrom<IMultiplexedTransportConnection>(connection);
        await using var second = await multiplexed.OpenStreamAsync(ct);
        await AssertEchoAsync(second, Payloads.Random(100_000, 12), ct);
    }

    [SkippableFact]
    public async Task Our_client_datagrams_echo_intact_through_quic_go_server()
    {
        var ct = Timeout();
        QuicGoPeer.RequireExecutable();
        await using var transport = CreateDatagrams();
        var (peer, endPoint) = await QuicGoPeer.StartServerAsync(Certificate, ct);
        await using var _ = peer;
        await using var connection = await transport.ConnectAsync(endPoint, ConnectOptions.Default, ct);
        int max = transport.Capabilities.MaxMessageSizeBytes!.Value;
        var sent = Enumerable.Range(0, 200).Select(i => Datagram(i, i % 2 == 0 ? max : 1 + i)).ToArray();

        var echoed = new HashSet<int>();
        var receive = Task.Run(async () =>
        {
            var buffer = new byte[max];
            using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
            quiet.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                while (echoed.Count < sent.Length)
                {
                    var r = await connection.ReceiveAsync(buffer, quiet.Token);
                    int seq = BitConverter.ToInt32(buffer, 0);
                    Assert.InRange(seq, 0, sent.Length - 1);
                    Assert.True(buffer.AsSpan(0, r.Count).SequenceEqual(sent[seq]), $"datagram {seq} corrupted");
                    echoed.Add(seq);
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                // loss is allowed: stop waiting after 10 s (bounded in time)
            }
        });
        foreach (var d in sent)
        {
            await connection.SendAsync(d, ct);
            await Task.Delay(1, ct);
        }
        await receive;
        // Datagrams may be lost (a loaded machine overflows receive queues); half proves the path works both ways.
        Assert.True(echoed.Count >= sent.Length / 2, $"only {echoed.Count} of {sent.Length} datagrams echoed on loopback");
    }

    [SkippableFact]
    public async Task Quic_go_client_stream_echoes_intact_through_our_server()
    {
        var ct = Timeout();
        QuicGoPeer.RequireExecutable();
        await using var transport = CreateStreams();
        await using var listener = await transport.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), ct);
        await using var peer = QuicGoPeer.StartClient(Certificate.Pin, transport.Membership!.TokenHex, "client-stream", listener.LocalEndPoint.ToString(), (3 << 20).ToString());
        await using var connection = await listener.AcceptAsync(ct);
        long echoedBytes = await EchoUntilCompletedAsync(connection, ct);

        var (exit, output) = await peer.WaitAsync(ct);
        Assert.True(exit == 0, $"quic-go client: {output}");
        Assert.Contains($"ok stream {3 << 20} bytes echoed intact", output);
        Assert.Equal(3 << 20, echoedBytes);
    }

    [SkippableFact]
    public async Task Quic_go_client_datagrams_echo_intact_through_our_server()
    {
        var ct = Timeout();
        QuicGoPeer.RequireExecutable();
        await using var transport = CreateDatagrams();
        await using var listener = await transport.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), ct);
        await using var peer = QuicGoPeer.StartClient(Certificate.Pin, transport.Membership!.TokenHex, "client-dgram", listener.LocalEndPoint.ToString(), "200", "1000");
        await using var connection = await listener.AcceptAsync(ct);
        var exited = peer.WaitAsync(ct);
        var buffer = new byte[transport.Capabilities.MaxMessageSizeBytes!.Value];
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            _ = exited.ContinueWith(_ => stop.Cancel(), TaskScheduler.Default);
            try
            {
                while (true)
                {
                    var r = await connection.ReceiveAsync(buffer, stop.Token);
                    Assert.Equal(1000, r.Count);
                    await connection.SendAsync(buffer.AsMemory(0, r.Count), stop.Token);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or TransportException && !ct.IsCancellationRequested)
            {
                // the client finished (and closed the connection)
            }
        }
        var (exit, output) = await exited;
        Assert.True(exit == 0, $"quic-go client: {output}");
        var echoed = int.Parse(output.Split("echoed ")[1].Split(' ')[0]);
        Assert.True(echoed >= 100, $"quic-go saw only {echoed} of 200 datagrams echoed intact: {output}");
    }

    [SkippableFact]
    public async Task Our_client_refuses_a_quic_go_server_with_another_certificate()
    {
        var ct = Timeout();
        QuicGoPeer.RequireExecutable();
        await using var transport = CreateStreams();
        using var other = RunCertificate.Create();
        var (peer, endPoint) = await QuicGoPeer.StartServerAsync(other, ct);
        await using var _ = peer;
        var e = await Assert.ThrowsAsync<TransportException>(() => transport.ConnectAsync(endPoint, ConnectOptions.Default, ct).AsTask());
        Assert.Equal(TransportError.AuthenticationFailed, e.Error);
        Assert.Contains($"expected sha256 {Certificate.Pin.ShortHex}, presented sha256 {other.Pin.ShortHex}", e.Message);
    }

    [SkippableFact]
    public async Task Quic_go_client_pinned_to_another_certificate_refuses_our_server()
    {
        var ct = Timeout();
        QuicGoPeer.RequireExecutable();
        await using var transport = CreateStreams();
        await using var listener = await transport.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), ct);
        using var other = RunCertificate.Create();
        await using var peer = QuicGoPeer.StartClient(other.Pin, transport.Membership!.TokenHex, "client-stream", listener.LocalEndPoint.ToString(), "1000");
        var (exit, output) = await peer.WaitAsync(ct);
        Assert.Equal(1, exit);
        Assert.Contains($"server certificate refused: expected sha256 {other.Pin.ShortHex}, presented sha256 {Certificate.Pin.ShortHex}", output);
    }

    private static byte[] Datagram(int seq, int size)
    {
        var d = Payloads.Random(Math.Max(size, 4), seq);
        BitConverter.TryWriteBytes(d, seq);
        return d;
    }

    private static async Task AssertEchoAsync(ITransportConnection connection, byte[] data, CancellationToken ct)
    {
        var receive = Payloads.ReceiveAllAsync(connection, ct);
        await Payloads.SendAllAsync(connection, data, 64 << 10, ct);
        var (bytes, sha) = await receive;
        Assert.Equal(data.LongLength, bytes);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(data)), Convert.ToHexString(sha));
    }

    private static async Task<long> EchoUntilCompletedAsync(ITransportConnection connection, CancellationToken ct)
    {
        var buffer = new byte[64 << 10];
        long total = 0;
        while (true)
        {
            var r = await connection.ReceiveAsync(buffer, ct);
            if (r.IsCompleted) break;
            await connection.SendAsync(buffer.AsMemory(0, r.Count), ct);
            total += r.Count;
        }
        await connection.CompleteSendAsync(ct);
        return total;
    }
}
