using Simulators.Core.Personas;
using Simulators.Core.Scenarios;

namespace Simulators.Verifik.DocumentLiveness;

/// <summary>
/// The document-liveness verdicts a tester can force: genuine, exactly one check failing, or every enabled
/// check passing with one image-quality warning.
/// </summary>
internal static class DocumentLivenessScenarios
{
    /// <summary>The job kind of a document-liveness check (other Verifik calls have their own).</summary>
    public const string Kind = "DOCUMENT_LIVENESS";

    public const string Genuine = "GENUINE";

    /// <summary>The image-quality warnings seen in Verifik's captured answers.</summary>
    public static readonly string[] Warnings = ["GLARE_ON_IMAGE", "IMAGE_IS_TOO_COMPRESSED", "IMAGE_TOO_BLURRY", "LOW_RESOLUTION"];

    /// <param name="others">The other Verifik calls' scenarios, in the same catalogue.</param>
    public static ScenarioCatalog Catalog(IEnumerable<Scenario> others)
    {
        var scenarios = new List<Scenario> { new(Genuine, "Every enabled check passes, no warnings (the default).", [Kind]) };
        scenarios.AddRange(LivenessChecks.All.Select(c => new Scenario(c.Scenario, $"The {c.Label} check fails (when enabled); the others pass.", [Kind])));
        scenarios.AddRange(Warnings.Select(w => new Scenario(w, $"Every enabled check passes and warns {w}; so does the aggregate.", [Kind])));
        scenarios.AddRange(others);
        var catalog = new ScenarioCatalog(scenarios);
        FixtureCatalog.RegisterInto(catalog, "verifik");
        return catalog;
    }

    /// <summary>The check a scenario fails (null: none), and the warning it adds (null: none).</summary>
    public static (LivenessCheckKind? Failing, string? Warning) Effect(string scenario) =>
        (LivenessChecks.All.FirstOrDefault(c => c.Scenario == scenario), Warnings.Contains(scenario, StringComparer.Ordinal) ? scenario : null);
}
