using System.Text.Json;
using Simulators.Core.Jobs;
using Simulators.Core.Scenarios;
using Simulators.Core.State;
using Simulators.Core.Webhooks;
using Simulators.Verifik.Webhooks;

namespace Simulators.Verifik.AppRegistrations;

/// <summary>What a registration's job step announces: an event suffix and the entity whose snapshot goes with it.</summary>
internal static class Entities
{
    public const string Registration = "appRegistration";
    public const string Document = "documentValidation";
    public const string Biometric = "biometricValidation";
}

/// <summary>
/// A registration's plan: <c>STARTED</c> (waiting for the registrant until the expiry step), <c>ONGOING</c> steps for each
/// validation sent, and the end once the document is assessed and the selfie passed. Every step announces one
/// documented event (providers/verifik.md §5).
/// </summary>
internal static class AppRegistrationPlan
{
    /// <summary>The outside action a registration waits for: the registrant's next validation.</summary>
    public const string Awaits = "validation";

    /// <summary>A step announcing <paramref name="suffix"/>; <paramref name="snapshot"/> is the entity as the event shows it, rendered when a call plans the step (null: rendered when reached, a later end).</summary>
    public static JobStep Event(string state, DateTimeOffset at, string suffix, string entity, string? awaits = null, JsonElement? snapshot = null) =>
        new(state, at, Notify: true, Awaits: awaits, Data: JsonSerializer.SerializeToElement(new StepEvent(suffix, entity, snapshot), AppRegistrationStepJson.Default.StepEvent));

    public static StepEvent? EventOf(JobStep step) =>
        step.Data is { } data ? data.Deserialize(AppRegistrationStepJson.Default.StepEvent) : null;

    public static IReadOnlyList<JobStep> Created(DateTimeOffset now, DateTimeOffset expiresAt, JsonElement? snapshot = null) =>
    [
        Event(AppRegistrationStatus.Started, now, "app_registration_created", Entities.Registration, Awaits, snapshot),
        Expiry(expiresAt),
    ];

    public static JobStep Expiry(DateTimeOffset at) => Event(AppRegistrationStatus.Expired, at, "app_registration_expired", Entities.Registration);

    /// <summary>
    /// The steps after a validation at <paramref name="now"/>: its events (<c>ONGOING</c>), then the end when the document
    /// and a passed selfie are both in (at the document's assessment), else the wait for the next validation until expiry.
    /// </summary>
    public static IReadOnlyList<JobStep> AfterValidation(DateTimeOffset now, IReadOnlyList<(string Suffix, string Entity, JsonElement? Snapshot)> events, string scenario,
        DocumentValidationRecord? document, BiometricValidationRecord? biometric, DateTimeOffset expiresAt)
    {
        var steps = events.Select(e => Event(AppRegistrationStatus.Ongoing, now, e.Suffix, e.Entity, snapshot: e.Snapshot)).ToList();
        if (document is not null && biometric is { Passed: true })
        {
            var at = document.AssessedAt > now ? document.AssessedAt : now;
            var final = AppRegistrationScenarios.FinalStatus(scenario);
            if (final == AppRegistrationStatus.NeedsManualVerification)
            {
                steps.Add(Event(AppRegistrationStatus.Ongoing, at, "document_validation_manual_verification_required", Entities.Document));
            }
            steps.Add(End(final, at));
            return steps;
        }
        steps[^1] = steps[^1] with { Awaits = Awaits };
        steps.Add(Expiry(expiresAt));
        return steps;
    }

    public static JobStep End(string status, DateTimeOffset at) =>
        Event(status, at, "app_registration_" + status.ToLowerInvariant(), Entities.Registration);

    /// <summary>How the registration ends (or will): its last step's status when that is an end other than expiry, else the scenario's.</summary>
    public static string Outcome(JobRecord job)
    {
        var last = job.Steps[^1].State;
        return last is AppRegistrationStatus.Expired or AppRegistrationStatus.Started or AppRegistrationStatus.Ongoing
            ? AppRegistrationScenarios.FinalStatus(job.Scenario)
            : last;
    }
}

/// <summary>A step's event: its suffix, the entity it is about, and that entity as it stood when the call made it (null: as it stands when reached).</summary>
internal sealed record StepEvent(string Event, string Entity, JsonElement? Object = null);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(StepEvent))]
internal sealed partial class AppRegistrationStepJson : System.Text.Json.Serialization.JsonSerializerContext;

