using System.Text.Json;
using Simulators.Core.Errors;
using Simulators.Core.Jobs;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;

namespace Simulators.AnyCheck.Verifications;

/// <summary>An outcome with the JSON a job step stores it as (built once, shared: both are immutable).</summary>
internal sealed record PlannedOutcome(VerificationOutcome Outcome, JsonElement Data)
{
    public static PlannedOutcome Of(VerificationOutcome outcome) =>
        new(outcome, JsonSerializer.SerializeToElement(outcome, AnyCheckStoreJson.Default.VerificationOutcome));
}

internal sealed record SelfieOutput(string FaceMatchConfidenceLevel, double FaceMatchConfidenceScore, bool IsMatchFace);

/// <summary>KTP_PEP output: the docs never showed it; this is the reference's suggested shape (a simulator choice).</summary>
internal sealed record PepOutput(string Nik, string Name, string BirthDate, bool IsPep);

/// <summary>AnyCheck's scenarios, their lifecycle plans and outcomes.</summary>
internal static class AnyCheckScenarios
{
    public const string KtpSelfie = "KTP_SELFIE";
    public const string KtpPep = "KTP_PEP";

    public const string FaceMatchHigh = "FACE_MATCH_HIGH";
    public const string FaceMatchMedium = "FACE_MATCH_MEDIUM";
    public const string FaceMatchLow = "FACE_MATCH_LOW";
    public const string PepClear = "PEP_CLEAR";
    public const string PepHit = "PEP_HIT";
    public const string KtpUnreadable = "KTP_UNREADABLE";
    public const string SlowProcessing = "SLOW_PROCESSING";
    public const string InsufficientBalance = "INSUFFICIENT_BALANCE";
    public const string QuotaExceeded = "QUOTA_EXCEEDED";

    public const string Queued = "IN_QUEUE";
    public const string InProgress = "IN_PROGRESS";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";

    public static readonly string[] VerificationTypes = [KtpPep, KtpSelfie];

    public static ScenarioCatalog Create() => new(
    [
        new(FaceMatchHigh, "KTP_SELFIE completes: face_match_confidence_level HIGH (score 8.0-9.9), is_match_face true, output_status VERIFIED. The KTP_SELFIE default.", [KtpSelfie]),
        new(FaceMatchMedium, "KTP_SELFIE completes: level MEDIUM (score 5.0-7.9), is_match_face true, output_status VERIFIED.", [KtpSelfie]),
        new(FaceMatchLow, "KTP_SELFIE completes: level LOW (score 0.5-2.9), is_match_face false, output_status NOT_VERIFIED.", [KtpSelfie]),
        new(PepClear, "KTP_PEP completes: is_pep false, output_status VERIFIED. The KTP_PEP default.", [KtpPep]),
        new(PepHit, "KTP_PEP completes: is_pep true, output_status NOT_VERIFIED.", [KtpPep]),
        new(KtpUnreadable, "The KTP cannot be read: IN_PROGRESS then FAILED, empty output, output_status null. Retry fails again unless another scenario is forced.", []),
        new(SlowProcessing, "Normal result, slowly: IN_PROGRESS after 30 s, finished after 120 s (configurable).", []),
        new(InsufficientBalance, "POST /verifications answers 403 INSUFFICIENT_BALANCE; nothing is created or charged.", []),
        new(QuotaExceeded, "POST /verifications answers 403 QUOTA_EXCEEDED; nothing is created or charged.", []),
    ]);

    public static string DefaultFor(string verificationType) => verificationType == KtpSelfie ? FaceMatchHigh : PepClear;

    /// <summary>Scenarios that refuse the create call instead of shaping a job.</summary>
    public static ProviderError? Refusal(Scenario scenario) => scenario.Name switch
    {
        InsufficientBalance => AnyCheckErrors.InsufficientBalance,
        QuotaExceeded => AnyCheckErrors.QuotaExceeded,
        _ => null,
    };

