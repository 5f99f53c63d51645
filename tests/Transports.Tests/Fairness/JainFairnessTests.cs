using Transports.Results.Statistics;
using Xunit;

namespace Transports.Tests.Fairness;

/// <summary>Jain's fairness index (DEC-TR-301) on made-up allocations, against values computed by hand.</summary>
public sealed class JainFairnessTests
{
    [Theory]
    // (Σx)² / (n·Σx²), by hand:
    [InlineData(new[] { 5.0, 5, 5, 5 }, 1.0)]                // equal shares
    [InlineData(new[] { 10.0, 0, 0, 0 }, 0.25)]              // one takes all: 1/n
    [InlineData(new[] { 3.0, 3, 0, 0 }, 0.5)]                // k of n equal: k/n
    [InlineData(new[] { 1.0, 2, 3, 4 }, 100.0 / 120)]        // 10² / (4·30)
    [InlineData(new[] { 2.44e9, 2.71e9 }, 5.15 * 5.15 / (2 * (2.44 * 2.44 + 2.71 * 2.71)))]
    [InlineData(new[] { 7.0 }, 1.0)]                         // one flow is always fair
    [InlineData(new[] { 0.0, 0, 0 }, 1.0)]                   // nothing allocated: all equal
    public void Matches_hand_computed_values(double[] x, double expected)
        => Assert.Equal(expected, JainFairness.Of(x), 12);

    [Fact]
    public void Stays_within_one_over_n_and_one_on_random_allocations()
    {
        var random = new Random(15);
        for (int trial = 0; trial < 1000; trial++)
        {
            var x = Enumerable.Range(0, random.Next(1, 20)).Select(_ => random.NextDouble() < 0.2 ? 0 : random.NextDouble() * 1e9).ToArray();
            double j = JainFairness.Of(x);
            Assert.InRange(j, 1.0 / x.Length - 1e-12, 1.0);
        }
    }

    [Fact]
    public void Is_scale_free()
        => Assert.Equal(JainFairness.Of([1, 2, 3]), JainFairness.Of([1e9, 2e9, 3e9]), 12);

    [Theory]
    [InlineData(new double[0])]
    [InlineData(new[] { 1.0, -1 })]
    [InlineData(new[] { 1.0, double.NaN })]
    [InlineData(new[] { double.PositiveInfinity })]
    public void Rejects_what_is_not_an_allocation(double[] x)
        => Assert.Throws<ArgumentException>(() => JainFairness.Of(x));
}
