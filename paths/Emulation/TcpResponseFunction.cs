namespace Transports.Paths.Emulation;

/// <summary>
/// Steady-state response functions of loss-based TCP congestion control: the average congestion window (segments) and
/// goodput a single bulk flow should reach across a path with round-trip time R and packet loss probability p, when loss
/// is the only limit. The anchor the link emulator is checked against (docs/LINKS.md, "TCP across a lossy link").
/// <list type="bullet">
/// <item>Reno: Mathis, Semke, Mahdavi and Ott, "The Macroscopic Behavior of the TCP Congestion Avoidance Algorithm",
/// CCR 27(3), 1997: W = C/√p with C = √(3/2) for periodic loss without delayed ACKs (their §2).</item>
/// <item>CUBIC: RFC 9438 §5 (Eq. 5 of its analysis under a deterministic loss model): W = (C·(3+β)/(4·(1−β)))^¼ ·
/// R^¾ / p^¾ with C = 0.4 and β_cubic = 0.7 (RFC 9438 §4.1, §4.6); and CUBIC's Reno-friendly region (RFC 9438 §4.3):
/// an AIMD(α, β) flow with α = 3·(1−β)/(1+β) averages √(α·(1+β)/(2·(1−β)·p)) segments, which is Reno's √(3/(2p)),
/// and CUBIC never runs below it, so its model window is the larger of the two.</item>
/// </list>
/// Windows are in segments, times in seconds, p a probability in (0, 1); rate = W · MSS · 8 / R bit/s.
/// </summary>
public static class TcpResponseFunction
{
    /// <summary>Mathis et al.'s constant for periodic loss without delayed ACKs, √(3/2) ≈ 1.2247.</summary>
    public static readonly double MathisPeriodicConstant = Math.Sqrt(1.5);

    /// <summary>CUBIC's C, segments/s³ (RFC 9438 §4.1).</summary>
    public const double CubicC = 0.4;

    /// <summary>CUBIC's multiplicative decrease factor β_cubic (RFC 9438 §4.6).</summary>
    public const double CubicBeta = 0.7;

    /// <summary>Reno's average window under loss (Mathis et al. 1997): <paramref name="constant"/> / √p segments.</summary>
    /// <param name="lossProbability">p, in (0, 1).</param>
    /// <param name="constant">C; √(3/2) for periodic loss (the paper discusses other loss models and delayed ACKs).</param>
    /// <exception cref="ArgumentOutOfRangeException">p not in (0, 1), or C not positive.</exception>
    public static double RenoWindowSegments(double lossProbability, double constant = 1.224744871391589)
    {
        CheckLoss(lossProbability);
        if (!(constant > 0)) throw new ArgumentOutOfRangeException(nameof(constant), constant, "the constant must be positive");
        return constant / Math.Sqrt(lossProbability);
    }

    /// <summary>CUBIC's average window in its cubic (concave) region, RFC 9438 §5 Eq. 5, segments.</summary>
    /// <param name="rttSeconds">R, seconds (&gt; 0).</param>
    /// <param name="lossProbability">p, in (0, 1).</param>
    /// <param name="c">C, segments/s³.</param>
    /// <param name="beta">β_cubic, in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double CubicWindowSegments(double rttSeconds, double lossProbability, double c = CubicC, double beta = CubicBeta)
    {
        CheckRtt(rttSeconds);
        CheckLoss(lossProbability);
        if (!(c > 0)) throw new ArgumentOutOfRangeException(nameof(c), c, "C must be positive");
        CheckBeta(beta);
        return Math.Pow(c * (3 + beta) / (4 * (1 - beta)), 0.25) * Math.Pow(rttSeconds, 0.75) / Math.Pow(lossProbability, 0.75);
    }

    /// <summary>
    /// The average window of CUBIC's Reno-friendly estimate, AIMD(α, β) with α = 3·(1−β)/(1+β) (RFC 9438 §4.3):
    /// √(α·(1+β)/(2·(1−β)·p)) segments, equal to √(3/(2p)) for any β.
    /// </summary>
    /// <param name="lossProbability">p, in (0, 1).</param>
    /// <param name="beta">β_cubic, in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double RenoFriendlyWindowSegments(double lossProbability, double beta = CubicBeta)
    {
        CheckLoss(lossProbability);
        CheckBeta(beta);
        double alpha = 3 * (1 - beta) / (1 + beta);
        return Math.Sqrt(alpha * (1 + beta) / (2 * (1 - beta) * lossProbability));
    }

    /// <summary>CUBIC's model window: the larger of its cubic-region average and its Reno-friendly average, segments.</summary>
    /// <param name="rttSeconds">R, seconds (&gt; 0).</param>
    /// <param name="lossProbability">p, in (0, 1).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double CubicModelWindowSegments(double rttSeconds, double lossProbability)
        => Math.Max(CubicWindowSegments(rttSeconds, lossProbability), RenoFriendlyWindowSegments(lossProbability));

    /// <summary>The goodput a window of <paramref name="windowSegments"/> segments carries per round trip, bit/s.</summary>
    /// <param name="windowSegments">W, segments (≥ 0).</param>
    /// <param name="mssBytes">Payload bytes per segment (&gt; 0), e.g. 1448 with TCP timestamps at MTU 1500.</param>
    /// <param name="rttSeconds">R, seconds (&gt; 0).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    public static double RateBitsPerSecond(double windowSegments, int mssBytes, double rttSeconds)
    {
        if (!(windowSegments >= 0)) throw new ArgumentOutOfRangeException(nameof(windowSegments), windowSegments, "the window must be ≥ 0");
        if (mssBytes <= 0) throw new ArgumentOutOfRangeException(nameof(mssBytes), mssBytes, "the MSS must be positive");
        CheckRtt(rttSeconds);
        return windowSegments * mssBytes * 8 / rttSeconds;
    }

    private static void CheckLoss(double p)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException("lossProbability", p, "the loss probability must be in (0, 1)");
    }

    private static void CheckRtt(double r)
    {
        if (!(r > 0) || double.IsInfinity(r)) throw new ArgumentOutOfRangeException("rttSeconds", r, "the RTT must be a positive number of seconds");
    }

    private static void CheckBeta(double beta)
    {
        if (!(beta > 0 && beta < 1)) throw new ArgumentOutOfRangeException(nameof(beta), beta, "β must be in (0, 1)");
    }
}
