namespace Transports.Paths.Emulation;

/// <summary>
/// Bursty loss as a two-state Markov chain (Gilbert 1960; Elliott 1963), in the four-parameter form netem uses
/// (tc-netem(8) "loss gemodel p r 1-h 1-k"; Salsano et al., "Definition of a general and intuitive loss model for packet
/// networks", 2010): per packet, Good → Bad with probability <see cref="P"/>, Bad → Good with <see cref="R"/>; a packet is
/// lost with <see cref="LossInBad"/> in Bad and <see cref="LossInGood"/> in Good. Mean burst length 1/R packets.
/// </summary>
/// <param name="P">Good → Bad transition probability per packet (0..1).</param>
/// <param name="R">Bad → Good transition probability per packet (0 &lt; R ≤ 1).</param>
/// <param name="LossInBad">Loss probability in Bad (1 − h; default 1: every packet of a burst is lost).</param>
/// <param name="LossInGood">Loss probability in Good (1 − k; default 0).</param>
public sealed record GilbertElliottSpec(double P, double R, double LossInBad = 1, double LossInGood = 0)
{
    /// <summary>Stationary probability of Bad: P / (P + R).</summary>
    public double BadShare => P + R == 0 ? 0 : P / (P + R);

    /// <summary>Long-run loss: BadShare · LossInBad + (1 − BadShare) · LossInGood.</summary>
    public double MeanLossProbability => BadShare * LossInBad + (1 - BadShare) * LossInGood;

    /// <summary>Checks ranges.</summary>
    /// <param name="name">The direction's name, for messages.</param>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate(string name)
    {
        if (P is < 0 or > 1 or double.NaN) throw new ArgumentException($"{name}: burst p must be a probability");
        if (R is <= 0 or > 1 or double.NaN) throw new ArgumentException($"{name}: burst r must be a probability above 0 (1/r is the mean burst length)");
        if (LossInBad is < 0 or > 1 or double.NaN || LossInGood is < 0 or > 1 or double.NaN) throw new ArgumentException($"{name}: burst loss rates must be probabilities");
    }
}
