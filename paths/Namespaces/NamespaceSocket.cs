using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Transports.Paths.Namespaces;

/// <summary>
/// Creates sockets inside a network namespace without starting a process there: a socket belongs to the namespace its
/// creating thread was in (network_namespaces(7)), so a dedicated thread enters the namespace (setns(2)), creates the
/// socket and ends; the socket then works from any thread. The calling threads never change namespace.
/// </summary>
public static partial class NamespaceSocket
{
    private const int CLONE_NEWNET = 0x40000000;

    /// <summary>Creates a socket in namespace <paramref name="name"/> (as listed by <c>ip netns</c>).</summary>
    /// <param name="name">The namespace's name (a file under /run/netns).</param>
    /// <param name="family">Address family.</param>
    /// <param name="type">Socket type.</param>
    /// <param name="protocol">Protocol.</param>
    /// <returns>The socket, in that namespace.</returns>
    /// <exception cref="PathSetupException">No such namespace, or setns refused (needs CAP_SYS_ADMIN).</exception>
    public static Socket Create(string name, AddressFamily family, SocketType type, ProtocolType protocol)
    {
        Socket? socket = null;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var ns = File.OpenHandle(Path.Combine("/run/netns", name));
                if (setns(ns, CLONE_NEWNET) != 0)
                    throw new PathSetupException($"cannot enter network namespace {name}: {Marshal.GetLastPInvokeErrorMessage()}");
                socket = new Socket(family, type, protocol);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or PathSetupException or SocketException)
            {
                failure = e is PathSetupException ? e : new PathSetupException($"cannot create a socket in network namespace {name}: {e.Message}");
            }
        }) { IsBackground = true, Name = $"netns {name}" };
        thread.Start();
        thread.Join(); // the thread ends inside the namespace: the runtime never reuses it
        return socket ?? throw failure!;
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int setns(SafeFileHandle fd, int nstype);
}
