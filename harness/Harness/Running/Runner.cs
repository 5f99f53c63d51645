using System.Reflection;
using System.Globalization;
using Transports.Harness.Anchors;
using Transports.Harness.Output;
using Transports.Views.Tables;
using Transports.Measure;
using Transports.Results;
using Transports.Abstractions;
using Transports.Scenarios.Core;
using Transports.Scenarios.Messages;

namespace Transports.Harness.Running;

/// <summary>
/// Runs a scenario over every requested transport, one after another, and keeps the results document on disk
/// up to date after each transport, so an interruption or a crash loses at most the transport in flight.
/// </summary>
public sealed class Runner(RunRequest request, IRunObserver observer)
{
    /// <summary>Exit code of a run in which no transport was measured: every one was skipped or not applicable.</summary>
    public const int NothingMeasured = 3;

    /// <summary>Prepares the scenario, runs every transport and variant, writes the run folder.</summary>
    /// <param name="cancellationToken">Ctrl-C: stops the transport in flight, marks the run incomplete.</param>
    /// <exception cref="Transports.Abstractions.OptionException">A scenario option is invalid.</exception>
    /// <exception cref="ScenarioSetupException">The scenario could not prepare (e.g. unreadable -file).</exception>
    /// <exception cref="IOException">The results folder cannot be written.</exception>
    public async Task<RunOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        var plan = await request.Scenario.PrepareAsync(request.Options, cancellationToken).ConfigureAwait(false);
        // Two-host mode: the agent session first, so an unreachable, busy or wrongly keyed agent leaves no run folder.
        await using var agent = request.Server is { } target ? await Remote.RemoteAgent.ConnectAsync(target, cancellationToken).ConfigureAwait(false) : null;
        var folder = RunFolder.Create(request.ResultsRoot, request.Scenario.Name, started);
        var document = new ResultsDocument
        {
            Run = new RunInfo
            {
                Id = folder.Id,
                Scenario = request.Scenario.Name,
                StartedUtc = started,
                Complete = false,
                IncompleteReason = "running",
                Arguments = request.Arguments,
                Parameters = plan.Parameters,
                HarnessVersion = typeof(Runner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "",
                Remote = agent?.Info,
                Link = request.LinkedAgent is { } linked ? await Links.LinkRecord.OfAsync(linked, cancellationToken).ConfigureAwait(false) : null,
            },
            Environment = EnvironmentCollector.Collect(agent?.Info.ClientInterface ?? "lo"),
        };
        folder.Write(document);
        if (agent is not null) observer.Message(RemoteView.Line(agent.Info));
        if (document.Run.Link is { } link) observer.Message(LinkView.Line(link));

        var results = new List<TransportResult>();
        var runner = new TransportRunner(request, plan, observer, agent);
        foreach (var factory in request.Transports)
        {
            foreach (var variant in plan.Variants)
            {
                if (cancellationToken.IsCancellationRequested) break;
                var before = request.LinkedAgent is { } path ? Links.LinkRecord.Snapshot(path) : default;
                var result = await runner.RunAsync(factory, variant, cancellationToken).ConfigureAwait(false);
                if (request.LinkedAgent is { } crossed) result = result with { Link = Links.LinkRecord.Traffic(before, Links.LinkRecord.Snapshot(crossed)) };
                results.Add(result);
                observer.TransportFinished(result);
                if (result.Link is { } traffic) observer.Message(LinkView.TrafficLine(result.Label, traffic));
                if (RefusalRecordingTransport.Line(result) is { } refused) observer.Message(refused); // strangers, never measured
                document = document with { Transports = results.ToArray(), Run = await WithLinkAsync(document.Run).ConfigureAwait(false) };
                folder.Write(document);
            }
        }

        var anchors = new List<AnchorResult>();
        if (request.Anchors.Anchors.Count > 0 && agent is not null)
            observer.Message($"anchors: skipped: they run on this machine only, not against the agent (-server)");
        else if (request.Anchors.Anchors.Count > 0 && !cancellationToken.IsCancellationRequested)
        {
            var context = AnchorContextFor(plan, results);
            var applicable = request.Anchors.Anchors.Where(a => a.WhyNotApplicable(context) is null).Select(a => a.Name).ToList();
            observer.Message(applicable.Count > 0
                ? $"anchors: {string.Join(", ", applicable)}, {context.DurationSeconds:0.#} s per tool run"
                : $"anchors: none applies ({string.Join("; ", request.Anchors.Anchors.Select(a => a.WhyNotApplicable(context)))})");
            await AnchorRunner.RunAsync(request.Anchors, context, anchor =>
            {
                anchors.Add(anchor);
                observer.Message(AnchorView.Line(anchor));
                document = document with { Anchors = anchors.ToArray() };
                folder.Write(document);
            }, cancellationToken).ConfigureAwait(false);
        }

        var failed = results.Where(r => r.Status == TransportStatus.Failed).Select(r => r.Label)
            .Concat(anchors.Where(a => a.Status == TransportStatus.Failed).Select(a => $"anchor {a.Label}")).ToList();
        string? reason = cancellationToken.IsCancellationRequested ? "interrupted (Ctrl-C or SIGTERM)"
            : failed.Count > 0 ? $"failed: {string.Join(", ", failed)}" : null;
        document = document with
        {
            Run = (await WithLinkAsync(document.Run).ConfigureAwait(false)) with { FinishedUtc = DateTimeOffset.UtcNow, Complete = reason is null, IncompleteReason = reason },
        };
        if (document.Run.Link is { } ran) observer.Message(LinkView.Health(ran));
        folder.Write(document);
        if (request.RenderCharts) observer.Message(await Charts.RenderAsync(folder, document, CancellationToken.None).ConfigureAwait(false));
        int exit = cancellationToken.IsCancellationRequested ? 130 : failed.Count > 0 ? 1 : results.Any(r => r.Status == TransportStatus.Ok) ? 0 : NothingMeasured;
        return new RunOutcome(document, folder.Path, exit);
    }

    /// <summary>The run with the emulated link's counts as they are now (the emulator counts over the whole run).</summary>
    private async Task<RunInfo> WithLinkAsync(RunInfo run)
        => request.LinkedAgent is { } linked ? run with { Link = await Links.LinkRecord.OfAsync(linked, CancellationToken.None).ConfigureAwait(false) } : run;

    /// <summary>What the anchors compare with: the scenario's parameters and variants, the transports that ran ok.</summary>
    private AnchorContext AnchorContextFor(ScenarioPlan plan, IReadOnlyList<TransportResult> results)
    {
        double duration = request.AnchorDurationSeconds
            ?? (plan.Settings is MessageSettings { DurationSeconds: > 0 } messages ? messages.DurationSeconds : 10);
        return new AnchorContext
        {
            Scenario = request.Scenario,
            Settings = plan.Settings,
            Variants = plan.Variants,
            MeasuredFeatures = results.Where(r => r.Status == TransportStatus.Ok).Select(r => TransportRunner.Features(r.Features)).Distinct().ToList(),
            Address = request.ListenEndPoint.Address,
            DurationSeconds = duration,
        };
    }
}
