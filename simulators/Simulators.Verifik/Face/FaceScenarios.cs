using Microsoft.AspNetCore.Http;
using Simulators.Core.Scenarios;
using Simulators.Verifik.Auth;

namespace Simulators.Verifik.Face;

/// <summary>
/// The face-recognition outcomes a tester can force: a live or a spoofed face, a matching or a different
/// face, or the platform's 500. Each applies to the calls it makes sense for.
/// </summary>
internal static class FaceScenarios
{
    public const string Liveness = "FACE_LIVENESS";
    public const string Compare = "FACE_COMPARE";
    public const string CompareWithLiveness = "FACE_COMPARE_WITH_LIVENESS";

    public const string Live = "FACE_LIVE";
    public const string Spoof = "FACE_SPOOF";
    public const string Match = "FACE_MATCH";
    public const string NoMatch = "FACE_NO_MATCH";
    public const string Error = "FACE_ERROR";

    public static readonly Scenario[] All =
    [
        new(Live, "A live face: liveness_score in [0.91, 0.99] (the liveness default; with compare-with-liveness, also a match).", [Liveness, CompareWithLiveness]),
        new(Spoof, "A presentation attack: liveness_score in [0.05, 0.45], below the default min_score 0.6 (with compare-with-liveness, the faces still match).", [Liveness, CompareWithLiveness]),
        new(Match, "The same person: score in [0.96, 0.99], above every compare_min_score (the compare defaults).", [Compare, CompareWithLiveness]),
        new(NoMatch, "Different people: score in [0.10, 0.60], below every compare_min_score.", [Compare, CompareWithLiveness]),
        new(Error, "The platform fails: 500 {\"message\":\"internal_error\",\"code\":\"ERROR\"}.", [Liveness, Compare, CompareWithLiveness]),
    ];

    /// <summary>
    /// The scenario of a face or OCR call (header, queued outcome, marker or fixture hash of any image in
    /// order, else <paramref name="defaultName"/>); an unknown or misfitting header is the simulator's 400.
    /// </summary>
    public static async Task<string> ResolveAsync(HttpContext http, Caller caller, ScenarioResolver scenarios, string kind, string defaultName, IReadOnlyList<byte[]> images)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(scenarios);
        try
        {
            var resolved = await scenarios.ResolveFilesAsync(caller.Tenant, kind, http.Request.Headers[ScenarioCatalog.Header], null,
                images.Select(i => (ReadOnlyMemory<byte>)i), defaultName, http.RequestAborted);
            return resolved.Scenario.Name;
        }
        catch (ScenarioRejectedException rejected)
        {
            throw (FaceErrors.UnknownScenario with { Message = rejected.Message }).Raise();
        }
    }
}
