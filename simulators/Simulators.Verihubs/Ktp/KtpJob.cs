using System.Text.Json;
using Simulators.Core.Jobs;

namespace Simulators.Verihubs.Ktp;

/// <summary>
/// An async KTP extraction as stored. What a poll sees is its job's plan at the tenant's time:
/// <c>IN_PROGRESS</c> from submission, <c>COMPLETED</c> (carrying the outcome) when processing is done.
/// </summary>
internal sealed record KtpJobRecord(Guid Id, string ReferenceId, string? CallbackUrl, bool ValidateQuality, DateTimeOffset SubmittedAt)
{
    public const string InProgress = "IN_PROGRESS";
    public const string Completed = "COMPLETED";

    public string JobId => Id.ToString();

    /// <summary>The job's plan: processing from <paramref name="origin"/>, finished (with a callback when there is a URL) after <paramref name="finishAfterSeconds"/>.</summary>
    public static IReadOnlyList<JobStep> Plan(DateTimeOffset origin, double finishAfterSeconds, KtpOutcome outcome, bool callback) =>
    [
        new JobStep(InProgress, origin),
        Finish(origin.AddSeconds(finishAfterSeconds), outcome, callback),
    ];

    public static JobStep Finish(DateTimeOffset at, KtpOutcome outcome, bool callback) =>
        new(Completed, at, Notify: callback, Data: JsonSerializer.SerializeToElement(outcome, VerihubsStoreJson.Default.KtpOutcome));

    public static KtpOutcome? OutcomeOf(JobStep step) => step.Data?.Deserialize(VerihubsStoreJson.Default.KtpOutcome);

    /// <summary>The finished step visible at <paramref name="now"/>, or null while processing.</summary>
    public static JobStep? FinishedStep(JobRecord job, DateTimeOffset now) => job.StepAt(now) is { State: Completed } step ? step : null;
}
