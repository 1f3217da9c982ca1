using Simulators.AdvanceAi.Notifications;
using Simulators.Core.Jobs;
using Simulators.Core.Scenarios;
using Simulators.Core.State;
using Simulators.Core.Webhooks;

namespace Simulators.AdvanceAi.Journey;

/// <summary>
/// The transaction job kind: the notices its steps send (<c>SUBMIT_COMPLETED</c> at submit, <c>COMPLETED</c> at
/// a PASS or FAIL end, none for INCOMPLETE), and how an outcome is forced on it.
/// </summary>
internal sealed class JourneyJobs(AdvanceAiStore store, AdvanceAiOptions options) : IJobKind
{
    public const string KindName = "advanceai.transaction";

    public string Name => KindName;

    public TimeSpan Processing => TimeSpan.FromSeconds(options.ProcessingSeconds);

    public TimeSpan Timeout => TimeSpan.FromSeconds(options.UserTimeoutSeconds);

    public async ValueTask<JobRecord?> ForceAsync(string tenant, JobRecord job, Scenario scenario, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A refusal answers a call; it is no outcome of a transaction (null: not applicable).
        var record = AdvanceAiScenarios.IsRefusal(scenario.Name) ? null : (await store.Journeys.GetAsync(tenant, job.Subject, cancellationToken))?.Value;
        if (record is null)
        {
            return null;
        }
        var outcome = AdvanceAiScenarios.OutcomeOf(scenario.Name, record.Product == Products.DocumentApi, options);
        switch (JourneyPlan.ViewAt(job, now).Stage)
        {
            case JourneyStage.Pending when Products.IsHosted(record.Product):
                // Not submitted yet: the submit that comes will produce this outcome.
                return job with { Scenario = scenario.Name };
            case JourneyStage.Pending or JourneyStage.Submitted when job.Steps[^1].At is { } due:
                return job.Replan(now, [JourneyPlan.WithOutcome(job.Steps[^1], outcome) with { At = due < now ? now : due }], scenario.Name);
            default:
                return null;
        }
    }

    public async ValueTask<IReadOnlyList<NewDelivery>> OnReachedAsync(string tenant, Stored<JobRecord> job, int stepIndex, CancellationToken cancellationToken)
    {
        var type = job.Value.Steps[stepIndex].State switch
        {
            JourneyPlan.Submitted => NoticeTypes.SubmitCompleted,
            JourneyPlan.Completed => NoticeTypes.Completed,
            _ => null,
        };
        var record = (await store.Journeys.GetAsync(tenant, job.Value.Subject, cancellationToken))?.Value;
        if (type is null || record is null)
        {
            return [];
        }
        var body = Notices.Body(record.SignatureId, type);
        // Mutually exclusive (the webhook docs): a callbackUrl gets the notice unsigned, else the account's webhook, signed.
        if (record.CallbackUrl is { } callback)
        {
            return [new NewDelivery(type, record.SignatureId, new Uri(callback), body, PlainJsonSigner.SignerName)];
        }
        if ((await store.Webhooks.GetAsync(tenant, AdvanceAiStore.WebhookId, cancellationToken))?.Value is { } webhook)
        {
            return [new NewDelivery(type, record.SignatureId, new Uri(webhook.Url), body, WebhookSigner.SignerName)];
        }
        return [];
    }
}
