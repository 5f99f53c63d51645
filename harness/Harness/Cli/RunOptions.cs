using Transports.Abstractions;
using Transports.Harness.Anchors;
using Transports.Harness.Catalog;

namespace Transports.Harness.Cli;

/// <summary>The options every scenario command has: what to run, how often, limits, where, and what to write.</summary>
public static class RunOptions
{
    /// <summary><c>--transports</c>: which transports, in order.</summary>
    public static readonly OptionSpec Transports = new("transports", $"Comma-separated transports to run, in order: {TransportCatalog.Names}", "all");

    /// <summary><c>--repeat</c>: measured repeats per transport.</summary>
    public static readonly OptionSpec Repeat = new("repeat", "Measured repeats per transport; results report the median and spread", "1", "runs");

    /// <summary><c>--warmup</c>: discarded runs before measuring.</summary>
    public static readonly OptionSpec Warmup = new("warmup", "Warm-up runs per transport before measuring (excluded from results)", "1", "runs");

    /// <summary><c>--timeout</c>: longest one run of one transport may take.</summary>
    public static readonly OptionSpec Timeout = new("timeout", "Longest one run of one transport may take (600, 10m) before it is stopped and marked failed", "600", "s");

    /// <summary><c>--stall-timeout</c>: no progress for this long stops a transport.</summary>
    public static readonly OptionSpec StallTimeout = new("stall-timeout", "Time without progress (15, 15s) after which a transport is stopped and marked failed", "15", "s");

    /// <summary><c>--address</c>: where servers listen.</summary>
    public static readonly OptionSpec Address = new("address", "IP address of this machine that servers listen on (loopback by default)", "127.0.0.1");

    /// <summary><c>--port</c>: where servers listen.</summary>
    public static readonly OptionSpec Port = new("port", "Port servers listen on; 0 picks a free port", "0");

    /// <summary><c>--results-dir</c>: parent folder of run folders.</summary>
    public static readonly OptionSpec ResultsDir = new("results-dir", "Folder that receives the run folders (default: $TRANSPORTS_RESULTS, else ./results)", "");

    /// <summary><c>--anchors</c>: reference tools to run after the transports.</summary>
    public static readonly OptionSpec Anchors = new("anchors",
        $"Reference tools to run on the same machine after the transports, for a ratio to them: none, auto (those that apply), or a list of {AnchorCatalog.Names} (iperf3: bigfile over plain tcp; sockperf: closed-loop pingpong over plain tcp and udp)", "none");

    /// <summary><c>--anchor-duration</c>: how long each anchor tool runs.</summary>
    public static readonly OptionSpec AnchorDuration = new("anchor-duration", "How long each anchor tool runs (10, 10s; default: the scenario's -duration, else 10 s)", "", "s");

    /// <summary>All valued run options, in help order (the flags -no-progress and -no-charts are added by the command).</summary>
    /// <summary>CPUs to pin the whole run to (harness and anchor tools alike).</summary>
    public static readonly OptionSpec Cpus = new("cpus",
        "CPUs the whole run is pinned to, a Linux cpu list (0, 0-1, 0,2): the harness and every anchor tool alike, so their latencies compare; empty = no pinning. On a small VM a wake-up across vCPUs can cost more than the transport", "");

    /// <summary>How .NET dispatches socket completions.</summary>
    public static readonly OptionSpec SocketCompletions = new("socket-completions",
        "thread-pool (.NET's default, what a typical API sees: each receive completion hops to a pool thread) or inline (completions run on the socket engine's thread: no hop per message; tcp, udp, ws, grpc); empty = as DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS says (thread-pool unless it is 1)", "");

    /// <summary><c>--server</c>: two-host mode, the agent that runs the server side.</summary>
    public static readonly OptionSpec Server = new("server",
        $"Two hosts: run the server side on the agent at HOST[:PORT] (`harness serve` there; default port {(global::Transports.Remote.Control.ControlProtocol.DefaultPort)}); the client side runs here. Empty = both sides in this process", "");

    /// <summary><c>--token</c>: the agent's shared token.</summary>
    public static readonly OptionSpec Token = new("token", $"The agent's shared token (visible in the process list: prefer -token-file or ${(global::Transports.Harness.Remote.AgentEndpoint.TokenVariable)})", "");

    /// <summary><c>--token-file</c>: a file holding the agent's shared token.</summary>
    public static readonly OptionSpec TokenFile = new("token-file", "File holding the agent's shared token", "");

    /// <summary><c>--link</c>: an emulated path between client and server.</summary>
    public static readonly OptionSpec Link = new("link",
        "Emulated path: a preset (lan, wan, intercontinental, lossy-wifi, mobile-4g, satellite, bufferbloat) and/or settings like delay=20ms,rate=100mbit,loss=1%,up.rate=10mbit; the server side runs behind it in a network namespace (needs root; docs/LINKS.md). Empty = loopback", "");

    /// <summary>Every run option, in help order.</summary>
    public static IReadOnlyList<OptionSpec> All { get; } = [Transports, Repeat, Warmup, Timeout, StallTimeout, Address, Port, ResultsDir, Anchors, AnchorDuration, Cpus, SocketCompletions, Server, Token, TokenFile, Link];
}
