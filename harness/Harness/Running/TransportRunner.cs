using Transports.Abstractions;
using Transports.Abstractions.Membership;
using Transports.Harness.Remote;
using Transports.Remote.Control;
using Transports.Results;
using Transports.Scenarios.Core;

namespace Transports.Harness.Running;

/// <summary>
/// Runs one scenario variant over one transport: availability and capability checks, warm-ups, measured repeats,
/// each bounded by a timeout and a stall detector. Every failure becomes a result with a one-line error; nothing
/// thrown here escapes, so one transport never takes the others down. With an <paramref name="agent"/> (two-host mode)
/// the server side of each transport is opened on it first, and this side's client transport is made with the run's
/// membership token and the pin of the agent's certificate.
/// </summary>
/// <param name="request">The run.</param>
/// <param name="plan">The prepared plan.</param>
/// <param name="observer">Display.</param>
/// <param name="agent">The agent of a two-host run; null = the server side runs in this process.</param>
public sealed class TransportRunner(RunRequest request, ScenarioPlan plan, IRunObserver observer, RemoteAgent? agent = null)
{
    private static readonly TimeSpan AbandonGrace = TimeSpan.FromSeconds(5);

    /// <summary>Runs <paramref name="factory"/> for <paramref name="variant"/>.</summary>
    /// <param name="factory">The transport.</param>
    /// <param name="variant">The scenario variant.</param>
    /// <param name="cancellationToken">Cancelled on Ctrl-C: the result is then <see cref="TransportStatus.Incomplete"/>.</param>
    public async Task<TransportResult> RunAsync(ITransportFactory factory, ScenarioVariant variant, CancellationToken cancellationToken)
    {
        string label = variant.Label.Length == 0 ? factory.Name : $"{factory.Name} {variant.Label}";
        var result = new TransportResult { Transport = factory.Name, Label = label, Parameters = ParameterJson.ToObject(variant) };
        var availability = factory.CheckAvailability();
        if (!availability.IsAvailable) return result with { Status = TransportStatus.Skipped, Error = availability.Reason };

        RemoteServerSide? server = null;
        var identity = RunIdentity.Own;
        if (agent is not null)
        {
            var membership = RunMembership.Create();
            try
            {
                server = await agent.OpenTransportAsync(factory.Name, TransportOptions(factory), membership.TokenHex, request.Scenario.Name,
                    plan.Parameters, request.Timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (RemoteRequestException e)
            {
                return result with { Status = e.Kind == "unavailable" ? TransportStatus.Skipped : TransportStatus.Failed, Error = e.Message };
            }
            catch (ControlProtocolException e)
            {
                return result with { Status = TransportStatus.Failed, Error = $"the session with the agent failed: {e.Message}" };
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return result with { Status = TransportStatus.Incomplete, Error = "interrupted" };
            }
            identity = new RunIdentity(membership, null, server.CertificatePin);
        }
        await using var serverScope = server;
        ITransport created;
        try
        {
            created = factory.Create(request.Options, identity);
        }
        catch (Exception e)
        {
            return result with { Status = TransportStatus.Failed, Error = $"could not be created: {e.Message}" };
        }
        await using var _ = created;
        var tls = new TlsRecordingTransport(created);
        var transport = new RefusalRecordingTransport(tls);
        result = await RunTransportAsync(transport, server, variant, label, result, cancellationToken).ConfigureAwait(false);
        result = result with { Tls = tls.Record() };
        var (refused, count) = transport.Refusals();
        if (server is not null)
        {
            var (remote, remoteCount) = server.Refusals();
            (refused, count) = ([.. refused, .. remote], count + remoteCount);
        }
        return result with { RefusedPeers = refused, RefusedPeerCount = count };
    }

    /// <summary>The raw values of <paramref name="factory"/>'s options as given (the agent's instance gets the same; nothing else, e.g. no token, leaves).</summary>
    private Dictionary<string, string> TransportOptions(ITransportFactory factory)
        => request.RawOptions.Where(kv => factory.Options.Any(o => string.Equals(o.Name, kv.Key, StringComparison.OrdinalIgnoreCase)))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);

    private async Task<TransportResult> RunTransportAsync(ITransport transport, RemoteServerSide? server, ScenarioVariant variant, string label, TransportResult result,
        CancellationToken cancellationToken)
    {
        result = result with
        {
            Features = FeatureNames(transport.Capabilities.Features),
            MaxMessageSizeBytes = transport.Capabilities.MaxMessageSizeBytes,
            Settings = transport.Settings,
        };
        var why = request.Scenario.WhyNotApplicable(transport.Capabilities, plan, variant);
        if (why is not null) return result with { Status = TransportStatus.NotApplicable, Error = why };

        var repeats = new List<Measurement>();
        int total = request.Warmups + request.Repeats;
        for (int i = 0; i < total; i++)
        {
            bool warmup = i < request.Warmups;
            string run = warmup ? $"warm-up {i + 1}/{request.Warmups}" : $"repeat {i - request.Warmups + 1}/{request.Repeats}";
            var (measurement, status, error) = await RunOnceAsync(transport, server, variant, label, run, warmup, cancellationToken).ConfigureAwait(false);
            if (status != TransportStatus.Ok)
            {
                var prefix = warmup ? "during warm-up: " : request.Repeats > 1 ? $"in {run}: " : "";
                return result with { Status = status, Error = prefix + error, Repeats = repeats, Summary = Summary.Of(repeats) };
            }
            if (!warmup) repeats.Add(measurement!);
        }
        return result with { Status = TransportStatus.Ok, Repeats = repeats, Summary = Summary.Of(repeats) };
    }

    private async Task<(Measurement? Measurement, TransportStatus Status, string? Error)> RunOnceAsync(
        ITransport transport, RemoteServerSide? server, ScenarioVariant variant, string label, string run, bool warmup, CancellationToken cancellationToken)
    {
        server?.TakeServerCost(); // a previous run's, never this one's
        var progress = new TransferProgress();
        var context = new ScenarioContext
        {
            Transport = transport,
            ListenEndPoint = request.ListenEndPoint,
            Plan = plan,
            Variant = variant,
            Progress = progress,
            IsWarmup = warmup,
            Server = server,
        };
        observer.RunStarted(label, run, progress);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(request.Timeout);
        using var stall = new StallDetector(progress, request.StallTimeout, limit);
        var task = Task.Run(() => request.Scenario.RunAsync(context, limit.Token), CancellationToken.None);
        try
        {
            // The scenario must honour cancellation; one that does not is abandoned after a grace period.
            var finished = await Task.WhenAny(task, Task.Delay(Timeout.InfiniteTimeSpan, limit.Token)).ConfigureAwait(false);
            if (finished != task) await Task.WhenAny(task, Task.Delay(AbandonGrace, CancellationToken.None)).ConfigureAwait(false);
            if (!task.IsCompleted)
            {
                _ = task.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted); // observe it later
                return (null, Stopped(cancellationToken), StopReason(cancellationToken, stall) + $" (and did not stop within {AbandonGrace.TotalSeconds:0} s)");
            }
            var measurement = await task.ConfigureAwait(false);
            return (server is null ? measurement : measurement with { ServerCost = server.TakeServerCost() }, TransportStatus.Ok, null);
        }
        catch (OperationCanceledException) when (limit.IsCancellationRequested)
        {
            return (null, Stopped(cancellationToken), StopReason(cancellationToken, stall));
        }
        catch (Exception e)
        {
            if (limit.IsCancellationRequested && e is TransportException) // cancellation surfaced as a transport error
                return (null, Stopped(cancellationToken), StopReason(cancellationToken, stall));
            return (null, TransportStatus.Failed, Describe(e));
        }
    }

