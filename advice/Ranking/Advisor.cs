using Transports.Advice.Candidates;
using Transports.Advice.Plan;
using Transports.Advice.Profile;
using Transports.Results;
using Transports.Results.Metrics;

namespace Transports.Advice.Ranking;

/// <summary>
/// The ranking: a pure, deterministic function of a profile, the candidates and results documents (docs/ADVISOR.md
/// "Ranking"). Rules out by <see cref="RuleOuts"/>, reads each remaining candidate's numbers from the scenarios the
/// <see cref="MeasurementPlan"/> names, checks them against the objective (pass only when the median's whole 95%
/// interval is inside the bound), ranks by the worst verdict then the deciding metric's median, and says why.
/// </summary>
public static class Advisor
{
    /// <summary>Below this share of the offered rate (percent) a run did not carry the load (the views' own warning level).</summary>
    public const double CarriedPercent = MetricCatalog.CarriedLoadWarningPercent;

    /// <summary>Advises.</summary>
    /// <param name="profile">The API's profile.</param>
    /// <param name="candidates">The transports to consider; null or empty: every transport found in <paramref name="results"/>.</param>
    /// <param name="results">Results documents of the plan's scenarios (any order: they are read in run-id order, a later
    /// run's result of the same label replacing an earlier one).</param>
    /// <param name="plan">The plan table; <see cref="MeasurementPlan.Default"/> when null.</param>
    /// <param name="shape">The run shape planned, recorded in the plan for a step with no run; the command line of a step's run is
    /// recorded when it has one (so re-advising on the same results gives the same document).</param>
    public static AdviceDocument Advise(ApiProfile profile, IReadOnlyList<Candidate>? candidates, IReadOnlyList<ResultsDocument> results,
        MeasurementPlan? plan = null, RunShape? shape = null)
    {
        plan ??= MeasurementPlan.Default;
        var docs = results.OrderBy(d => d.Run.Id, StringComparer.Ordinal).ToList();
        var all = (candidates is { Count: > 0 } ? candidates : FromResults(docs)).DistinctBy(c => c.Name).ToList();
        var rules = plan.For(profile);
        var deciding = rules.Count > 0 ? Deciding(rules[0], profile) : null;
        var objective = profile.Objective;

        var ranked = new List<(Candidate C, List<ConstraintCheck> Checks, Verdict Worst, double? Value, ConstraintCheck? Decider)>();
        var ruledOut = new List<CandidateStanding>();
        foreach (var c in all)
        {
            var outs = RuleOuts.For(profile, c);
            if (outs.Count > 0)
            {
                ruledOut.Add(new CandidateStanding(c.Name, c.Wire.Protocol, null, Verdict.Fail, outs, []));
                continue;
            }
            var checks = rules.SelectMany(r => Checks(profile, c, r, docs)).ToList();
            var decider = deciding is null ? null : checks.FirstOrDefault(k => k.MetricId == deciding.MetricId && k.Median is not null);
            var worst = checks.Count == 0 ? Verdict.NotMeasured : checks.Max(k => k.Verdict);
            ranked.Add((c, checks, worst, decider?.Median, decider));
        }
        bool lower = deciding?.LowerIsBetter ?? true;
        ranked = ranked
            .OrderBy(r => Severity(r.Worst))
            .ThenBy(r => r.Value is null ? 1 : 0)
            .ThenBy(r => r.Value is double v ? (lower ? v : -v) : 0)
            .ThenBy(r => r.C.Name, StringComparer.Ordinal)
            .ToList();

        var standings = ranked.Select((r, i) => new CandidateStanding(r.C.Name, r.C.Wire.Protocol, i + 1, r.Worst, [], r.Checks))
            .Concat(ruledOut.OrderBy(s => s.Name, StringComparer.Ordinal)).ToList();
        string path = PathOf(docs, profile);
        var first = ranked.Count > 0 ? ranked[0] : default;
        bool recommend = ranked.Count > 0 && Severity(first.Worst) <= Severity(Verdict.Marginal) && first.Decider is not null;

        var reasons = new List<string>();
        reasons.AddRange(ruledOut.OrderBy(s => s.Name, StringComparer.Ordinal).SelectMany(s => s.RuledOut.Select(o => o.Reason)));
        string headline;
        if (all.Count == 0) headline = "Nothing to advise on: no candidate transports.";
        else if (ranked.Count == 0) headline = "No transport fits: every candidate is ruled out by a hard constraint (the reasons follow).";
        else if (ranked.All(r => r.Decider is null)) headline = $"Nothing measured yet: {ranked.Count} candidate(s) remain ({string.Join(", ", ranked.Select(r => r.C.Name))}) but no result of {string.Join(", ", rules.Select(r => r.Scenario).Distinct())} holds their numbers.";
        else if (recommend)
        {
            var d = first.Decider!;
            headline = objective is not null
                ? $"{first.C.Name}: it {(first.Worst == Verdict.Marginal ? "marginally meets" : "meets")} {objective.Text} over {path} ({deciding!.Name} {Value(d)})."
                : $"{first.C.Name}: the {(lower ? "lowest" : "highest")} {deciding!.Name} over {path} ({Value(d)}).";
            reasons.Add(WinnerSentence(first.C, d, deciding, objective, path, profile));
        }
        else
        {
            var closest = ranked.Where(r => r.Decider is not null).OrderBy(r => r.Value is double v ? (lower ? v : -v) : double.MaxValue).ThenBy(r => r.C.Name, StringComparer.Ordinal).First();
            headline = $"No candidate meets {objective?.Text ?? "the constraints"} over {path}: the closest, {closest.C.Name}, reaches {deciding!.Name} {Value(closest.Decider!)}.";
        }
        if (deciding is not null)
        {
            var measured = ranked.Where(r => r.Decider is not null).ToList();
            var best = measured.FirstOrDefault();
            foreach (var r in measured.Skip(1))
                reasons.Add(Comparison(r.C, r.Decider!, best.C, best.Decider!, deciding));
            foreach (var r in ranked.Where(r => r.Decider is null || Severity(r.Worst) > Severity(Verdict.Marginal)))
                foreach (var k in r.Checks.Where(k => k.Verdict is Verdict.Fail or Verdict.NotMeasured && !(k.MetricId == deciding.MetricId && k.Median is not null)))
                    reasons.Add($"{r.C.Name}: {k.Detail ?? $"{k.Constraint}: {k.Verdict}"}");
            if (recommend && HeadOfLineSentence(measured.Select(m => (m.C, m.Decider!)).ToList(), deciding, docs) is { } hol) reasons.Add(hol);
            if (measured.Count >= 2 && (Overlap(measured[0].Decider!, measured[1].Decider!) || Close(measured[0].Decider!, measured[1].Decider!)))
                reasons.Add($"{measured[0].C.Name} and {measured[1].C.Name} are not told apart by these runs: their 95% intervals of {deciding.Name} overlap (or, with fewer than 3 repeats, their medians are within 10 %); {measured[0].C.Name} is listed first by its median.");
        }

        return new AdviceDocument
        {
            Profile = Describe(profile),
            Recommendation = recommend ? first.C.Name : null,
            Headline = headline,
            Deciding = deciding,
            Path = path,
            Candidates = standings,
            Reasons = reasons,
            Caveats = Caveats(profile, rules, ranked.Select(r => r.C).ToList(), docs),
            Plan = rules.Select(r => new PlanStep(r.Need, r.Scenario,
                docs.LastOrDefault(d => d.Run.Scenario == r.Scenario)?.Run.Arguments ?? (shape is null ? [] : r.Arguments(profile, shape)),
                r.MetricId(profile), r.Why)).ToList(),
            Runs = docs.Select(d => d.Run.Id).ToList(),
        };
    }

