using System.Text.Json;
using System.Text.Json.Nodes;
using Transports.Results;

namespace Transports.Remote.Control;

/// <summary>
/// The run messages of control protocol 2, inside an authenticated session. The client asks, the agent answers; a
/// request that fails is answered with <see cref="Failed"/> and the session goes on. Order:
/// <c>agent_info</c> → <c>agent_info_reply</c>; <c>transport_open</c> → <c>transport_ready</c>; then per run
/// <c>run_open</c> → <c>run_listening</c>, later (unasked, when the server role ends) exactly one <c>run_report</c> or
/// <c>run_failed</c>, and <c>run_close</c> → <c>run_closed</c> (after the outcome); <c>run_abort</c> resets the run's
/// connection (no answer); <c>transport_close</c> → <c>transport_closed</c>. One transport and one run at a time.
/// </summary>
public static class RunMessages
{
    /// <summary>What <see cref="Failed.Kind"/> and <see cref="RunFailed.Kind"/> may say.</summary>
    public static readonly IReadOnlyList<string> FailureKinds = ["transport", "integrity", "setup", "unavailable", "protocol", "other"];
}

/// <summary>Client → agent: describe yourself.</summary>
public sealed record AgentInfoRequest : ControlMessage;

/// <summary>Agent → client: its harness version and machine (recorded in the client's results).</summary>
/// <param name="ToolVersion">The agent's harness version.</param>
/// <param name="Environment">The agent's machine, runtime and network settings.</param>
public sealed record AgentInfo(string ToolVersion, EnvironmentInfo Environment) : ControlMessage;

/// <summary>Agent → client: the request failed (one line); the session goes on.</summary>
/// <param name="Kind">One of <see cref="RunMessages.FailureKinds"/>: "unavailable" (the transport cannot run on the agent), "setup", …</param>
/// <param name="Error">One line.</param>
public sealed record Failed(string Kind, string Error) : ControlMessage;

/// <summary>Client → agent: make the server side of one transport for a run of one scenario.</summary>
/// <param name="Transport">The transport's name (as in the agent's catalog).</param>
/// <param name="Options">The run's option values, option name to raw text (the same the client's transport gets).</param>
/// <param name="MembershipTokenHex">The run's membership token, hex (the client made it; the agent's listeners admit only its holders).</param>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="Parameters">The client's prepared plan (<c>ScenarioPlan.Parameters</c>).</param>
public sealed record TransportOpen(string Transport, Dictionary<string, string> Options, string MembershipTokenHex, string Scenario, JsonObject Parameters) : ControlMessage;

/// <summary>Agent → client: the transport is ready; TLS clients accept exactly this certificate.</summary>
/// <param name="CertificatePinHex">SHA-256 of the agent's run certificate (DER), hex.</param>
public sealed record TransportReady(string CertificatePinHex) : ControlMessage;

/// <summary>Client → agent: the transport is done (any open run is closed first).</summary>
public sealed record TransportClose : ControlMessage;

/// <summary>Agent → client: the transport and its certificate are gone.</summary>
public sealed record TransportClosed : ControlMessage;

/// <summary>Client → agent: start the server side of one run: listen, accept the run's one connection, serve it.</summary>
/// <param name="VariantIndex">Index into the plan's variants.</param>
/// <param name="Direction">"ClientToServer", "ServerToClient" or "Bidirectional".</param>
/// <param name="Warmup">True for a warm-up run.</param>
/// <param name="ClockOffsetNs">Agent clock minus client clock, ns (the session's clock probes).</param>
/// <param name="DeadlineMs">Longest the run may last on the agent before it is torn down (the client's timeout plus grace), ms.</param>
public sealed record RunOpen(int VariantIndex, string Direction, bool Warmup, long ClockOffsetNs, long DeadlineMs) : ControlMessage;

/// <summary>Agent → client: listening on the control connection's local address at <paramref name="Port"/>.</summary>
/// <param name="Port">The data port.</param>
public sealed record RunListening(int Port) : ControlMessage;

/// <summary>Agent → client: the server role ended; its report and the agent process's cost during the run.</summary>
/// <param name="Data">The scenario's report (JSON; undefined/null when it has none).</param>
/// <param name="Cost">The agent process's CPU and memory from run_open to the role's end.</param>
public sealed record RunReport(JsonElement Data, Cost Cost) : ControlMessage;

/// <summary>Agent → client: the server role failed (one line).</summary>
/// <param name="Kind">One of <see cref="RunMessages.FailureKinds"/>.</param>
/// <param name="Error">One line.</param>
/// <param name="TransportError">For kind "transport": the TransportError name (e.g. "ConnectionReset").</param>
public sealed record RunFailed(string Kind, string Error, string? TransportError = null) : ControlMessage;

/// <summary>Agent → client, unasked, at most every 500 ms while the server role runs and its counters move: the role's
/// progress (cumulative), so the client's progress display and stall detector see the receiving side as in one process.</summary>
/// <param name="CompletedUnits">Units (bytes or messages) the role counted so far.</param>
/// <param name="Heartbeats">The role's heartbeats so far.</param>
public sealed record RunProgress(long CompletedUnits, long Heartbeats) : ControlMessage
{
    /// <summary>How often the agent sends its progress while the counters move: 500 ms. The client's copy of the
    /// counters moves in steps this far apart, so a quiet time judged on it must allow for it.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(500);
}

/// <summary>Client → agent: reset the run's connection now (abortive close); the outcome follows as usual.</summary>
public sealed record RunAbort : ControlMessage;

/// <summary>Client → agent: the run is over; stop the role, close the connection and the listener.</summary>
public sealed record RunClose : ControlMessage;

/// <summary>Agent → client: the run's listener and connection are gone; who its listener refused.</summary>
/// <param name="RefusedPeers">Connections that did not prove membership (oldest first, as many as the listener kept).</param>
/// <param name="RefusedCount">All refusals, beyond those kept.</param>
public sealed record RunClosed(IReadOnlyList<RefusedPeerRecord> RefusedPeers, long RefusedCount) : ControlMessage;
