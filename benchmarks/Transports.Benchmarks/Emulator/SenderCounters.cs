using System.Text.Json;
using Transports.Measure.Processes;
using Transports.Paths.Emulation;

namespace Transports.Benchmarks.Emulator;

/// <summary>
/// TCP counters of the path's server namespace (Linux SNMP/netstat MIBs, read with <c>nstat -asz</c>, which leaves its
/// history file alone): a sender there is that namespace's only TCP, so the counts are its own. Subtract two readings
/// for a span.
/// </summary>
/// <param name="SackRecoveries">Fast recoveries with SACK (TcpExtTCPSackRecovery): congestion events found by dupacks/RACK.</param>
/// <param name="LossProbeRecoveries">Losses repaired by a tail loss probe (TcpExtTCPLossProbeRecovery), also a window reduction.</param>
/// <param name="Timeouts">Retransmission timeouts (TcpExtTCPTimeouts).</param>
/// <param name="RetransmittedSegments">Segments retransmitted (TcpRetransSegs).</param>
public sealed record SenderCounters(long SackRecoveries, long LossProbeRecoveries, long Timeouts, long RetransmittedSegments)
{
    /// <summary>Congestion events: recoveries, loss-probe repairs and timeouts.</summary>
    public long CongestionEvents => SackRecoveries + LossProbeRecoveries + Timeouts;

    /// <summary>The counts between two readings.</summary>
    public static SenderCounters operator -(SenderCounters a, SenderCounters b)
        => new(a.SackRecoveries - b.SackRecoveries, a.LossProbeRecoveries - b.LossProbeRecoveries, a.Timeouts - b.Timeouts,
            a.RetransmittedSegments - b.RetransmittedSegments);

    /// <summary>Reads the server namespace's counters.</summary>
    /// <param name="path">The path.</param>
    /// <exception cref="InvalidOperationException">nstat failed or printed no counters.</exception>
    public static async Task<SenderCounters> ReadAsync(EmulatedPath path)
    {
        var (program, arguments) = path.ExecOnServer("nstat", ["-asz", "--json"]);
        await using var p = ExternalProcess.Start(program, arguments);
        if (await p.WaitForExitAsync(TimeSpan.FromSeconds(10), CancellationToken.None) != 0)
            throw new InvalidOperationException($"nstat failed: {p.StandardError.Trim()}");
        using var json = JsonDocument.Parse(p.StandardOutput);
        var kernel = json.RootElement.GetProperty("kernel");
        long Get(string name) => kernel.TryGetProperty(name, out var v) ? v.GetInt64() : 0;
        return new SenderCounters(Get("TcpExtTCPSackRecovery"), Get("TcpExtTCPLossProbeRecovery"), Get("TcpExtTCPTimeouts"), Get("TcpRetransSegs"));
    }
}
