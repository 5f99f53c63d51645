using Transports.Paths.Emulation;
using Xunit;

namespace Transports.Tests.Links;

/// <summary>
/// The response functions against values worked by hand from the formulas: Mathis et al. (1997) W = √(3/2)/√p;
/// RFC 9438 §5 Eq. 5 W = (C·(3+β)/(4·(1−β)))^¼ · R^¾/p^¾ with C = 0.4, β = 0.7, whose first factor is
/// (1.48/1.2)^¼ = 1.2333…^¼ = 1.053829; the Reno-friendly AIMD average √(α·(1+β)/(2·(1−β)·p)) with α = 3·(1−β)/(1+β).
/// </summary>
public sealed class TcpResponseFunctionTests
{
    [Theory]
    [InlineData(0.01, 12.247449)]   // 1.2247449 / 0.1
    [InlineData(0.001, 38.729833)]  // 1.2247449 / 0.0316228
    [InlineData(0.0001, 122.47449)] // 1.2247449 / 0.01
    public void Reno_window_is_Mathis_periodic_constant_over_root_p(double p, double segments)
        => Assert.Equal(segments, TcpResponseFunction.RenoWindowSegments(p), 4);

    [Fact]
    public void Reno_window_takes_another_constant_for_another_loss_model()
        => Assert.Equal(13.1, TcpResponseFunction.RenoWindowSegments(0.01, constant: 1.31), 6); // 1.31 / 0.1

    [Theory]
    // R = 0.1 s: R^¾/p^¾ = 10^(−0.75 + 2.25) = 31.6228 at p = 1e-3, 10^(−0.75 + 3) = 177.828 at p = 1e-4
    [InlineData(0.1, 0.001, 33.325)]
    [InlineData(0.1, 0.0001, 187.400)]
    // R = 0.04 s, p = 0.01: 0.04^0.75 = 0.0894427, 0.01^0.75 = 0.0316228, ratio 2.828427; × 1.053829 = 2.98068
    [InlineData(0.04, 0.01, 2.981)]
    public void Cubic_window_follows_RFC_9438_equation_5(double rttSeconds, double p, double segments)
        => Assert.Equal(segments, TcpResponseFunction.CubicWindowSegments(rttSeconds, p), 3);

    [Fact]
    public void Cubic_window_grows_with_C_as_its_fourth_root()
    {
        double ratio = TcpResponseFunction.CubicWindowSegments(0.1, 0.001, c: 6.4) / TcpResponseFunction.CubicWindowSegments(0.1, 0.001);
        Assert.Equal(2.0, ratio, 9); // (6.4 / 0.4)^¼ = 16^¼
    }

    [Theory]
    [InlineData(0.7)] // α = 0.9/1.7 = 0.529412: α·1.7 / (0.6·p) = 0.9 / (0.6·p) = 1.5/p
    [InlineData(0.5)] // Reno itself, AIMD(1, 0.5): 1·1.5 / (1·p) = 1.5/p
    public void Reno_friendly_window_equals_Reno_for_any_beta(double beta)
        => Assert.Equal(38.729833, TcpResponseFunction.RenoFriendlyWindowSegments(0.001, beta), 4); // √1500

    [Theory]
    [InlineData(0.1, 0.001, 38.729833)] // Reno-friendly 38.73 > cubic 33.33
    [InlineData(0.1, 0.0001, 187.400)]  // cubic 187.4 > Reno-friendly 122.47
    [InlineData(0.04, 0.01, 12.247449)] // Reno-friendly 12.25 > cubic 2.98
    public void Cubic_model_is_the_larger_of_cubic_and_Reno_friendly(double rttSeconds, double p, double segments)
        => Assert.Equal(segments, TcpResponseFunction.CubicModelWindowSegments(rttSeconds, p), 2);

    [Fact]
    public void Rate_is_window_times_MSS_per_RTT()
        // 12.247449 segments · 1448 B · 8 / 0.04 s = 12.247449 · 289 600 = 3 546 861 bit/s
        => Assert.Equal(3_546_861, TcpResponseFunction.RateBitsPerSecond(TcpResponseFunction.RenoWindowSegments(0.01), 1448, 0.04), 0);

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    [InlineData(double.NaN)]
    public void A_loss_probability_outside_0_1_is_refused(double p)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpResponseFunction.RenoWindowSegments(p));
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpResponseFunction.CubicWindowSegments(0.1, p));
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpResponseFunction.RenoFriendlyWindowSegments(p));
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.PositiveInfinity)]
    public void A_non_positive_RTT_is_refused(double rttSeconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpResponseFunction.CubicWindowSegments(rttSeconds, 0.01));
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpResponseFunction.RateBitsPerSecond(10, 1448, rttSeconds));
    }

    [Fact]
    public void Other_bad_parameters_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpResponseFunction.RenoWindowSegments(0.01, constant: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpResponseFunction.CubicWindowSegments(0.1, 0.01, beta: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpResponseFunction.CubicWindowSegments(0.1, 0.01, c: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpResponseFunction.RateBitsPerSecond(10, 0, 0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TcpResponseFunction.RateBitsPerSecond(-1, 1448, 0.1));
    }
}
