using System.Text.Json.Serialization;

namespace Transports.Remote.Control;

/// <summary>
/// One message on the control channel, serialized as a JSON object whose <c>type</c> names the kind. Unknown kinds
/// and unknown members are errors (<see cref="ControlFrame"/> turns them into <see cref="ControlProtocolException"/>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(Hello), "hello")]
[JsonDerivedType(typeof(Challenge), "challenge")]
[JsonDerivedType(typeof(Proof), "proof")]
[JsonDerivedType(typeof(Welcome), "welcome")]
[JsonDerivedType(typeof(Busy), "busy")]
[JsonDerivedType(typeof(Refused), "refused")]
[JsonDerivedType(typeof(TimeProbe), "time_probe")]
[JsonDerivedType(typeof(TimeReply), "time_reply")]
[JsonDerivedType(typeof(Bye), "bye")]
[JsonDerivedType(typeof(AgentInfoRequest), "agent_info")]
[JsonDerivedType(typeof(AgentInfo), "agent_info_reply")]
[JsonDerivedType(typeof(Failed), "failed")]
[JsonDerivedType(typeof(TransportOpen), "transport_open")]
[JsonDerivedType(typeof(TransportReady), "transport_ready")]
[JsonDerivedType(typeof(TransportClose), "transport_close")]
[JsonDerivedType(typeof(TransportClosed), "transport_closed")]
[JsonDerivedType(typeof(RunOpen), "run_open")]
[JsonDerivedType(typeof(RunListening), "run_listening")]
[JsonDerivedType(typeof(RunReport), "run_report")]
[JsonDerivedType(typeof(RunFailed), "run_failed")]
[JsonDerivedType(typeof(RunProgress), "run_progress")]
[JsonDerivedType(typeof(RunAbort), "run_abort")]
[JsonDerivedType(typeof(RunClose), "run_close")]
[JsonDerivedType(typeof(RunClosed), "run_closed")]
public abstract record ControlMessage;

/// <summary>Client → agent, first: the protocol it speaks and a fresh 16-byte nonce (base64).</summary>
/// <param name="ProtocolVersion">The control protocol version (<see cref="ControlProtocol.Version"/>).</param>
/// <param name="ToolVersion">The client's harness version, for the results.</param>
/// <param name="ClientNonce">16 random bytes, base64.</param>
public sealed record Hello(int ProtocolVersion, string ToolVersion, string ClientNonce) : ControlMessage;

/// <summary>Agent → client: its nonce, and its proof that it knows the token (HMAC over both nonces).</summary>
/// <param name="ProtocolVersion">The agent's control protocol version.</param>
/// <param name="ToolVersion">The agent's harness version.</param>
/// <param name="AgentNonce">16 random bytes, base64.</param>
/// <param name="AgentProof">HMAC-SHA256 (base64), see <see cref="ChallengeAuth"/>.</param>
public sealed record Challenge(int ProtocolVersion, string ToolVersion, string AgentNonce, string AgentProof) : ControlMessage;

/// <summary>Client → agent: its proof that it knows the token.</summary>
/// <param name="ClientProof">HMAC-SHA256 (base64), see <see cref="ChallengeAuth"/>.</param>
public sealed record Proof(string ClientProof) : ControlMessage;

/// <summary>Agent → client: authenticated; the session is open.</summary>
public sealed record Welcome : ControlMessage;

/// <summary>Agent → client: another client holds the agent; try again later.</summary>
/// <param name="Holder">The address and port of the client that holds it.</param>
/// <param name="SinceUtc">When its session began.</param>
public sealed record Busy(string Holder, DateTimeOffset SinceUtc) : ControlMessage;

/// <summary>Agent → client: the session is refused or ended, and why (one line).</summary>
/// <param name="Reason">e.g. "wrong token", "protocol version 2 is not 1".</param>
public sealed record Refused(string Reason) : ControlMessage;

/// <summary>Client → agent: a clock probe (NTP's t1, in the client's monotonic nanoseconds).</summary>
/// <param name="ClientSendNs">t1.</param>
public sealed record TimeProbe(long ClientSendNs) : ControlMessage;

/// <summary>Agent → client: the probe's t1 echoed with the agent's receive (t2) and send (t3) times, agent clock, ns.</summary>
/// <param name="ClientSendNs">t1, echoed.</param>
/// <param name="AgentReceiveNs">t2.</param>
/// <param name="AgentSendNs">t3.</param>
public sealed record TimeReply(long ClientSendNs, long AgentReceiveNs, long AgentSendNs) : ControlMessage;

/// <summary>Either side: the session ends in order.</summary>
public sealed record Bye : ControlMessage;

/// <summary>Constants of the control protocol.</summary>
public static class ControlProtocol
{
    /// <summary>The version both sides must speak (2: runs on the agent, see <see cref="RunMessages"/>).</summary>
    public const int Version = 2;

    /// <summary>The agent's default TCP control port (unassigned by IANA in the registered range at the time of writing).</summary>
    public const int DefaultPort = 47311;
}
