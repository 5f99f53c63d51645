using Transports.Abstractions;
using Transports.Harness.Cli;
using Transports.Scenarios.BigFile;
using Transports.Scenarios.Messages;
using Transports.Tests.Support;
using Xunit;

namespace Transports.Tests.Cli;

/// <summary>Every duration takes 3, 3s, 500ms; every size 64K, 1M, 1G; each bad value is one line naming the option and its unit.</summary>
public sealed class UnitParsingTests : IDisposable
{
    private readonly TempDirectory _results = new();

    public void Dispose() => _results.Dispose();

    private Harness.Running.RunRequest Request(params string[] args)
        => new HarnessCli().ToRequest([.. args, "-results-dir", _results.Path]);

    [Theory]
    [InlineData("3", 3.0)]
    [InlineData("3s", 3.0)]
    [InlineData("500ms", 0.5)]
    [InlineData("1.5m", 90.0)]
    [InlineData("2500us", 0.0025)]
    public void Run_durations_take_a_unit_or_default_to_seconds(string text, double seconds)
    {
        var r = Request("bigfile", "-timeout", text, "-stall-timeout", text, "-anchor-duration", text);
        Assert.Equal(seconds, r.Timeout.TotalSeconds, 9);
        Assert.Equal(seconds, r.StallTimeout.TotalSeconds, 9);
        Assert.Equal(seconds, r.AnchorDurationSeconds!.Value, 9);
    }

    [Theory]
    [InlineData("-duration", "3", "-loss-timeout", "200", 3.0, 200)]
    [InlineData("-duration", "3s", "-loss-timeout", "200ms", 3.0, 200)]
    [InlineData("-duration", "500ms", "-loss-timeout", "0.2s", 0.5, 200)]
    [InlineData("-duration", "1m", "-loss-timeout", "1s", 60.0, 1000)]
    public void Message_durations_take_a_unit_or_default_to_their_own(string d, string dv, string l, string lv, double seconds, int lossMs)
    {
        foreach (var scenario in new[] { "pingpong", "datagrams" })
        {
            var r = Request(scenario, d, dv, l, lv);
            var settings = (MessageSettings)((MessageScenario)r.Scenario).Parse(r.Options);
            Assert.Equal(seconds, settings.DurationSeconds, 9);
            Assert.Equal(lossMs, settings.LossTimeoutMs);
        }
    }

    [Theory]
    [InlineData("1s", 1.0, 0L)]
    [InlineData("500ms", 0.5, 0L)]
    [InlineData("1000", 0.0, 1000L)]
    [InlineData("0", 0.0, 0L)]
    public void Message_warmup_is_a_duration_with_its_unit_or_a_count(string text, double seconds, long count)
    {
        var r = Request("pingpong", "-message-warmup", text);
        var settings = ((MessageScenario)r.Scenario).Parse(r.Options);
        Assert.Equal((seconds, count), (settings.WarmupSeconds, settings.WarmupCount));
    }

    [Fact]
    public void Sizes_take_binary_suffixes_everywhere()
    {
        var r = Request("bigfile", "-size", "64K", "-chunk-size", "1M", "-warmup-size", "1G", "-tcp-send-buffer", "256K");
        var settings = new BigFileScenario().Parse(r.Options);
        Assert.Equal((64L << 10, 1 << 20, 1L << 30), (settings.SizeBytes, settings.ChunkSizeBytes, settings.WarmupSizeBytes));
        var m = Request("pingpong", "-message-size", "64,1K,16KiB");
        Assert.Equal([64, 1024, 16384], ((MessageScenario)m.Scenario).Parse(m.Options).MessageSizesBytes);
    }

    [Fact]
    public void The_cards_scenario_option_and_the_command_are_the_same_run()
    {
        var legacy = Request("-scenario", "pingpong", "-rate", "2000", "-duration", "2s");
        var command = Request("pingpong", "-rate", "2000", "-duration", "2s");
        Assert.Equal(command.Scenario, legacy.Scenario);
        var a = ((MessageScenario)legacy.Scenario).Parse(legacy.Options);
        var b = ((MessageScenario)command.Scenario).Parse(command.Options);
        Assert.Equal((2000.0, 2.0), (a.RateMessagesPerSecond, a.DurationSeconds));
        Assert.Equal((b.RateMessagesPerSecond, b.DurationSeconds), (a.RateMessagesPerSecond, a.DurationSeconds));
        Assert.Equal("bigfile", Request().Scenario.Name); // no scenario named: the card's default
        // -rate is Mbit/s under bigfile: the same number is a different unit, never a merged one.
        var bigfile = Request("bigfile", "-rate", "2000");
        Assert.Equal(2e9, new BigFileScenario().Parse(bigfile.Options).RateBitsPerSecond);
    }

    [Theory]
    [InlineData("pingpong", "-duration", "3x", "--duration: '3x' is not a duration (e.g. 3, 3s, 500ms; a bare number is in s)")]
    [InlineData("pingpong", "-loss-timeout", "fast", "--loss-timeout: 'fast' is not a duration (e.g. 3, 3s, 500ms; a bare number is in ms)")]
    [InlineData("bigfile", "-timeout", "3d", "--timeout: '3d' is not a duration")]
    [InlineData("bigfile", "-stall-timeout", "0", "--stall-timeout must be > 0 seconds")]
    [InlineData("pingpong", "-message-warmup", "1x", "--message-warmup: '1x' is neither a duration with its unit")]
    [InlineData("bigfile", "-size", "12Q", "--size: '12Q' is not a number (bytes)")]
    [InlineData("bigfile", "-rate", "fast", "--rate: 'fast' is not a number (Mbit/s)")]
    [InlineData("pingpong", "-rate", "-1", "--rate: -1 is out of range [0, 10000000] (msg/s)")]
    public void Bad_units_are_one_line_naming_the_option(string scenario, string option, string value, string message)
    {
        var e = Record.Exception(() =>
        {
            var r = Request(scenario, option, value);
            r.Scenario.PrepareAsync(r.Options, CancellationToken.None).GetAwaiter().GetResult();
        });
        Assert.True(e is OptionException or UsageException, $"{e?.GetType().Name}: {e?.Message}");
        Assert.StartsWith(message, e!.Message);
        Assert.DoesNotContain("System.", e.Message);
    }

    [Fact]
    public void Options_are_scoped_to_their_command()
    {
        var e = Assert.Throws<UsageException>(() => Request("bigfile", "-message-size", "64"));
        Assert.Contains("-message-size", e.Message);
        Assert.Throws<UsageException>(() => Request("pingpong", "-sink", "null"));
    }

    [Fact]
    public void Duration_parser_reads_every_unit_and_refuses_the_rest()
    {
        foreach (var (text, seconds) in new[] { ("0", 0.0), ("2h", 7200.0), ("250 ms", 0.25), ("10µs", 1e-5), ("7S", 7.0) })
        {
            Assert.True(DurationParser.TryParseSeconds(text, 1, out double s), text);
            Assert.Equal(seconds, s, 12);
        }
        Assert.True(DurationParser.TryParseSeconds("200", 1e-3, out double ms));
        Assert.Equal(0.2, ms, 12);
        foreach (var bad in new[] { "", "s", "ms", "1d", "1e999", "-1s", "NaN", "1,5s" })
            Assert.False(DurationParser.TryParseSeconds(bad, 1, out _), bad);
    }
}
