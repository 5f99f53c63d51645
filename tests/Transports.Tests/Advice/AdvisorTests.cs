using Transports.Advice.Output;
using Transports.Advice.Plan;
using Transports.Advice.Profile;
using Transports.Advice.Ranking;
using Transports.Results;
using Xunit;
using static Transports.Tests.Advice.AdviceFixtures;

namespace Transports.Tests.Advice;

/// <summary>The ranking's known answers on synthetic results, its verdicts against intervals, and its determinism.</summary>
public sealed class AdvisorTests
{
    private static readonly ResultsDocument CleanLanBulk = Doc("bigfile", "20261203-100000-bigfile", null,
        Ok(TcpTls, ("goodput_bits_per_s", S(9.1e9, 0.2e9))),
        Ok(Wss, ("goodput_bits_per_s", S(4.0e9, 0.3e9))),
        Ok(GrpcT, ("goodput_bits_per_s", S(2.2e9, 0.2e9))),
        Ok(QuicT, ("goodput_bits_per_s", S(1.9e9, 0.1e9))));

    [Fact]
    public void A_bulk_file_on_a_clean_lan_picks_a_byte_stream()
    {
        var advice = Advisor.Advise(ProfileReader.Parse("pattern: bulk-file\nfile_size: 64M"), All, [CleanLanBulk]);
        Assert.Equal("tcp-tls", advice.Recommendation);
        Assert.Equal("goodput_bits_per_s", advice.Deciding!.MetricId);
        Assert.False(advice.Deciding.LowerIsBetter);
        Assert.Equal(["tcp-tls", "wss", "grpc", "quic"], advice.Candidates.Where(c => c.Rank is not null).Select(c => c.Name));
        // datagrams cannot carry a file, plaintext is not compared on an untrusted path
        Assert.All(advice.Candidates.Where(c => c.Name is "udp" or "quic-dgram"), c => Assert.Contains(c.RuledOut, r => r.Rule == "every-message"));
        Assert.Contains(advice.Candidates.Single(c => c.Name == "tcp").RuledOut, r => r.Rule == "encryption");
        Assert.StartsWith("tcp-tls: the highest goodput over loopback (9100 Mbit/s", advice.Headline);
        Assert.Contains(advice.Reasons, r => r.StartsWith("wss: goodput 4000 Mbit/s (0.44x tcp-tls's)", StringComparison.Ordinal));
        Assert.Contains(advice.Caveats, c => c.StartsWith("Measured on loopback", StringComparison.Ordinal));
    }

    private static ResultsDocument LossyHol(bool keptUp = true) => Doc("hol", "20261203-110000-hol", Lossy(keptUp),
        Ok(TcpTls, ("owd_p99_ms", S(310, 20)), ("flow_owd_p99_worst_ms", S(330, 20))),
        Ok(Wss, ("owd_p99_ms", S(335, 25))),
        Ok(GrpcT, ("owd_p99_ms", S(350, 30))),
        Ok(QuicT, ("owd_p99_ms", S(48, 3))),
        Ok(QuicDgram, ("owd_p99_ms", S(24, 2)), ("loss_percent", S(1.0, 0.2))));

    [Fact]
    public void Small_independent_messages_under_loss_prefer_quic_streams_over_one_ordered_stream()
    {
        var profile = ProfileReader.Parse("pattern: server-push\nmessage_sizes: 256\nconcurrency: 8\nrate: 800\nobjective: p99 <= 100ms");
        Assert.Equal("hol", Assert.Single(MeasurementPlan.Default.For(profile)).Scenario);
        var advice = Advisor.Advise(profile, All, [LossyHol()]);
        Assert.Equal("quic", advice.Recommendation); // every message: quic-dgram is ruled out
        Assert.Contains(advice.Candidates.Single(c => c.Name == "quic-dgram").RuledOut, r => r.Rule == "every-message");
        Assert.Equal(Verdict.Fail, advice.Candidates.Single(c => c.Name == "tcp-tls").Verdict);
        Assert.Contains(advice.Reasons, r => r.StartsWith("quic keeps delay p99 at 48.0 ms under 1 % loss where tcp-tls reaches 310 ms: on one ordered byte stream a lost packet stalls every message behind it", StringComparison.Ordinal)
            && r.Contains("RFC 9000 §2.2"));
        var check = advice.Candidates.Single(c => c.Name == "quic").Checks.Single(k => k.MetricId == "owd_p99_ms");
        Assert.Equal((Verdict.Pass, 48.0, 45.0, 51.0, 100.0, 52.0), (check.Verdict, check.Median!.Value, check.Ci95Low!.Value, check.Ci95High!.Value, check.Bound!.Value, check.MarginPercent!.Value));
    }

    [Fact]
    public void Latest_value_wins_under_loss_prefers_datagrams_and_checks_their_loss()
    {
        var profile = ProfileReader.Parse("pattern: server-push\nmessage_sizes: 256\nconcurrency: 8\nrate: 800\nreliability: latest-value-wins\nobjective: p99 <= 100ms");
        var advice = Advisor.Advise(profile, All, [LossyHol()]);
        Assert.Equal("quic-dgram", advice.Recommendation);
        var loss = advice.Candidates.Single(c => c.Name == "quic-dgram").Checks.Single(k => k.MetricId == "loss_percent");
        Assert.Equal((Verdict.Pass, 5.0), (loss.Verdict, loss.Bound!.Value));
        Assert.Contains(advice.Reasons, r => r.StartsWith("quic-dgram keeps delay p99 at 24.0 ms under 1 % loss where tcp-tls reaches 310 ms", StringComparison.Ordinal) && r.Contains("RFC 9221"));
        // a stricter loss bound turns it into a fail and quic wins
        var strict = Advisor.Advise(profile with { MaxLossPercent = 0.5 }, All, [LossyHol()]);
        Assert.Equal("quic", strict.Recommendation);
    }

