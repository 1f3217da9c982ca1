using System.Text.Json;
using Simulators.Core.Jobs;

namespace Simulators.AdvanceAi.Journey;

/// <summary>The products that share one transaction shape: what they capture decides what get-result shows.</summary>
internal static class Products
{
    public const string Ekyc = "ekyc";
    public const string Idvs = "idvs";
    public const string Document = "document";
    public const string Liveness = "liveness";
    public const string FaceAuthentication = "face-authentication";
    public const string NonDocument = "non-document";
    public const string DocumentApi = "document-api";
    public const string Address = "address-verification";

    public static bool HasDocument(string product) => product is Ekyc or Idvs or Document or DocumentApi;

    public static bool HasFace(string product) => product is Ekyc or Idvs or Liveness or FaceAuthentication or NonDocument;

    /// <summary>A hosted journey (a generate-*-url call), as opposed to a synchronous or server-side transaction.</summary>
    public static bool IsHosted(string product) => product is not (DocumentApi or Address);
}

/// <summary>
/// One transaction as stored: what generate-url (or the Document API, or start-verification) was sent.
/// Its state is its job's plan at the tenant's time, not a field here.
/// </summary>
internal sealed record JourneyRecord(
    string SignatureId,
    string Product,
    string Region,
    string? DocType,
    string? ReturnUrl,
    string? FailReturnUrl,
    string? CallbackUrl,
    bool IgnoreFailWhenJump,
    string? BizId,
    string? UserId,
    string? Language,
    string? NumberType,
    string? NumberValue,
    DateTimeOffset CreatedAt,
    DateTimeOffset? OpenedAt = null,
    string? FaceKey = null,
    bool Cleared = false,
    string? FullName = null,
    string? IssueDate = null);

/// <summary>How a transaction ends: its <c>overallResult</c>, <c>errorCode</c> and the scenario that chose them.</summary>
internal sealed record JourneyOutcome(string Scenario, string OverallResult, string? ErrorCode);

/// <summary>The visible stage of a transaction.</summary>
internal enum JourneyStage
{
    /// <summary>Created (and maybe opened): nothing submitted yet.</summary>
    Pending,

    /// <summary>The user submitted; processing: <c>submissionCompleted</c> true, partial <c>docDetail</c>.</summary>
    Submitted,

    /// <summary>The final result: PASS, FAIL or (for the INCOMPLETE codes) INCOMPLETE.</summary>
    Finished,

    /// <summary>Abandoned, or timed out (<c>USER_TIMEOUT</c>) with nothing submitted.</summary>
    Incomplete,
}

/// <summary>What a transaction shows at an instant: its stage, outcome and when it was submitted.</summary>
internal sealed record JourneyView(JourneyStage Stage, JourneyOutcome? Outcome, DateTimeOffset? SubmittedAt);

/// <summary>The job plan of a transaction and its visible state, as pure functions of the plan and the clock.</summary>
internal static class JourneyPlan
{
    public const string Created = "CREATED";
    public const string Submitted = "SUBMITTED";
    public const string Completed = "COMPLETED";
    public const string Incomplete = "INCOMPLETE";

    public const string SubmitAction = "submit";

    /// <summary>
    /// A hosted journey: created now, waiting for the user's submit until <paramref name="timeout"/>, when it ends
    /// INCOMPLETE with <c>USER_TIMEOUT</c>. A submit or an abandon replans it before then.
    /// </summary>
    public static IReadOnlyList<JobStep> Hosted(DateTimeOffset origin, TimeSpan timeout) =>
    [
        new(Created, origin, Awaits: SubmitAction),
        new(Incomplete, origin + timeout, Data: Serialize(Outcomes.TimedOut)),
    ];

    /// <summary>What follows the user's submit: <c>SUBMIT_COMPLETED</c> now, the outcome <paramref name="processing"/> later.</summary>
    public static IReadOnlyList<JobStep> AfterSubmit(DateTimeOffset now, JourneyOutcome outcome, TimeSpan processing) =>
    [
        new(Submitted, now, Notify: true),
        Finish(null, outcome, processing),
    ];

    /// <summary>A server-side transaction (address verification): finished <paramref name="processing"/> after it was created.</summary>
    public static IReadOnlyList<JobStep> Processed(DateTimeOffset origin, JourneyOutcome outcome, TimeSpan processing) =>
    [
        new(Created, origin),
        Finish(origin + processing, outcome, TimeSpan.Zero),
    ];

    /// <summary>A synchronous transaction (the Document API): finished when created.</summary>
    public static IReadOnlyList<JobStep> Immediate(DateTimeOffset origin, JourneyOutcome outcome) =>
    [
        new(Submitted, origin),
        new(Completed, origin, Data: Serialize(outcome)),
    ];

    public static JobStep Finish(DateTimeOffset? at, JourneyOutcome outcome, TimeSpan delay) =>
        new(outcome.OverallResult == Outcomes.Incomplete ? Incomplete : Completed, at, Notify: outcome.OverallResult != Outcomes.Incomplete, Delay: delay, Data: Serialize(outcome));

    /// <summary>The final step <paramref name="step"/> ending with <paramref name="outcome"/> instead, at the same time.</summary>
    public static JobStep WithOutcome(JobStep step, JourneyOutcome outcome)
    {
        var finish = Finish(step.At, outcome, step.Delay);
        return step with { State = finish.State, Notify = finish.Notify, Data = finish.Data };
    }

    public static JsonElement Serialize(JourneyOutcome outcome) => JsonSerializer.SerializeToElement(outcome, AdvanceAiStoreJson.Default.JourneyOutcome);

    public static JourneyOutcome? OutcomeOf(JobStep step) => step.Data?.Deserialize(AdvanceAiStoreJson.Default.JourneyOutcome);

    /// <summary>The stage at <paramref name="now"/>.</summary>
    public static JourneyView ViewAt(JobRecord job, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(job);
        var index = job.IndexAt(now);
        JobStep? step = index >= 0 ? job.Steps[index] : null;
        var submitted = job.Steps.FirstOrDefault(s => s.State == Submitted).At;
        var submittedAt = submitted is { } at && at <= now ? submitted : null;
        return step?.State switch
        {
            Submitted => new(JourneyStage.Submitted, null, submittedAt),
            Completed => new(JourneyStage.Finished, OutcomeOf(step.Value), submittedAt),
            Incomplete => new(submittedAt is null ? JourneyStage.Incomplete : JourneyStage.Finished, OutcomeOf(step.Value), submittedAt),
            _ => new(JourneyStage.Pending, null, null),
        };
    }
}
