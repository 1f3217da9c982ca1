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

/// <summary>KTP_SELFIE output (the docs' keys); all three null when the face match did not run or failed (a partial result).</summary>
internal sealed record SelfieOutput(string? FaceMatchConfidenceLevel, double? FaceMatchConfidenceScore, bool? IsMatchFace);

/// <summary>KTP_PEP output: the docs never showed it; this is the reference's suggested shape (a simulator choice). <c>is_pep</c> is null when the screening did not run or failed.</summary>
internal sealed record PepOutput(string Nik, string Name, string BirthDate, bool? IsPep);

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
    public const string RequestTimeout = "REQUEST_TIMEOUT";
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";
    public const string RateLimited = "RATE_LIMITED";
    public const string NeedReview = "NEED_REVIEW";
    public const string FraudDetected = "FRAUD_DETECTED";
    public const string PartiallyCompleted = "PARTIALLY_COMPLETED";
    public const string PartiallyFailed = "PARTIALLY_FAILED";
    public const string Draft = "DRAFT";

    public const string Queued = "IN_QUEUE";
    public const string InProgress = "IN_PROGRESS";
    public const string Completed = "COMPLETED";
    public const string Failed = "FAILED";
    public const string Cancelled = "CANCELLED";

    public const string Verified = "VERIFIED";
    public const string NotVerified = "NOT_VERIFIED";
    public const string PartiallyNotVerified = "PARTIALLY_NOT_VERIFIED";

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
        new(NeedReview, "IN_PROGRESS then NEED_REVIEW: the data is extracted (KTP_SELFIE: level MEDIUM, score 5.0-7.9; KTP_PEP: the identity, is_pep false) and waits for a review (PUT); output_status null until then.", []),
        new(FraudDetected, "IN_PROGRESS then FRAUD_DETECTED: nothing extracted (output {}), output_status null, a fraud job in external_job_id. Needs configuration.fraud_detection true, else 400 INVALID_REQUEST.", []),
        new(PartiallyCompleted, "IN_PROGRESS then PARTIALLY_COMPLETED: the KTP is read but the second check did not run (KTP_SELFIE: the three face-match keys null; KTP_PEP: the identity with is_pep null); output_status null.", []),
        new(PartiallyFailed, "IN_PROGRESS then PARTIALLY_FAILED: the KTP is read but the second check failed (the same partial output as PARTIALLY_COMPLETED); output_status PARTIALLY_NOT_VERIFIED.", []),
        new(Draft, "Saved as a DRAFT: not processed, not charged, no webhook; POST /verifications/{id}/submit (simulator extension) sends it on, PUT may change its configuration, cancel drops it.", []),
        new(RequestTimeout, "POST /verifications (or /retry) answers 408 REQUEST_TIMEOUT; nothing is created or charged.", []),
        new(InternalServerError, "POST /verifications (or /retry) answers 500 INTERNAL_SERVER_ERROR; nothing is created or charged.", []),
        new(RateLimited, "POST /verifications (or /retry) answers 429 RATE_LIMITED with Retry-After and X-RateLimit-Remaining 0; nothing is created or charged.", []),
    ]);

    public static string DefaultFor(string verificationType) => verificationType == KtpSelfie ? FaceMatchHigh : PepClear;

    /// <summary>Scenarios that refuse the create call instead of shaping a job.</summary>
    public static ProviderError? Refusal(Scenario scenario) => scenario.Name switch
    {
        InsufficientBalance => AnyCheckErrors.InsufficientBalance,
        QuotaExceeded => AnyCheckErrors.QuotaExceeded,
        RequestTimeout => AnyCheckErrors.RequestTimeout,
        InternalServerError => AnyCheckErrors.InternalServerError,
        RateLimited => AnyCheckErrors.RateLimited,
        _ => null,
    };

    /// <summary>
    /// Why a scenario cannot shape this verification, or null: it refuses the call instead, or it is
    /// FRAUD_DETECTED on a verification that does not ask for fraud detection (the docs: it "only occurs if
    /// fraud_detection = true"). The caller raises the refusal as it is, the mismatch as a 400.
    /// </summary>
    public static ProviderException? Unusable(Scenario scenario, bool fraudDetection) =>
        Refusal(scenario) is { } refusal
            ? refusal.Raise()
            : scenario.Name == FraudDetected && !fraudDetection
                ? AnyCheckErrors.InvalidRequest.Raise(
                    "Simulator scenario 'FRAUD_DETECTED' needs configuration.fraud_detection true: AnyCheck reports fraud only when it was asked to look for it.",
                    new FieldProblem("configuration.fraud_detection", "must be true for the FRAUD_DETECTED scenario"))
                : null;

    /// <summary>
    /// <c>output_status</c> as the status and the output say (simulator choice, README LIMITATIONS): COMPLETED and
    /// PARTIALLY_COMPLETED give the output's verdict (KTP_SELFIE <c>is_match_face</c>, KTP_PEP <c>is_pep</c>; null when
    /// that key is absent or null), PARTIALLY_FAILED is PARTIALLY_NOT_VERIFIED, every other status has none.
    /// </summary>
    public static string? OutputStatusFor(string status, string verificationType, JsonElement output) => status switch
    {
        Completed or PartiallyCompleted => Verdict(verificationType, output),
        PartiallyFailed => PartiallyNotVerified,
        _ => null,
    };

    private static string? Verdict(string verificationType, JsonElement output)
    {
        var (key, good) = verificationType == KtpSelfie ? ("is_match_face", true) : ("is_pep", false);
        if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty(key, out var flag) || flag.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return null;
        }
        return (flag.ValueKind == JsonValueKind.True) == good ? Verified : NotVerified;
    }

    /// <summary>A run's plan from <paramref name="origin"/>: IN_QUEUE, IN_PROGRESS, then the terminal state carrying the outcome.</summary>
    public static IReadOnlyList<JobStep> Plan(Scenario scenario, AnyCheckOptions options, DateTimeOffset origin, PlannedOutcome outcome, bool notify)
    {
        if (scenario.Name == Draft)
        {
            return [Step(Draft, origin, notify)];
        }
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
            NeedReview when verificationType == KtpSelfie => Selfie("MEDIUM", 5.0 + (2.9 * jitter), true) with { Status = NeedReview, OutputStatus = null },
            NeedReview => Pep(persona, false) with { Status = NeedReview, OutputStatus = null },
            FraudDetected => new(FraudDetected, null, Empty),
            PartiallyCompleted or PartiallyFailed => Partial(name, verificationType, persona),
            Draft => new(Draft, null, Empty),
            _ => throw new InvalidOperationException($"Scenario {scenario.Name} has no outcome."),
        };
    }

    public static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;

    /// <summary>
    /// A partial result (simulator choice, README LIMITATIONS): the KTP was read, the second check (face match, PEP
    /// screening) did not run or failed, so its keys are null and the keys of the first stay.
    /// </summary>
    private static VerificationOutcome Partial(string status, string verificationType, IndonesianPersona persona)
    {
        var output = verificationType == KtpSelfie
            ? JsonSerializer.SerializeToElement(new SelfieOutput(null, null, null), AnyCheckJson.Wire.SelfieOutput)
            : JsonSerializer.SerializeToElement(new PepOutput(persona.Nik, persona.Name, BirthDate(persona), null), AnyCheckJson.Wire.PepOutput);
        return new(status, OutputStatusFor(status, verificationType, output), output);
    }

    private static string BirthDate(IndonesianPersona persona) => persona.BirthDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private static VerificationOutcome Selfie(string level, double score, bool match) => new(
        Completed,
        match ? Verified : NotVerified,
        JsonSerializer.SerializeToElement(new SelfieOutput(level, Math.Round(score, 4), match), AnyCheckJson.Wire.SelfieOutput));

    private static VerificationOutcome Pep(IndonesianPersona persona, bool hit) => new(
        Completed,
        hit ? NotVerified : Verified,
        JsonSerializer.SerializeToElement(new PepOutput(persona.Nik, persona.Name, BirthDate(persona), hit), AnyCheckJson.Wire.PepOutput));

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
