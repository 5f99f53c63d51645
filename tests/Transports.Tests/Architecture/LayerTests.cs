using Assembly = System.Reflection.Assembly;
using ArchUnitNET.Domain;
using ArchUnitNET.Fluent;
using ArchUnitNET.Loader;
using ArchUnitNET.xUnit;
using Xunit;
using static ArchUnitNET.Fluent.ArchRuleDefinition;

namespace Transports.Tests.Architecture;

/// <summary>
/// The layers of docs/ARCHITECTURE.md, checked on the compiled code (TngTech.ArchUnitNET): the results schema at the
/// bottom, measurement primitives on it, scenarios over the transport abstraction only, views over results only, the
/// harness composing them. A scenario that names a transport, or a view that reaches into a scenario, fails here.
/// </summary>
public sealed class LayerTests
{
    private static readonly Assembly Results = typeof(Transports.Results.ResultsDocument).Assembly;
    private static readonly Assembly Measure = typeof(Transports.Measure.CostMeter).Assembly;
    private static readonly Assembly Abstractions = typeof(Transports.Abstractions.ITransport).Assembly;
    private static readonly Assembly Scenarios = typeof(Transports.Scenarios.Core.IScenario).Assembly;
    private static readonly Assembly Views = typeof(Transports.Views.Tables.ConsoleView).Assembly;
    private static readonly Assembly Harness = typeof(Transports.Harness.Program).Assembly;
    private static readonly Assembly Paths = typeof(Transports.Paths.Namespaces.NamespacePair).Assembly;
    private static readonly Assembly Remote = typeof(Transports.Remote.Agent.ControlAgent).Assembly;
    private static readonly Assembly Advice = typeof(Transports.Advice.Ranking.Advisor).Assembly;

    /// <summary>Every transport implementation (and the Kestrel tuning two of them share).</summary>
    private static readonly Assembly[] TransportImplementations =
    [
        typeof(Transports.Tcp.TcpTransport).Assembly,
        typeof(Transports.Udp.UdpTransport).Assembly,
        typeof(Transports.WebSockets.WebSocketTransport).Assembly,
        typeof(Transports.Grpc.GrpcTransport).Assembly,
        typeof(Transports.Quic.QuicTransportFactory).Assembly,
        typeof(Transports.Kestrel.KestrelServerTuning).Assembly,
    ];

    private static readonly ArchUnitNET.Domain.Architecture Code = new ArchLoader()
        .LoadAssemblies([Results, Measure, Abstractions, Scenarios, Views, Harness, Paths, Remote, Advice, .. TransportImplementations])
        .Build();

    private static IObjectProvider<IType> In(string name, params Assembly[] assemblies)
        => Types().That().ResideInAssembly(assemblies[0], assemblies[1..]).As(name);

    [Fact]
    public void Scenarios_never_reference_a_transport_implementation()
        => Types().That().Are(In("scenarios", Scenarios)).Should().NotDependOnAny(In("transport implementations", TransportImplementations)).Check(Code);

    [Fact]
    public void Views_never_reference_scenarios_transports_or_the_harness()
        => Types().That().Are(In("views", Views)).Should()
            .NotDependOnAny(In("scenarios, transports and the harness", [Scenarios, Abstractions, Harness, .. TransportImplementations])).Check(Code);

    [Fact]
    public void The_results_schema_depends_on_nothing_of_the_project()
        => Types().That().Are(In("results schema", Results)).Should()
            .NotDependOnAny(In("every other layer", [Measure, Abstractions, Scenarios, Views, Harness, .. TransportImplementations])).Check(Code);

    [Fact]
    public void Measurement_primitives_know_only_the_schema()
        => Types().That().Are(In("measurement primitives", Measure)).Should()
            .NotDependOnAny(In("transports, scenarios, views and the harness", [Abstractions, Scenarios, Views, Harness, .. TransportImplementations])).Check(Code);

    [Fact]
    public void Transports_never_reference_scenarios_results_views_or_the_harness()
        => Types().That().Are(In("transports", [Abstractions, .. TransportImplementations])).Should()
            .NotDependOnAny(In("scenarios, results, views and the harness", Scenarios, Results, Views, Harness)).Check(Code);

    [Fact]
    public void Network_paths_know_only_the_primitives_and_the_schema()
        => Types().That().Are(In("network paths", Paths)).Should()
            .NotDependOnAny(In("transports, scenarios, views and the harness", [Abstractions, Scenarios, Views, Harness, .. TransportImplementations])).Check(Code);

    [Fact]
    public void The_agent_hosts_runs_through_scenarios_and_the_abstraction_only()
        => Types().That().Are(In("agent", Remote)).Should()
            .NotDependOnAny(In("transport implementations, views and the harness", [Views, Harness, .. TransportImplementations])).Check(Code);

    [Fact]
    public void The_advisor_is_a_function_of_profiles_and_results_only()
        => Types().That().Are(In("advisor", Advice)).Should()
            .NotDependOnAny(In("primitives, paths, transports, scenarios, views, the agent and the harness", [Measure, Paths, Abstractions, Scenarios, Views, Remote, Harness, .. TransportImplementations])).Check(Code);

    [Fact]
    public void The_project_references_follow_the_same_layers()
    {
        // The compiled references, beside the type-level rules: a reference nothing uses yet is still a wrong arrow.
        static string[] Refs(Assembly a) => a.GetReferencedAssemblies().Select(n => n.Name!).Where(n => n.StartsWith("Transports.", StringComparison.Ordinal)).Order().ToArray();
        Assert.Empty(Refs(Results));
        Assert.Equal(["Transports.Results"], Refs(Measure));
        Assert.Equal(["Transports.Measure"], Refs(Paths));
        Assert.Equal(["Transports.Results"], Refs(Advice));
        Assert.DoesNotContain(Refs(Remote), r => r is "Transports.Views" or "Transports.Harness" || TransportImplementations.Any(t => t.GetName().Name == r));
        Assert.DoesNotContain(Refs(Views), r => r is "Transports.Scenarios" or "Transports.Abstractions" || TransportImplementations.Any(t => t.GetName().Name == r));
        Assert.DoesNotContain(Refs(Scenarios), r => TransportImplementations.Any(t => t.GetName().Name == r));
    }

    [Fact]
    public void The_checks_see_real_dependencies()
    {
        // The harness composes scenarios and transports, and scenarios drive the abstraction: the same rules over those
        // arrows must report violations, or the rules above could pass on an empty import.
        Assert.False(Types().That().Are(In("harness", Harness)).Should().NotDependOnAny(In("scenarios", Scenarios)).HasNoViolations(Code));
        Assert.False(Types().That().Are(In("scenarios", Scenarios)).Should().NotDependOnAny(In("abstractions", Abstractions)).HasNoViolations(Code));
        Assert.False(Types().That().Are(In("views", Views)).Should().NotDependOnAny(In("results", Results)).HasNoViolations(Code));
    }
}
