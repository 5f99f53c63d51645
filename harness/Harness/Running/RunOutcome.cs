using Transports.Results;

namespace Transports.Harness.Running;

/// <summary>What a run produced: the document, where it was written, and the process exit code.</summary>
/// <param name="Document">The results document (also written to disk).</param>
/// <param name="RunDirectory">The run folder.</param>
/// <param name="ExitCode">0 all ran, 1 a transport failed, 130 interrupted.</param>
public sealed record RunOutcome(ResultsDocument Document, string RunDirectory, int ExitCode);
