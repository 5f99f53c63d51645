using System.Globalization;
using Transports.Results;

namespace Transports.Views.Tables;

/// <summary>The one line that describes a two-host run's agent and path (console and summary.md).</summary>
public static class RemoteView
{
    /// <summary>e.g. "server side on agent 10.213.0.1:47311 (version 1.0.0, host b): path veth-b, MTU 1500 B; base RTT 61.3 µs
    /// (minimum control-channel round trip); clock offset 0.4 ± 30.7 µs".</summary>
    /// <param name="remote">The run's <see cref="RunInfo.Remote"/>.</param>
    public static string Line(RemoteInfo remote)
    {
        string host = remote.AgentEnvironment is { MachineName.Length: > 0 } env ? $", host {env.MachineName}" : "";
        string path = remote.ClientInterface is null ? "path unknown" : $"path {remote.ClientInterface}" + (remote.PathMtuBytes is int mtu ? $", MTU {mtu} B" : "");
        return string.Create(CultureInfo.InvariantCulture,
            $"server side on agent {remote.Agent} (version {remote.AgentVersion}{host}): {path}; base RTT {remote.BaseRttMs * 1000:0.0} µs (minimum control-channel round trip of {remote.ClockProbes} probes); clock offset {remote.ClockOffsetMs * 1000:0.0} ± {remote.ClockUncertaintyMs * 1000:0.0} µs");
    }
}