/// <summary>
/// The app-registration job kind: each step's event goes to the client's active webhooks linked to the registration's
/// project flow as <c>{"type": "&lt;flow type&gt;_&lt;suffix&gt;", "object": &lt;snapshot&gt;}</c>; outcomes are forced as
/// the scenarios say.
/// </summary>
internal sealed class AppRegistrationJobs(AppRegistrationStore store, WebhookStore webhooks, VerifikOptions options) : IJobKind
{
    public const string KindName = "verifik.app-registration";

    public string Name => KindName;

    public async ValueTask<IReadOnlyList<NewDelivery>> OnReachedAsync(string tenant, Stored<JobRecord> job, int stepIndex, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var step = job.Value.Steps[stepIndex];
        if (AppRegistrationPlan.EventOf(step) is not { } announced
            || await store.RegistrationAsync(tenant, job.Value.Subject, cancellationToken) is not { } record)
        {
            return [];
        }
        var targets = await webhooks.LinkedAsync(tenant, record.ProjectFlow, cancellationToken);
        if (targets.Count == 0)
        {
            return [];
        }
        var at = step.At ?? record.UpdatedAt;
        // An event of a call carries its entity as the call left it; a later end renders the registration now.
        var snapshot = announced.Object is null ? await AppRegistrationWriter.SnapshotAsync(store, tenant, record, job.Value, at, cancellationToken, options.ProjectFlowType) : null;
        var type = options.ProjectFlowType + "_" + announced.Event;
        var body = VerifikJson.Object(w =>
        {
            w.WriteString("type", type);
            w.WritePropertyName("object");
            if (announced.Object is { } rendered)
            {
                rendered.WriteTo(w);
                return;
            }
            switch (announced.Entity)
            {
                case Entities.Document when snapshot!.Document is { } document:
                    AppRegistrationWriter.WriteDocument(w, document, snapshot.DocumentStatus!);
                    break;
                case Entities.Biometric when snapshot!.Biometric is { } biometric:
                    AppRegistrationWriter.WriteBiometric(w, biometric);
                    break;
                default:
                    AppRegistrationWriter.WriteRegistration(w, snapshot!, Populate.None);
                    break;
            }
        });
        return [.. targets.Select(t => new NewDelivery(type, record.Id, new Uri(t.Url), body, VerifikWebhookSigner.SignerName))];
    }

    public ValueTask<JobRecord?> ForceAsync(string tenant, JobRecord job, Scenario scenario, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(scenario);
        var state = job.StateAt(now);
        var name = scenario.Name;
        if (name == AppRegistrationScenarios.Expired)
        {
            return ValueTask.FromResult(AppRegistrationStatus.IsOpen(state) ? job.Replan(now, [AppRegistrationPlan.Expiry(now)], name) : null);
        }
        if (!AppRegistrationScenarios.IsOutcome(name))
        {
            return ValueTask.FromResult<JobRecord?>(null);
        }
        var final = AppRegistrationScenarios.FinalStatus(name);
        if (state == AppRegistrationStatus.NeedsManualVerification && job.IsSettled(now))
        {
            // Cleared (or failed) by hand: the registration ends now.
            return ValueTask.FromResult(final == AppRegistrationStatus.NeedsManualVerification ? null : job.Replan(now, [AppRegistrationPlan.End(final, now)], name));
        }
        if (!AppRegistrationStatus.IsOpen(state))
        {
            return ValueTask.FromResult<JobRecord?>(null);
        }
        var last = job.Steps[^1];
        if (last.State == AppRegistrationStatus.Expired)
        {
            // Still waiting for the registrant: the validations to come end it this way.
            return ValueTask.FromResult<JobRecord?>(job with { Scenario = name });
        }
        // The end is scheduled (the document is being assessed): it ends this way, at the same time.
        var due = last.At is { } at && at > now ? at : now;
        var pending = job.Steps.Where(s => s.At is { } a && a > now).SkipLast(1)
            .Where(s => AppRegistrationPlan.EventOf(s)?.Event != "document_validation_manual_verification_required").ToList();
        if (final == AppRegistrationStatus.NeedsManualVerification)
        {
            pending.Add(AppRegistrationPlan.Event(AppRegistrationStatus.Ongoing, due, "document_validation_manual_verification_required", Entities.Document));
        }
        pending.Add(AppRegistrationPlan.End(final, due));
        return ValueTask.FromResult<JobRecord?>(job.Replan(now, pending, name));
    }
}
