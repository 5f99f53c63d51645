using System.Net;
using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Results;

namespace Transports.Harness.Running;

/// <summary>
/// Hands a transport to the scenarios unchanged but keeps every listener they start, so that after the runs the runner
/// can report the connections those listeners refused as strangers (<see cref="ITransportListener.Refused"/>): the
/// scenarios open and dispose their listeners themselves (<c>LocalServerSide</c>), and a disposed listener's log stays
/// readable.
/// </summary>
/// <param name="inner">The transport; not disposed here (its owner disposes it).</param>
internal sealed class RefusalRecordingTransport(ITransport inner) : ITransport
{
    private readonly List<ITransportListener> _listeners = [];

    public string Name => inner.Name;

    public TransportCapabilities Capabilities => inner.Capabilities;

    public IReadOnlyDictionary<string, string> Settings => inner.Settings;

    public RunMembership? Membership => inner.Membership;

    public async ValueTask<ITransportListener> ListenAsync(IPEndPoint localEndPoint, CancellationToken cancellationToken = default)
    {
        var listener = await inner.ListenAsync(localEndPoint, cancellationToken).ConfigureAwait(false);
        lock (_listeners) _listeners.Add(listener);
        return listener;
    }

    public ValueTask<ITransportConnection> ConnectAsync(IPEndPoint remoteEndPoint, ConnectOptions options, CancellationToken cancellationToken = default)
        => inner.ConnectAsync(remoteEndPoint, options, cancellationToken);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Every refusal of every listener started so far, oldest first, and the total count (beyond those kept).</summary>
    public (IReadOnlyList<RefusedPeerRecord> Kept, long Count) Refusals()
    {
        ITransportListener[] listeners;
        lock (_listeners) listeners = [.. _listeners];
        var kept = listeners.SelectMany(l => l.Refused).OrderBy(p => p.AtUtc).Select(ToRecord).ToList();
        return (kept, listeners.Sum(l => l.RefusedCount));
    }

    private static RefusedPeerRecord ToRecord(RefusedPeer p) => new()
    {
        Transport = p.Transport,
        Remote = p.Remote?.ToString(),
        Verdict = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Verdict.ToString()),
        AtUtc = p.AtUtc,
    };

    /// <summary>The console line for <paramref name="result"/>'s refusals, or null when there were none, e.g.
    /// "tcp: refused 1 connection that did not belong to this run: 127.0.0.1:40112 (not a run hello)".</summary>
    /// <param name="result">A transport result with its refusals filled in.</param>
    public static string? Line(TransportResult result)
    {
        if (result.RefusedPeerCount == 0) return null;
        var shown = result.RefusedPeers.Take(3).Select(p => $"{p.Remote ?? "a peer"} ({Describe(p.Verdict)})");
        string more = result.RefusedPeerCount > 3 ? $", and {result.RefusedPeerCount - 3} more (results.json)" : "";
        string noun = result.RefusedPeerCount == 1 ? "connection" : "connections";
        return $"{result.Label}: refused {result.RefusedPeerCount} {noun} that did not belong to this run: {string.Join(", ", shown)}{more}";
    }

    private static string Describe(string verdict)
        => Enum.TryParse<MembershipVerdict>(verdict, ignoreCase: true, out var v) ? RefusedPeer.Describe(v) : verdict;
}