    /// <summary>The candidates found in results: each transport's recorded features and largest message, by name.</summary>
    /// <param name="docs">Results documents.</param>
    public static IReadOnlyList<Candidate> FromResults(IEnumerable<ResultsDocument> docs)
        => docs.SelectMany(d => d.Transports)
            .GroupBy(t => t.Transport, StringComparer.Ordinal)
            .Select(g => new Candidate(g.Key, g.First().Features, g.First().MaxMessageSizeBytes))
            .OrderBy(c => c.Name, StringComparer.Ordinal).ToList();

    private static int Severity(Verdict v) => v <= Verdict.Info ? 0 : (int)v;

    private static DecidingMetric Deciding(PlanRule rule, ApiProfile profile)
    {
        var id = rule.MetricId(profile);
        var m = MetricCatalog.Find(id);
        return new DecidingMetric(id, m?.Header ?? id, m?.Unit ?? "", m?.Better != BetterDirection.Higher, rule.Scenario);
    }

    private static IEnumerable<ConstraintCheck> Checks(ApiProfile profile, Candidate c, PlanRule rule, IReadOnlyList<ResultsDocument> docs)
    {
        var results = docs.Where(d => d.Run.Scenario == rule.Scenario)
            .SelectMany(d => d.Transports.Where(t => t.Transport == c.Name))
            .GroupBy(t => t.Label, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        if (results.Count == 0)
        {
            yield return new ConstraintCheck($"measured ({rule.Scenario})", rule.Scenario, null, null, Verdict.NotMeasured, null, null, null, 0, null, null, "",
                $"not measured: no {rule.Scenario} run of {c.Name} in the results");
            yield break;
        }
        foreach (var t in results.Where(t => t.Status is TransportStatus.Failed or TransportStatus.Incomplete))
            yield return new ConstraintCheck($"runs ({rule.Scenario})", rule.Scenario, null, t.Label, Verdict.Fail, null, null, null, 0, null, null, "",
                $"{t.Label} {(t.Status == TransportStatus.Failed ? "failed" : "was cut short")} in {rule.Scenario}: {t.Error ?? "no reason recorded"}");
        foreach (var t in results.Where(t => t.Status is TransportStatus.Skipped or TransportStatus.NotApplicable))
            yield return new ConstraintCheck($"runs ({rule.Scenario})", rule.Scenario, null, t.Label, Verdict.NotMeasured, null, null, null, 0, null, null, "",
                $"{t.Label} was not run in {rule.Scenario}: {t.Error ?? "no reason recorded"}");
        var ok = results.Where(t => t.Status == TransportStatus.Ok && t.Summary is not null).ToList();
        if (ok.Count == 0) yield break;

        var id = rule.MetricId(profile);
        var metric = MetricCatalog.Find(id);
        bool lower = metric?.Better != BetterDirection.Higher;
        var o = profile.Objective;
        double? bound = o switch
        {
            { Kind: ObjectiveKind.Latency } when id.EndsWith("_ms", StringComparison.Ordinal) => o.Limit,
            { Kind: ObjectiveKind.Goodput } when id == MetricCatalog.Goodput.Id => o.Limit,
            _ => null,
        };
        string name = metric?.Header ?? id;
        string constraint = bound is double b ? (lower ? $"{name} <= {Fmt(b, metric?.Unit ?? "")}" : $"{name} >= {Fmt(b, metric?.Unit ?? "")}") : $"{name} (ranks)";
        yield return Worst(ok, id, lower, bound, constraint, rule.Scenario, metric?.Unit ?? "");

        if (!c.IsReliable && ok.Any(t => t.Summary!.Metrics.ContainsKey(MetricCatalog.Loss.Id)))
            yield return Worst(ok, MetricCatalog.Loss.Id, true, profile.MaxLossPercent, $"loss <= {profile.MaxLossPercent:0.###} %", rule.Scenario, "%");
        if (profile.EffectiveRatePerSecond is double rate && ok.Any(t => t.Summary!.Metrics.ContainsKey(MetricCatalog.OfferedLoadCarried.Id)))
            yield return Worst(ok, MetricCatalog.OfferedLoadCarried.Id, false, CarriedPercent, $"carries {rate:0.###}/s (>= {CarriedPercent:0} %)", rule.Scenario, "%");
    }

    private static ConstraintCheck Worst(List<TransportResult> ok, string id, bool lower, double? bound, string constraint, string scenario, string unit)
    {
        var spreads = ok.Select(t => (t.Label, Spread: t.Summary!.Metrics.GetValueOrDefault(id))).Where(x => x.Spread is not null).ToList();
        if (spreads.Count == 0)
            return new ConstraintCheck(constraint, scenario, id, null, Verdict.NotMeasured, null, null, null, 0, bound, null, unit, $"no {id} was recorded in {scenario}");
        var (label, found) = lower
            ? spreads.OrderByDescending(x => x.Spread!.Median).ThenBy(x => x.Label, StringComparer.Ordinal).First()
            : spreads.OrderBy(x => x.Spread!.Median).ThenBy(x => x.Label, StringComparer.Ordinal).First();
        var s = found!;
        Verdict verdict;
        double? margin = null;
        string? detail = null;
        if (bound is not double b) verdict = Verdict.Info;
        else
        {
            bool medianIn = lower ? s.Median <= b : s!.Median >= b;
            bool intervalIn = lower ? s.Ci95High <= b : s.Ci95Low >= b;
            verdict = intervalIn ? Verdict.Pass : medianIn ? Verdict.Marginal : Verdict.Fail;
            margin = b == 0 ? null : Math.Round(100 * (lower ? b - s.Median : s.Median - b) / b, 1);
            if (verdict == Verdict.Fail) detail = $"{constraint} missed: {label} reaches {Fmt(s.Median, unit)}";
            else if (verdict == Verdict.Marginal) detail = $"{constraint} met by the median ({Fmt(s.Median, unit)}) but not by its whole 95% interval ({Fmt(s.Ci95Low, unit)} to {Fmt(s.Ci95High, unit)})";
        }
        return new ConstraintCheck(constraint, scenario, id, label, verdict, s.Median, s.Ci95Low, s.Ci95High, s.Count, bound, margin, unit, detail);
    }

    private static string WinnerSentence(Candidate w, ConstraintCheck d, DecidingMetric deciding, Objective? o, string path, ApiProfile p)
    {
        string rate = p.EffectiveRatePerSecond is double r ? $" at {r:0.###}/s" : "";
        string interval = $"95% interval {Fmt(d.Ci95Low!.Value, d.Unit)} to {Fmt(d.Ci95High!.Value, d.Unit)} over {d.Repeats} repeat(s)";
        return o is null
            ? $"{w.Name} ranks first: {deciding.Name} {Fmt(d.Median!.Value, d.Unit)}{rate} over {path} ({interval}, {d.Label})."
            : $"{w.Name} ranks first: {deciding.Name} {Fmt(d.Median!.Value, d.Unit)}{rate} over {path} against the bound {Fmt(o.Limit, d.Unit)}, a margin of {d.MarginPercent:0.#} % ({interval}, {d.Label}).";
    }

    private static string Comparison(Candidate other, ConstraintCheck od, Candidate best, ConstraintCheck bd, DecidingMetric deciding)
    {
        double a = od.Median!.Value, b = bd.Median!.Value;
        string ratio = b > 0 ? $" ({a / b:0.##}x {best.Name}'s)" : "";
        string verdict = od.Verdict switch { Verdict.Pass => "meets the bound", Verdict.Marginal => "meets the bound marginally", Verdict.Fail => "misses the bound", _ => "" };
        return $"{other.Name}: {deciding.Name} {Fmt(a, od.Unit)}{ratio}{(verdict.Length > 0 ? ", " + verdict : "")}.";
    }

    /// <summary>The head-of-line sentence: on a lossy path, a winner without a single ordered stream against the best single ordered stream.</summary>
    private static string? HeadOfLineSentence(List<(Candidate C, ConstraintCheck D)> measured, DecidingMetric deciding, IReadOnlyList<ResultsDocument> docs)
    {
        if (!deciding.LowerIsBetter || measured.Count < 2) return null;
        var (w, wd) = measured[0];
        if (w.IsSingleOrderedStream) return null;
        var stream = measured.Skip(1).FirstOrDefault(m => m.C.IsSingleOrderedStream);
        if (stream.C is null || stream.D.Median <= wd.Median) return null;
        var link = docs.Where(d => d.Run.Scenario == deciding.Scenario).Select(d => d.Run.Link).FirstOrDefault(l => l is not null);
        double loss = link is null ? 0 : 100 * Math.Max(link.Up.MeanLossProbability, link.Down.MeanLossProbability);
        if (loss <= 0) return null;
        string how = w.HasDatagrams
            ? "datagrams are never held back for an earlier loss (RFC 9221 §5; RFC 768)"
            : "QUIC delivers each stream independently, so a loss delays only its own stream (RFC 9000 §2.2)";
        return $"{w.Name} keeps {deciding.Name} at {Fmt(wd.Median!.Value, wd.Unit)} under {loss:0.##} % loss where {stream.C.Name} reaches {Fmt(stream.D.Median!.Value, stream.D.Unit)}: on one ordered byte stream a lost packet stalls every message behind it until it is retransmitted (RFC 9293 §3.10.7.4), while {how}.";
    }

    /// <summary>Fewer than 3 repeats and medians within 10 % of each other: one run's noise on this shared machine is larger
    /// than that (docs/METHODOLOGY.md), so the order is not a finding.</summary>
    private static bool Close(ConstraintCheck a, ConstraintCheck b)
        => Math.Min(a.Repeats, b.Repeats) < 3 && a.Median is double x && b.Median is double y && Math.Max(x, y) > 0 && Math.Abs(x - y) / Math.Max(x, y) < 0.10;

    private static bool Overlap(ConstraintCheck a, ConstraintCheck b)
        => a.Ci95Low is double al && a.Ci95High is double ah && b.Ci95Low is double bl && b.Ci95High is double bh && al <= bh && bl <= ah;

    private static IReadOnlyList<string> Caveats(ApiProfile p, IReadOnlyList<PlanRule> rules, IReadOnlyList<Candidate> kept, IReadOnlyList<ResultsDocument> docs)
    {
        var caveats = new List<string>();
        foreach (var rule in rules)
        {
            if (rule.Caveat(p) is { } c) caveats.Add(c + ".");
            if (!docs.Any(d => d.Run.Scenario == rule.Scenario)) caveats.Add($"{rule.Need} was not measured: no {rule.Scenario} run in the results (over budget, or not given with -results).");
        }
        var used = docs.Where(d => rules.Any(r => r.Scenario == d.Run.Scenario)).ToList();
        if (used.Count > 0 && used.All(d => d.Run.Link is null && d.Run.Remote is null))
            caveats.Add("Measured on loopback: no delay, no loss, no bandwidth limit; the numbers are the stacks' and this machine's cost, not a network's (give link: PRESET|SPEC or server: HOST).");
        foreach (var d in used.Where(d => d.Run.Link is { EmulatorKeptUp: false }))
            caveats.Add($"In run {d.Run.Id} the emulator did not keep up (emulatorKeptUp false, largest lateness {Math.Max(d.Run.Link!.Up.MaxLatenessMs, d.Run.Link.Down.MaxLatenessMs):0.##} ms): its delays add to the transports' and its packet rate caps their goodput (docs/LINKS.md \"Limits\").");
        foreach (var d in used.Where(d => !d.Run.Complete))
            caveats.Add($"Run {d.Run.Id} is incomplete ({d.Run.IncompleteReason ?? "no reason recorded"}): some numbers are partial.");
        var results = used.SelectMany(d => d.Transports).Where(t => kept.Any(k => k.Name == t.Transport) && t.Summary is not null).ToList();
        if (results.Any(t => t.Summary!.Repeats < 6))
            caveats.Add($"With fewer than 6 repeats ({string.Join(", ", results.Select(t => t.Summary!.Repeats).Distinct().Order())} here) the 95% interval of a median is the whole range of the repeats (schema/Statistics/SpreadCalculator): a pass needs every repeat inside the bound.");
        foreach (var t in results.Where(t => t.Summary!.Metrics.TryGetValue("stopped_behind_schedule_flag", out var s) && s.Max > 0).OrderBy(t => t.Label, StringComparer.Ordinal))
            caveats.Add($"{t.Label}: the sender fell behind its schedule: the machine ({used.First().Environment.LogicalCores} logical cores, shared) rather than the transport may have been the limit.");
        if (p.Clients == ClientKind.Browser)
            caveats.Add("Browser clients: ws and wss were measured from .NET clients, not from a browser's WebSocket implementation.");
        if (p.Pattern == TrafficPattern.ServerPush && rules.Any(r => r.Scenario is "datagrams" or "hol"))
            caveats.Add("Server push was measured client to server (the one-way scenarios send that way): the same only on a symmetric path.");
        caveats.Add("Not ranked: CPU and memory per message (in the runs' summary tables), and behaviour through middleboxes other than the modelled path.");
        return caveats;
    }

    private static string PathOf(IReadOnlyList<ResultsDocument> docs, ApiProfile p)
    {
        var d = docs.FirstOrDefault();
        if (d?.Run.Link is { } link) return $"link {link.Spec}";
        if (d?.Run.Remote is { } remote) return $"server {remote.Agent}";
        if (d is not null) return "loopback";
        return p.Link is not null ? $"link {p.Link}" : p.Server is not null ? $"server {p.Server}" : "loopback";
    }

    private static IReadOnlyList<string> Describe(ApiProfile p)
    {
        static string K(string s) => ProfileText.Kebab(s);
        bool bulk = p.Pattern == TrafficPattern.BulkFile;
        var lines = new List<string> { $"pattern: {K(p.Pattern.ToString())}" };
        if (!bulk)
            lines.AddRange([
                $"message-sizes: {string.Join(", ", p.MessageSizesBytes)} B",
                $"rate: {(p.EffectiveRatePerSecond is double r ? $"{r:0.###}/s" : "as fast as it goes")}",
                $"concurrency: {p.Concurrency}"]);
        lines.AddRange(new[]
        {
            $"objective: {p.Objective?.Text ?? "none (rank by the pattern's headline number)"}",
            $"reliability: {K(p.Reliability.ToString())}",
            $"clients: {K(p.Clients.ToString())}",
            $"trusted-path: {(p.TrustedPath ? "true" : "false")}",
            $"udp-blocked: {(p.UdpBlocked ? "true" : "false")}",
            $"connections: {K(p.Connections.ToString())}",
        });
        if (p.Pattern == TrafficPattern.BulkFile) lines.Add($"file-size: {p.FileSizeBytes} B");
        if (p.Reliability == Reliability.LatestValueWins) lines.Add($"max-loss-percent: {p.MaxLossPercent:0.###}");
        return lines;
    }

    /// <summary>A value with its unit as people read it: ms with three significant digits, bit/s as Mbit/s, percent.</summary>
    /// <param name="value">In <paramref name="unit"/>.</param>
    /// <param name="unit">The stored unit.</param>
    public static string Fmt(double value, string unit) => unit switch
    {
        "ms" => $"{Sig(value)} ms",
        "bit/s" => $"{Sig(value / 1e6)} Mbit/s",
        "%" => $"{Sig(value)} %",
        "1/s" => $"{Sig(value)}/s",
        _ => $"{Sig(value)} {unit}".TrimEnd(),
    };

    private static string Value(ConstraintCheck c) => $"{Fmt(c.Median!.Value, c.Unit)}, 95% interval {Fmt(c.Ci95Low!.Value, c.Unit)} to {Fmt(c.Ci95High!.Value, c.Unit)}";

    private static string Sig(double v)
    {
        double a = Math.Abs(v);
        string format = a >= 100 ? "0" : a >= 10 ? "0.0" : a >= 1 ? "0.00" : "0.###";
        return v.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
    }
}
