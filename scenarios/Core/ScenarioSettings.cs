namespace Transports.Scenarios.Core;

/// <summary>
/// A scenario's options, parsed once into a typed record (units in property names) and completed by
/// <see cref="IScenario.PrepareAsync"/>. Its public properties are recorded in results.json as typed JSON
/// (<see cref="ParameterJson"/>: snake_case names, enums as lowercase strings).
/// </summary>
public abstract record ScenarioSettings;