    /// <summary>A run's plan from <paramref name="origin"/>: IN_QUEUE, IN_PROGRESS, then the terminal state carrying the outcome.</summary>
    public static IReadOnlyList<JobStep> Plan(Scenario scenario, AnyCheckOptions options, DateTimeOffset origin, PlannedOutcome outcome, bool notify)
    {
        var slow = scenario.Name == SlowProcessing;
        return
        [
            Step(Queued, origin, notify),
            Step(InProgress, origin.AddSeconds(slow ? options.SlowInProgressAfterSeconds : options.InProgressAfterSeconds), notify),
            Step(outcome.Outcome.Status, origin.AddSeconds(slow ? options.SlowFinishedAfterSeconds : options.FinishedAfterSeconds), notify, outcome),
        ];
    }

    /// <summary>One step: announced (a webhook) when the verification has a webhook_url and the state is one AnyCheck announces.</summary>
    public static JobStep Step(string state, DateTimeOffset at, bool notify, PlannedOutcome? outcome = null) => new(
        state,
        at,
        notify && Webhooks.AnyCheckWebhooks.Announced.Contains(state, StringComparer.Ordinal),
        Data: outcome?.Data);

    // Outcomes are a pure function of (scenario, type, persona): suites reuse their fixture files, so
    // a bounded memo spares building and serializing the same outcome on every create.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string, int), PlannedOutcome> Planned = new();

    /// <summary>The outcome a scenario gives a verification of this type and persona, with its stored form.</summary>
    public static PlannedOutcome PlannedFor(Scenario scenario, string verificationType, int personaSeed)
    {
        var key = (scenario.Name, verificationType, personaSeed);
        if (Planned.TryGetValue(key, out var known))
        {
            return known;
        }
        var planned = PlannedOutcome.Of(Outcome(scenario, verificationType, IndonesianPersona.FromSeed(personaSeed)));
        if (Planned.Count >= 4096)
        {
            Planned.Clear();
        }
        Planned.TryAdd(key, planned);
        return planned;
    }

    public static VerificationOutcome? OutcomeOf(JobStep step) =>
        step.Data is { } data ? data.Deserialize(AnyCheckStoreJson.Default.VerificationOutcome) : null;

    /// <summary>The terminal outcome; scores vary with the persona so different inputs give different but stable numbers.</summary>
    public static VerificationOutcome Outcome(Scenario scenario, string verificationType, IndonesianPersona persona)
    {
        var name = scenario.Name == SlowProcessing ? DefaultFor(verificationType) : scenario.Name;
        var jitter = (persona.Nik.GetStableHash() % 1000) / 1000.0;
        return name switch
        {
            FaceMatchHigh => Selfie("HIGH", 8.0 + (1.9 * jitter), true),
            FaceMatchMedium => Selfie("MEDIUM", 5.0 + (2.9 * jitter), true),
            FaceMatchLow => Selfie("LOW", 0.5 + (2.4 * jitter), false),
            PepClear => Pep(persona, false),
            PepHit => Pep(persona, true),
            KtpUnreadable => new(Failed, null, Empty),
            _ => throw new InvalidOperationException($"Scenario {scenario.Name} has no outcome."),
        };
    }

    public static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;

    private static VerificationOutcome Selfie(string level, double score, bool match) => new(
        Completed,
        match ? "VERIFIED" : "NOT_VERIFIED",
        JsonSerializer.SerializeToElement(new SelfieOutput(level, Math.Round(score, 4), match), AnyCheckJson.Wire.SelfieOutput));

    private static VerificationOutcome Pep(IndonesianPersona persona, bool hit) => new(
        Completed,
        hit ? "NOT_VERIFIED" : "VERIFIED",
        JsonSerializer.SerializeToElement(new PepOutput(persona.Nik, persona.Name, persona.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), hit), AnyCheckJson.Wire.PepOutput));

    private static uint GetStableHash(this string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
