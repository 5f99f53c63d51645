using System.Net;
using Transports.Paths.Emulation.Tun;
using Transports.Paths.Namespaces;

namespace Transports.Paths.Emulation;

/// <summary>
/// An emulated path from this process's own network namespace to a server namespace: a TUN device here
/// (<see cref="ClientAddress"/>, a /30 route to the server through it) and one in namespace <see cref="ServerNamespace"/>
/// (<see cref="ServerAddress"/>), with a <see cref="LinkEmulator"/> between them. The harness's client role runs in this
/// process unchanged and reaches an agent started in the server namespace; every packet between them crosses the
/// emulated link. Both devices are non-persistent (they vanish with this process, even after SIGKILL) and the namespace
/// is swept by the next run if this process dies (<see cref="NamespacePair.SweepAsync"/>).
/// </summary>
public sealed class EmulatedPath : IAsyncDisposable
{
    private readonly List<TunDevice> _devices = [];
    private int _disposed;

    private EmulatedPath(string serverNamespace, IPAddress client, IPAddress server)
    {
        ServerNamespace = serverNamespace;
        ClientAddress = client;
        ServerAddress = server;
    }

    /// <summary>The server's namespace (for <c>ip netns exec</c>).</summary>
    public string ServerNamespace { get; }

    /// <summary>This side's address on the emulated link.</summary>
    public IPAddress ClientAddress { get; }

    /// <summary>The server's address.</summary>
    public IPAddress ServerAddress { get; }

    /// <summary>This side's interface (a TUN device in this process's namespace).</summary>
    public string ClientInterface { get; private set; } = "";

    /// <summary>The emulator between the two devices.</summary>
    public LinkEmulator Emulator { get; private set; } = null!;

    /// <summary>Creates the path.</summary>
    /// <param name="link">The link to emulate.</param>
    /// <param name="mtuBytes">MTU of both devices.</param>
    /// <param name="seed">Seed of the link's random choices.</param>
    /// <param name="cancellationToken">Cancels set-up (what was created is removed).</param>
    /// <exception cref="PathSetupException">Not root, no TUN or iproute2, the kernel refused, or 10.213.0.0/16 is
    /// already routed here; nothing is left behind.</exception>
    public static async Task<EmulatedPath> CreateAsync(LinkSpec link, int mtuBytes = 1500, int seed = 1, CancellationToken cancellationToken = default)
    {
        if (!Environment.IsPrivilegedProcess)
            throw new PathSetupException("an emulated link needs root (network namespaces and TUN devices): run as root, or leave -link out");
        await NamespacePair.SweepAsync(cancellationToken).ConfigureAwait(false);
        var (tag, client, server) = await FreeSubnetAsync(cancellationToken).ConfigureAwait(false);
        var path = new EmulatedPath(tag + "b", client, server);
        try
        {
            await IpCommand.RunAsync(["netns", "add", path.ServerNamespace], cancellationToken).ConfigureAwait(false);
            var here = TunDevice.Create("trptun%d");
            path._devices.Add(here);
            var there = TunDevice.Create("trptun%d");
            path._devices.Add(there);
            path.ClientInterface = here.Name;
            await IpCommand.RunAsync(["link", "set", here.Name, "mtu", $"{mtuBytes}", "addrgenmode", "none"], cancellationToken).ConfigureAwait(false);
            await IpCommand.RunAsync(["address", "add", $"{client}/30", "dev", here.Name], cancellationToken).ConfigureAwait(false);
            await IpCommand.RunAsync(["link", "set", there.Name, "netns", path.ServerNamespace], cancellationToken).ConfigureAwait(false);
            // No IPv6 link-local address: router solicitations and MLD reports are not the run's packets.
            await IpCommand.RunAsync(["-n", path.ServerNamespace, "link", "set", there.Name, "name", NamespacePair.TunInterfaceName,
                "mtu", $"{mtuBytes}", "addrgenmode", "none"], cancellationToken).ConfigureAwait(false);
            await IpCommand.RunAsync(["-n", path.ServerNamespace, "address", "add", $"{server}/30", "dev", NamespacePair.TunInterfaceName], cancellationToken).ConfigureAwait(false);
            await IpCommand.RunAsync(["-n", path.ServerNamespace, "link", "set", NamespacePair.TunInterfaceName, "up"], cancellationToken).ConfigureAwait(false);
            await IpCommand.RunAsync(["-n", path.ServerNamespace, "link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);
            await IpCommand.RunAsync(["link", "set", here.Name, "up"], cancellationToken).ConfigureAwait(false);
            path.Emulator = new LinkEmulator(link, here, there, seed);
            return path;
        }
        catch
        {
            await path.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// The next /30 of 10.213.0.0/16 that is not on a network of this host yet: another run's emulated path (another
    /// harness at the same time) holds its /30 in this namespace, so its addresses are skipped, up to 64 tries.
    /// </summary>
    /// <exception cref="PathSetupException">64 /30s in a row are taken (10.213.0.0/16 is routed here by something else).</exception>
    private static async Task<(string Tag, System.Net.IPAddress Client, System.Net.IPAddress Server)> FreeSubnetAsync(CancellationToken cancellationToken)
    {
        string last = "";
        for (int attempt = 0; attempt < 64; attempt++)
        {
            var (tag, client, server) = NamespacePair.NextSubnet();
            last = await IpCommand.RunAsync(["route", "get", server.ToString()], cancellationToken).ConfigureAwait(false);
            if (last.Contains(" via ", StringComparison.Ordinal) || last.StartsWith("local", StringComparison.Ordinal)) return (tag, client, server);
        }
        throw new PathSetupException($"10.213.0.0/16 is already on a network of this host ({last.Trim()}): cannot emulate a link in it");
    }

    /// <summary>
    /// Packets the kernel dropped before the emulator saw them: the TUN device's transmit drops on each side (its queue
    /// toward the emulator, txqueuelen packets, overflowed because the emulator read too slowly). Nonzero means the run
    /// hit the emulator's ceiling: those losses are not the link's.
    /// </summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>Drops of packets going up (sent here) and down (sent in the server namespace).</returns>
    /// <exception cref="PathSetupException">ip failed.</exception>
    public async Task<(long Up, long Down)> KernelDropsAsync(CancellationToken cancellationToken = default)
    {
        long up = long.Parse(await File.ReadAllTextAsync($"/sys/class/net/{ClientInterface}/statistics/tx_dropped", cancellationToken).ConfigureAwait(false),
            System.Globalization.CultureInfo.InvariantCulture);
        var json = await IpCommand.RunAsync(["-n", ServerNamespace, "-s", "-j", "link", "show", NamespacePair.TunInterfaceName], cancellationToken).ConfigureAwait(false);
        using var doc = System.Text.Json.JsonDocument.Parse(json);
        long down = doc.RootElement[0].GetProperty("stats64").GetProperty("tx").GetProperty("dropped").GetInt64();
        return (up, down);
    }

    /// <summary>The command line that runs <paramref name="program"/> in the server namespace.</summary>
    /// <param name="program">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    public (string Executable, IReadOnlyList<string> Arguments) ExecOnServer(string program, IEnumerable<string> arguments)
        => ("ip", ["netns", "exec", ServerNamespace, program, .. arguments]);

    /// <summary>Stops the emulator, closes both devices (they vanish) and removes the namespace. Never throws; safe twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Emulator?.Dispose();
        foreach (var device in _devices) device.Dispose();
        try
        {
            await IpCommand.RunAsync(["netns", "delete", ServerNamespace]).ConfigureAwait(false);
        }
        catch (PathSetupException)
        {
            // not created, or already gone
        }
    }
}
