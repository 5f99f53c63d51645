using Transports.Paths.Emulation;
using Xunit;

namespace Transports.Tests.Paths.Emulation;

/// <summary><c>-link SPEC</c>: presets, overrides per direction, units, and one clear line for every bad input.</summary>
public sealed class LinkSpecParserTests
{
    [Fact]
    public void Settings_apply_to_both_directions_unless_prefixed()
    {
        var link = LinkSpecParser.Parse("delay=20ms,rate=100mbit,up.rate=10mbit,loss=1%,down.queue=64kb,jitter=500us,jitter-dist=normal,burst=1%/25%,reorder=0.5%");
        Assert.Equal(20_000_000, link.Up.DelayNs);
        Assert.Equal(20_000_000, link.Down.DelayNs);
        Assert.Equal(10e6, link.Up.RateBitsPerSecond);
        Assert.Equal(100e6, link.Down.RateBitsPerSecond);
        Assert.Equal(0.01, link.Up.LossProbability, 12);
        Assert.Null(link.Up.QueueBytes);
        Assert.Equal(64_000, link.Down.QueueBytes);
        Assert.Equal(500_000, link.Up.JitterNs);
        Assert.Equal(JitterDistribution.Normal, link.Down.Jitter);
        Assert.Equal(new GilbertElliottSpec(0.01, 0.25), link.Up.BurstLoss);
        Assert.Equal(0.005, link.Down.ReorderProbability, 12);
        Assert.Equal(40_000_000, link.ConfiguredRttNs);
        Assert.Null(link.Preset);
    }

    [Fact]
    public void A_preset_comes_first_and_settings_override_it()
    {
        var wan = LinkSpecParser.Parse("wan");
        Assert.Equal("wan", wan.Preset);
        Assert.Equal(40_000_000, wan.ConfiguredRttNs);
        Assert.Equal(100e6, wan.Up.RateBitsPerSecond);
        var lossy = LinkSpecParser.Parse("WAN,loss=1%,queue=100p");
        Assert.Equal("wan", lossy.Preset);
        Assert.Equal(0.01, lossy.Down.LossProbability, 12);
        Assert.Equal(100, lossy.Up.QueuePackets);
        Assert.Null(lossy.Up.QueueBytes); // packets replace the preset's byte limit
        foreach (var name in LinkPresets.All.Keys)
        {
            var preset = LinkSpecParser.Parse(name);
            preset.Up.Validate(name);
            preset.Down.Validate(name);
            Assert.True(preset.ConfiguredRttNs > 0, name);
        }
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("moon", "unknown preset 'moon'")]
    [InlineData("delay=20", "expected a time like 20ms")]
    [InlineData("rate=100", "expected bit/s like 100mbit")]
    [InlineData("rate=0mbit", "must be above 0")]
    [InlineData("loss=150%", "is not a probability")]
    [InlineData("loss=x", "expected a probability")]
    [InlineData("queue=0p", "at least 1 packet")]
    [InlineData("queue=10 apples", "expected packets (100p) or bytes")]
    [InlineData("colour=blue", "unknown setting 'colour'")]
    [InlineData("delay=20ms,wan", "is not key=value")]
    [InlineData("burst=1%", "expected p/r")]
    [InlineData("burst=1%/0", "r must be above 0")]
    [InlineData("jitter-dist=pareto", "expected uniform or normal")]
    [InlineData("delay=90s", "above 60 s")]
    public void Bad_specs_are_one_line_errors_that_name_the_part(string spec, string expected)
    {
        var e = Assert.Throws<FormatException>(() => LinkSpecParser.Parse(spec));
        Assert.Contains(expected, e.Message);
        Assert.StartsWith("-link", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }
}