    [Fact]
    public void A_latency_objective_no_candidate_meets_says_so_and_names_the_closest()
    {
        var profile = ProfileReader.Parse("pattern: server-push\nconcurrency: 8\nobjective: p99 <= 10ms");
        var advice = Advisor.Advise(profile, All, [LossyHol()]);
        Assert.Null(advice.Recommendation);
        Assert.StartsWith("No candidate meets p99 <= 10 ms over link delay=10ms,loss=1%: the closest, quic, reaches delay p99 48.0 ms", advice.Headline);
        Assert.All(advice.Candidates, c => Assert.Equal(Verdict.Fail, c.Verdict));
        Assert.Contains("tcp-tls: delay p99 310 ms (6.46x quic's), misses the bound.", advice.Reasons);
        Assert.Contains(advice.Candidates.Single(c => c.Name == "tcp-tls").Checks, k => k.Detail == "delay p99 <= 10.0 ms missed: tcp-tls reaches 310 ms");
    }

    [Fact]
    public void A_median_inside_the_bound_with_an_interval_across_it_is_marginal()
    {
        var doc = Doc("rpc", "r1", null, Ok(TcpTls, ("rpc_p99_ms", S(45, 10))), Ok(QuicT, ("rpc_p99_ms", S(60, 5))));
        var advice = Advisor.Advise(ProfileReader.Parse("objective: p99 <= 50ms"), All, [doc]);
        Assert.Equal("tcp-tls", advice.Recommendation);
        Assert.Equal(Verdict.Marginal, advice.Candidates[0].Verdict);
        Assert.StartsWith("tcp-tls: it marginally meets p99 <= 50 ms", advice.Headline);
        Assert.Equal(10.0, advice.Candidates[0].Checks[0].MarginPercent);
        Assert.Equal(-20.0, advice.Candidates.Single(c => c.Name == "quic").Checks[0].MarginPercent);
    }

    [Fact]
    public void A_failed_or_unmeasured_candidate_ranks_after_the_measured_ones_with_its_error()
    {
        var doc = Doc("rpc", "r1", null, Failed(TcpTls, "connection reset"), Ok(QuicT, ("rpc_p99_ms", S(0.2, 0.01))), Ok(Wss, ("rpc_p99_ms", S(0.3, 0.01))));
        var advice = Advisor.Advise(ProfileReader.Parse("objective: p99 <= 5ms"), All, [doc]);
        Assert.Equal(["quic", "wss", "grpc", "tcp-tls"], advice.Candidates.Where(c => c.Rank is not null).Select(c => c.Name));
        Assert.Equal(Verdict.NotMeasured, advice.Candidates.Single(c => c.Name == "grpc").Verdict);
        Assert.Contains(advice.Reasons, r => r == "tcp-tls: tcp-tls failed in rpc: connection reset");
        Assert.Contains(advice.Reasons, r => r == "grpc: not measured: no rpc run of grpc in the results");
        Assert.DoesNotContain(advice.Reasons, r => r.Contains("not told apart", StringComparison.Ordinal)); // 0.19-0.21 ms against 0.29-0.31 ms
    }

    [Fact]
    public void Overlapping_intervals_are_called_a_tie()
    {
        var doc = Doc("rpc", "r1", null, Ok(QuicT, ("rpc_p99_ms", S(1.0, 0.2))), Ok(Wss, ("rpc_p99_ms", S(1.1, 0.2))));
        var advice = Advisor.Advise(new ApiProfile(), [QuicT, Wss], [doc]);
        Assert.Equal("quic", advice.Recommendation);
        Assert.Contains("quic and wss are not told apart by these runs: their 95% intervals of latency p99 overlap (or, with fewer than 3 repeats, their medians are within 10 %); quic is listed first by its median.", advice.Reasons);
    }

    [Fact]
    public void The_emulator_falling_behind_is_a_caveat()
    {
        var advice = Advisor.Advise(ProfileReader.Parse("pattern: server-push\nconcurrency: 8"), All, [LossyHol(keptUp: false)]);
        Assert.Contains(advice.Caveats, c => c.Contains("the emulator did not keep up (emulatorKeptUp false"));
    }

    [Fact]
    public void Everything_ruled_out_is_said_as_such()
    {
        var advice = Advisor.Advise(ProfileReader.Parse("clients: browser\nudp_blocked: true"), [UdpT, QuicT, QuicDgram, TcpT], []);
        Assert.Null(advice.Recommendation);
        Assert.StartsWith("No transport fits: every candidate is ruled out", advice.Headline);
    }

    [Fact]
    public void The_same_inputs_give_the_same_json_whatever_their_order()
    {
        var profile = ProfileReader.Parse("pattern: server-push\nconcurrency: 8\nobjective: p99 <= 100ms");
        var extra = Doc("hol", "20261203-090000-hol", Lossy(), Ok(QuicT, ("owd_p99_ms", S(70, 3))));
        var a = AdviceJson.Serialize(Advisor.Advise(profile, All, [LossyHol(), extra, CleanLanBulk]));
        var b = AdviceJson.Serialize(Advisor.Advise(profile, All.Reverse().ToList(), [CleanLanBulk, extra, LossyHol()]));
        Assert.Equal(a, b);
        Assert.Contains("\"recommendation\": \"quic\"", a);
        // the later run (by id) replaces the earlier one's result of the same label
        Assert.Contains("\"median\": 48", a);
        Assert.Equal(a, AdviceJson.Serialize(AdviceJson.Deserialize(a)));
    }
}
