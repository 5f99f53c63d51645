using System.Net;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Abstractions.Tls;
using Transports.Harness.Catalog;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Membership;

/// <summary>
/// Two-host mode makes the two ends of a run in different processes: a server transport and a client transport that
/// share nothing but the <see cref="RunIdentity"/> handed over the control channel. For every transport, such a pair
/// moves bytes intact (the client's hello carries the handed-over token, a TLS client accepts exactly the handed-over
/// certificate), and a client of another run is refused.
/// </summary>
public sealed class RunIdentityTests
{
    public static TheoryData<string> Names() => new(TransportCatalog.All.Where(f => f.CheckAvailability().IsAvailable).Select(f => f.Name));

    private static OptionValues Options(string name) => new(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        // grpc is plaintext by default: the pin only matters with TLS, so run it encrypted
        ["grpc-tls"] = name == "grpc" ? "true" : "false",
    });

    [Theory]
    [MemberData(nameof(Names))]
    public async Task Two_instances_sharing_only_the_run_identity_interoperate_and_another_run_is_refused(string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var ct = timeout.Token;
        var factory = TransportCatalog.Find(name)!;
        var membership = RunMembership.Create();
        using var certificate = RunCertificate.Create();
        await using var server = factory.Create(Options(name), new RunIdentity(membership, certificate));
        await using var client = factory.Create(Options(name), new RunIdentity(RunMembership.FromToken(membership.Token), null, CertificatePin.OfDer(certificate.Der)));
        await using var stranger = factory.Create(Options(name), new RunIdentity(RunMembership.Create(), null, CertificatePin.OfDer(certificate.Der)));
        Assert.Equal(membership.TokenHex, client.Membership!.TokenHex);

        await using var listener = await server.ListenAsync(new IPEndPoint(IPAddress.Loopback, 0), ct);
        var accept = listener.AcceptAsync(ct).AsTask(); // udp checks hellos while accepting
        // another run's client first: refused, never handed out
        try
        {
            using var brief = CancellationTokenSource.CreateLinkedTokenSource(ct);
            brief.CancelAfter(TimeSpan.FromSeconds(3)); // a udp client waits for a hello-ack that never comes
            await using var other = await stranger.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), brief.Token);
            await other.SendAsync(new byte[16], brief.Token);
        }
        catch (Exception e) when (e is TransportException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            // refused at connect (ws 403, grpc PERMISSION_DENIED), reset, or never acknowledged (udp)
        }
        for (int i = 0; i < 200 && listener.RefusedCount == 0; i++) await Task.Delay(50, ct);
        Assert.True(listener.RefusedCount >= 1, $"{name}: a client with another run's token was not refused");
        Assert.False(accept.IsCompleted, $"{name}: the listener handed out another run's client");

        await using var c = await client.ConnectAsync(listener.LocalEndPoint, new ConnectOptions(StreamDirection.ClientToServer), ct);
        int message = Math.Min(client.Capabilities.MaxMessageSizeBytes ?? 4096, 1000);
        var payload = Payloads.Random(message, 7);
        // datagrams may be lost even on loopback: resend until the server has one (bounded: 50 tries, 200 ms each)
        var received = new byte[server.Capabilities.MaxMessageSizeBytes ?? message];
        if (server.Capabilities.IsReliable)
        {
            await c.SendAsync(payload, ct);
            await using var s = await accept;
            Assert.Equal(payload, await Payloads.ReceiveExactlyAsync(s, payload.Length, ct));
        }
        else
        {
            await using var s = await accept;
            for (int i = 0; ; i++)
            {
                await c.SendAsync(payload, ct);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(TimeSpan.FromMilliseconds(200));
                try
                {
                    var r = await s.ReceiveAsync(received, wait.Token);
                    Assert.Equal(payload, received.AsSpan(0, r.Count).ToArray());
                    break;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested && i < 50)
                {
                    // lost on loopback: send again
                }
            }
        }
    }
}
