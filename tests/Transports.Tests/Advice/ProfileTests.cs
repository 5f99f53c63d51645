using Transports.Advice.Profile;
using Xunit;

namespace Transports.Tests.Advice;

/// <summary>Profiles from YAML, JSON and flags: the same keys mean the same thing, and every bad key, value or impossible
/// objective is one error naming the key.</summary>
public sealed class ProfileTests
{
    private const string Yaml = """
        # a trading API's quotes
        pattern: server-push
        message_sizes: [128, 1K]
        rate: 2000
        concurrency: 8
        objective: p99 <= 50ms
        reliability: latest-value-wins
        clients: native
        udp-blocked: false
        link: lossy-wifi
        """;

    private const string Json = """
        { "pattern": "server-push", "message-sizes": [128, "1K"], "rate": 2000, "concurrency": 8,
          "objective": "p99 <= 50ms", "reliability": "latest-value-wins", "clients": "native", "udp_blocked": false, "link": "lossy-wifi" }
        """;

    [Fact]
    public void Yaml_and_json_profiles_read_the_same()
    {
        var y = ProfileReader.Parse(Yaml);
        var j = ProfileReader.Parse(Json, json: true);
        Assert.Equal(TrafficPattern.ServerPush, y.Pattern);
        Assert.Equal([128, 1024], y.MessageSizesBytes);
        Assert.Equal(2000, y.RatePerSecond);
        Assert.Equal(8, y.Concurrency);
        Assert.Equal(ObjectiveKind.Latency, y.Objective!.Kind);
        Assert.Equal(99, y.Objective.Percentile);
        Assert.Equal(50, y.Objective.Limit);
        Assert.Equal(Reliability.LatestValueWins, y.Reliability);
        Assert.Equal("lossy-wifi", y.Link);
        Assert.Equal(y.MessageSizesBytes, j.MessageSizesBytes);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(y), System.Text.Json.JsonSerializer.Serialize(j));
    }

    [Fact]
    public void Flags_override_the_file()
    {
        using var dir = new Support.TempDirectory();
        var path = Path.Combine(dir.Path, "api.yaml");
        File.WriteAllText(path, Yaml);
        var p = ProfileReader.Read(path, [new("-rate", "500"), new("-clients", "browser")]);
        Assert.Equal(500, p.RatePerSecond);
        Assert.Equal(ClientKind.Browser, p.Clients);
        Assert.Equal(8, p.Concurrency);
    }

    [Fact]
    public void The_objective_forms_parse_with_their_units()
    {
        var o = Objective.Parse("objective", "p99.9 <= 0.5s at 2k/s");
        Assert.Equal((99.9, 500.0, 2000.0), (o.Percentile, o.Limit, o.AtRatePerSecond!.Value));
        Assert.Equal("p99.9 <= 500 ms at 2000/s", o.Text);
        var g = Objective.Parse("objective", "goodput >= 1gbit");
        Assert.Equal((ObjectiveKind.Goodput, 1e9), (g.Kind, g.Limit));
    }

    [Theory]
    [InlineData("colour: blue", "colour: unknown key")]
    [InlineData("pattern: gossip", "pattern: 'gossip' is not one of request-response, server-push")]
    [InlineData("message_sizes: [8]", "message_sizes: 8 B is below the 20 B")]
    [InlineData("message_sizes: 2G", "message_sizes: '2G' is more than the largest measurable")]
    [InlineData("rate: -5", "rate: '-5' must be above 0")]
    [InlineData("trusted_path: maybe", "trusted_path: 'maybe' is not true or false")]
    [InlineData("objective: p95 <= 50ms", "objective: p95 is not measured; use p50, p99 or p99.9")]
    [InlineData("objective: p99 <= 0ms", "objective: 'p99 <= 0ms' cannot be met: a latency bound must be above 0 ms")]
    [InlineData("objective: fast", "objective: 'fast' is not an objective")]
    [InlineData("objective: goodput >= 10mbit", "objective: a goodput objective fits pattern bulk-file")]
    [InlineData("pattern: bulk-file\nobjective: p99 <= 5ms", "objective: a bulk file is judged by its goodput")]
    [InlineData("rate: 100\nobjective: p99 <= 5ms at 200/s", "objective: 'at 200/s' contradicts rate 100/s")]
    [InlineData("pattern: bulk-file\nreliability: latest-value-wins", "reliability: latest-value-wins cannot hold a bulk file")]
    [InlineData("link: wan\nserver: 10.0.0.2", "server: give link (an emulated path) or server (a real one), not both")]
    [InlineData("pattern: {a: b}", "pattern: expected a value or a list of values, not a mapping")]
    [InlineData("- just\n- a list", "profile: expected a mapping")]
    public void A_bad_profile_is_one_error_naming_the_key(string yaml, string expected)
    {
        var e = Assert.Throws<ProfileException>(() => ProfileReader.Parse(yaml));
        Assert.StartsWith(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void A_bad_json_profile_names_the_key_too()
    {
        Assert.StartsWith("colour: unknown key", Assert.Throws<ProfileException>(() => ProfileReader.Parse("""{"colour": 1}""", json: true)).Message);
        Assert.StartsWith("rate: expected a value", Assert.Throws<ProfileException>(() => ProfileReader.Parse("""{"rate": {"a": 1}}""", json: true)).Message);
        Assert.StartsWith("profile: not JSON", Assert.Throws<ProfileException>(() => ProfileReader.Parse("{", json: true)).Message);
    }

    [Fact]
    public void An_objective_below_the_paths_own_delay_is_impossible()
    {
        var rr = ProfileReader.Parse("objective: p99 <= 30ms");
        var e = Assert.Throws<ProfileException>(() => ProfileReader.CheckAgainstPath(rr, "link wan", 40, 20));
        Assert.Equal("objective: 'p99 <= 30 ms' cannot be met over link wan: its round trip alone is 40 ms", e.Message);
        ProfileReader.CheckAgainstPath(ProfileReader.Parse("pattern: server-push\nobjective: p99 <= 30ms"), "link wan", 40, 20); // one way: 20 ms fits
    }
}