    private static TransportStatus Stopped(CancellationToken user) => user.IsCancellationRequested ? TransportStatus.Incomplete : TransportStatus.Failed;

    private string StopReason(CancellationToken user, StallDetector stall)
        => user.IsCancellationRequested ? "interrupted"
            : stall.Stalled ? $"stalled: no progress for {request.StallTimeout.TotalSeconds:0} s (-stall-timeout)"
            : $"timed out after {request.Timeout.TotalSeconds:0} s (-timeout)";

    /// <summary>One line for the user: the message of the exception, with its kind where that helps.</summary>
    /// <param name="e">The failure.</param>
    public static string Describe(Exception e) => e switch
    {
        TransportException t => t.Message,
        IntegrityException i => i.Message,
        ControlProtocolException c => c.Message,
        ScenarioSetupException s => s.Message,
        IOException io => $"I/O error: {io.Message}",
        UnauthorizedAccessException ua => $"access denied: {ua.Message}",
        AggregateException { InnerExceptions.Count: 1 } a => Describe(a.InnerExceptions[0]),
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    /// <summary>The feature set named by <paramref name="names"/> (the inverse of <see cref="FeatureNames"/>; unknown names are ignored).</summary>
    /// <param name="names">Lowercase feature names as recorded in results.</param>
    public static TransportFeatures Features(IReadOnlyList<string> names)
        => Enum.GetValues<TransportFeatures>().Where(f => f != TransportFeatures.None && names.Contains(FeatureName(f))).Aggregate(TransportFeatures.None, (a, f) => a | f);

    private static string FeatureName(TransportFeatures f) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(f.ToString());

    /// <summary>Lowercase feature names, e.g. "reliable", "message_boundaries".</summary>
    /// <param name="features">The flags.</param>
    public static IReadOnlyList<string> FeatureNames(TransportFeatures features)
        => Enum.GetValues<TransportFeatures>()
            .Where(f => f != TransportFeatures.None && features.HasFlag(f))
            .Select(FeatureName)
            .ToList();
}
