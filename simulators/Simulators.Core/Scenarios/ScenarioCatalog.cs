using System.Collections.Frozen;

namespace Simulators.Core.Scenarios;

/// <summary>A named outcome a tester can force, and what it does.</summary>
/// <param name="Name">Upper-case name used by the header, the control API and the image marker.</param>
/// <param name="Description">What a client sees when the scenario is in force.</param>
/// <param name="AppliesTo">The job kinds it applies to (e.g. <c>KTP_SELFIE</c>); empty means every kind.</param>
public sealed record Scenario(string Name, string Description, IReadOnlyList<string> AppliesTo)
{
    public bool Fits(string kind) => AppliesTo.Count == 0 || AppliesTo.Contains(kind, StringComparer.Ordinal);
}

/// <summary>How a job's scenario was chosen; the first source that yields one wins, in this order.</summary>
public enum ScenarioSource
{
    Header,
    Queued,
    MagicValue,
    Fixture,
    Default,
}

public sealed record ResolvedScenario(Scenario Scenario, ScenarioSource Source);

/// <summary>Every scenario of one provider, in the order the README lists them.</summary>
public sealed class ScenarioCatalog
{
    public const string Header = "X-Simulator-Scenario";

    private readonly FrozenDictionary<string, Scenario> _byName;
    private readonly Dictionary<string, string> _fixturesBySha256 = new(StringComparer.OrdinalIgnoreCase);

    public ScenarioCatalog(IEnumerable<Scenario> scenarios)
    {
        All = [.. scenarios];
        _byName = All.ToFrozenDictionary(s => s.Name, StringComparer.OrdinalIgnoreCase);
    }

    public IReadOnlyList<Scenario> All { get; }

    public Scenario this[string name] => _byName[name];

    /// <summary>The scenario of that name (any case); the name exactly, with nothing around it.</summary>
    public bool TryGet(string name, out Scenario scenario) => _byName.TryGetValue(name, out scenario!);

    /// <summary>Recognises a fixture file by the SHA-256 of its bytes.</summary>
    public void RegisterFixture(string sha256Hex, string scenario)
    {
        if (!_byName.ContainsKey(scenario))
        {
            throw new ArgumentException($"Unknown scenario {scenario}", nameof(scenario));
        }
        _fixturesBySha256[sha256Hex] = scenario;
    }

    public Scenario? FixtureFor(string sha256Hex) =>
        _fixturesBySha256.TryGetValue(sha256Hex, out var name) ? _byName[name] : null;
}
