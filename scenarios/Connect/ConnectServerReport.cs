namespace Transports.Scenarios.Connect;

/// <summary>What the connect scenario's server role saw (it crosses the control channel in two-host mode as JSON).</summary>
/// <param name="Accepted">Connections its listener handed out (each proved it belongs to the run) and served, the session's own excluded, warm-up connects included.</param>
/// <param name="Answered">Of those, connections whose request arrived whole and verified and whose response was sent.</param>
/// <param name="Failed">Of those, connections that failed on the server's side (reset, deadline, wrong bytes).</param>
/// <param name="FirstError">The first server-side failure, one line; null when none.</param>
public sealed record ConnectServerReport(long Accepted, long Answered, long Failed, string? FirstError);
