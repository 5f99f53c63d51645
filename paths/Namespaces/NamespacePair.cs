using System.Net;
using System.Text.RegularExpressions;

namespace Transports.Paths.Namespaces;

/// <summary>
/// Two Linux network namespaces, A and B, joined by a veth pair: two hosts on one machine, with their own interfaces,
/// addresses, routes and qdiscs, connected by a real (virtual) Ethernet link. A is 10.213.X.1/30 and B 10.213.X.2/30
/// on interface <c>veth0</c> in each; nothing else is reachable from either. (An emulated link from this process to a
/// namespace is <see cref="Emulation.EmulatedPath"/>.) Created by <see cref="CreateAsync"/>,
/// removed by <see cref="DisposeAsync"/>; pairs left by a process that died (SIGKILL) are removed by the next
/// <see cref="CreateAsync"/> of any process (<see cref="SweepAsync"/>).
/// </summary>
/// <remarks>Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) and iproute2. See ip-netns(8), veth(4), network_namespaces(7).</remarks>
public sealed partial class NamespacePair : IAsyncDisposable
{
    /// <summary>Prefix of every namespace this tool creates: <c>trp</c>, then the creating process's PID and a serial.</summary>
    public const string Prefix = "trp";

    /// <summary>Name of the veth end inside each namespace.</summary>
    public const string InterfaceName = "veth0";

    /// <summary>Name of the TUN device inside the server namespace of an <see cref="Emulation.EmulatedPath"/>.</summary>
    public const string TunInterfaceName = "tun0";

    // Starts at a place of its own per process, so paths of two processes running at once (two -link runs) rarely pick
    // the same /30; EmulatedPath also skips a /30 that is already routed here.
    private static int s_serial = (int)((uint)Environment.ProcessId * 2654435761u % 4096);
    private int _disposed;

    private NamespacePair(string a, string b, IPAddress addressA, IPAddress addressB)
    {
        NameA = a;
        NameB = b;
        AddressA = addressA;
        AddressB = addressB;
    }

    /// <summary>Namespace A's name (for <c>ip netns exec</c>).</summary>
    public string NameA { get; }

    /// <summary>Namespace B's name.</summary>
    public string NameB { get; }

    /// <summary>A's address on the link.</summary>
    public IPAddress AddressA { get; }

    /// <summary>B's address on the link.</summary>
    public IPAddress AddressB { get; }

    /// <summary>Creates the pair, after removing pairs whose creator is dead.</summary>
    /// <param name="mtuBytes">MTU of both veth ends (68..65535; 1500 like Ethernet by default).</param>
    /// <param name="cancellationToken">Cancels set-up (what was created is removed).</param>
    /// <exception cref="PathSetupException">Not root, no iproute2, or the kernel refused; nothing is left behind.</exception>
    public static async Task<NamespacePair> CreateAsync(int mtuBytes = 1500, CancellationToken cancellationToken = default)
    {
        if (mtuBytes is < 68 or > 65535) throw new ArgumentOutOfRangeException(nameof(mtuBytes), mtuBytes, "MTU must be 68..65535 bytes");
        await SweepAsync(cancellationToken).ConfigureAwait(false);
        var (tag, a, b) = NextSubnet();
        var pair = new NamespacePair(tag + "a", tag + "b", a, b);
        try
        {
            await IpCommand.RunAsync(["netns", "add", pair.NameA], cancellationToken).ConfigureAwait(false);
            await IpCommand.RunAsync(["netns", "add", pair.NameB], cancellationToken).ConfigureAwait(false);
            // Created in A with the peer in B, so no end ever exists in the caller's namespace under a name that could collide.
            await IpCommand.RunAsync(["-n", pair.NameA, "link", "add", InterfaceName, "mtu", $"{mtuBytes}", "type", "veth",
                "peer", "name", InterfaceName, "netns", pair.NameB, "mtu", $"{mtuBytes}"], cancellationToken).ConfigureAwait(false);
            foreach (var (ns, address) in new[] { (pair.NameA, a), (pair.NameB, b) })
            {
                await IpCommand.RunAsync(["-n", ns, "address", "add", $"{address}/30", "dev", InterfaceName], cancellationToken).ConfigureAwait(false);
                await IpCommand.RunAsync(["-n", ns, "link", "set", InterfaceName, "up"], cancellationToken).ConfigureAwait(false);
                await IpCommand.RunAsync(["-n", ns, "link", "set", "lo", "up"], cancellationToken).ConfigureAwait(false);
            }
            return pair;
        }
        catch
        {
            await pair.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A fresh name stem (<c>trpPIDxSERIAL</c>: namespaces are this stem plus <c>a</c> or <c>b</c>, swept once PID is dead)
    /// and the two addresses of its /30 in 10.213.0.0/16, by serial: distinct paths of one process never share addresses
    /// (up to 4096 at once); each process starts at a serial derived from its PID.
    /// </summary>
    internal static (string Tag, IPAddress A, IPAddress B) NextSubnet()
    {
        int serial = Interlocked.Increment(ref s_serial) % 4096;
        return ($"{Prefix}{Environment.ProcessId}x{serial}",
            IPAddress.Parse($"10.213.{serial / 64}.{serial % 64 * 4 + 1}"),
            IPAddress.Parse($"10.213.{serial / 64}.{serial % 64 * 4 + 2}"));
    }

    /// <summary>The command line that runs <paramref name="program"/> inside namespace A or B (prefix for a process start).</summary>
    /// <param name="inA">A (true) or B (false).</param>
    /// <param name="program">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <returns>("ip", ["netns", "exec", NAME, program, arguments...]).</returns>
    public (string Executable, IReadOnlyList<string> Arguments) Exec(bool inA, string program, IEnumerable<string> arguments)
        => ("ip", ["netns", "exec", inA ? NameA : NameB, program, .. arguments]);

    /// <summary>Removes both namespaces (their veth ends go with them). Never throws; safe to call twice.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        foreach (var name in new[] { NameA, NameB })
        {
            try
            {
                await IpCommand.RunAsync(["netns", "delete", name]).ConfigureAwait(false);
            }
            catch (PathSetupException)
            {
                // not created (set-up failed before it), or already gone
            }
        }
    }

    /// <summary>Names of the namespaces that exist now and were made by this tool.</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <exception cref="PathSetupException">ip failed.</exception>
    public static async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken = default)
    {
        var text = await IpCommand.RunAsync(["netns", "list"], cancellationToken).ConfigureAwait(false);
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' ')[0])
            .Where(name => OwnName().IsMatch(name)).ToList();
    }

    /// <summary>Removes namespaces of this tool whose creating process no longer runs (it was killed before its clean-up).</summary>
    /// <param name="cancellationToken">Cancels.</param>
    /// <returns>The names removed.</returns>
    public static async Task<IReadOnlyList<string>> SweepAsync(CancellationToken cancellationToken = default)
    {
        var removed = new List<string>();
        IReadOnlyList<string> names;
        try
        {
            names = await ListAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PathSetupException)
        {
            return removed; // no iproute2: nothing of ours can exist
        }
        foreach (var name in names)
        {
            int pid = int.Parse(OwnName().Match(name).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}")) continue;
            try
            {
                await IpCommand.RunAsync(["netns", "delete", name], cancellationToken).ConfigureAwait(false);
                removed.Add(name);
            }
            catch (PathSetupException)
            {
                // another process swept it first
            }
        }
        return removed;
    }

    [GeneratedRegex($"^{Prefix}([0-9]+)x[0-9]+[ab]$")]
    private static partial Regex OwnName();
}
