namespace Transports.Scenarios.Rpc;

/// <summary>What the rpc scenario's server role saw (it crosses the control channel in two-host mode as JSON).</summary>
/// <param name="Connections">Connections served (the run's first included).</param>
/// <param name="Streams">Streams served (on a transport without multiplexed streams, one per connection).</param>
/// <param name="Answered">Requests received whole and verified whose response was sent, warm-up included.</param>
/// <param name="FailedStreams">Streams that failed on the server's side (reset, deadline, wrong bytes).</param>
/// <param name="FirstError">The first server-side failure, one line; null when none.</param>
public sealed record RpcServerReport(long Connections, long Streams, long Answered, long FailedStreams, string? FirstError);
