using System.Collections.Immutable;
using System.Text.Json;
using Simulators.AnyCheck.Webhooks;
using Simulators.Core.Jobs;
using Simulators.Core.Scenarios;
using Simulators.Core.State;
using Simulators.Core.Webhooks;

namespace Simulators.AnyCheck.Verifications;

/// <summary>
/// The verification job kind: its plan from a scenario, how an outcome is forced on it, and the
/// <c>verification.status_changed</c> webhook each announced status change sends.
/// </summary>
internal sealed class VerificationJobs(AnyCheckStore store, AnyCheckOptions options) : IJobKind
{
    public const string KindName = "anycheck.verification";

    public string Name => KindName;

    /// <summary>A new verification's job: the scenario's plan from <paramref name="origin"/> (its creation).</summary>
    public JobRecord NewJob(VerificationRecord verification, Scenario scenario, DateTimeOffset origin)
    {
        var outcome = AnyCheckScenarios.PlannedFor(scenario, verification.VerificationType, verification.PersonaSeed);
        return JobRecord.Create(verification.Key, KindName, scenario.Name, verification.Key, origin,
            AnyCheckScenarios.Plan(scenario, options, origin, outcome, verification.WebhookUrl is not null));
    }

    /// <summary>A new run after a retry, from now, with <paramref name="scenario"/>.</summary>
    public JobRecord Restart(VerificationRecord verification, JobRecord job, Scenario scenario, DateTimeOffset now)
    {
        var outcome = AnyCheckScenarios.PlannedFor(scenario, verification.VerificationType, verification.PersonaSeed);
        return job.Replan(now, AnyCheckScenarios.Plan(scenario, options, now, outcome, verification.WebhookUrl is not null), scenario.Name);
    }

    /// <summary>A finished verification is re-finished now; a running one keeps its timing with the new outcome.</summary>
    public async ValueTask<JobRecord?> ForceAsync(string tenant, JobRecord job, Scenario scenario, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var stored = await store.Verifications.GetAsync(tenant, job.Id, cancellationToken);
        if (stored is null || scenario.Name == AnyCheckScenarios.Draft || AnyCheckScenarios.Unusable(scenario, stored.Value.FraudDetection) is not null || !scenario.Fits(stored.Value.VerificationType))
        {
            return null;
        }
        var verification = stored.Value;
        var notify = verification.WebhookUrl is not null;
        var status = job.StateAt(now) ?? AnyCheckScenarios.Queued;
        var outcome = AnyCheckScenarios.PlannedFor(scenario, verification.VerificationType, verification.PersonaSeed);
        if (!VerificationViews.IsRunning(status))
        {
            return job.Replan(now, [AnyCheckScenarios.Step(outcome.Outcome.Status, now, notify, outcome)], scenario.Name);
        }
        var runStart = job.Steps[verification.RunStart].At!.Value;
        var plan = AnyCheckScenarios.Plan(scenario, options, runStart, outcome, notify).ToList();
        var reached = plan.FindIndex(s => s.State == status);
        return job.Replan(now, plan.Skip(reached + 1).Select(s => s with { At = s.At < now ? now : s.At }), scenario.Name);
    }

    public async ValueTask<IReadOnlyList<NewDelivery>> OnReachedAsync(string tenant, Stored<JobRecord> job, int stepIndex, CancellationToken cancellationToken)
    {
        var steps = job.Value.Steps;
        var step = steps[stepIndex];
        // Only changes are announced: a review that keeps the status sends nothing.
        if (stepIndex > 0 && steps[stepIndex - 1].State == step.State)
        {
            return [];
        }
        var verification = (await store.Verifications.GetAsync(tenant, job.Id, cancellationToken))?.Value;
        if (verification?.WebhookUrl is not { } url)
        {
            return [];
        }
        var at = step.At!.Value;
        var payload = new WebhookPayload(AnyCheckWebhooks.EventName, at, verification.Id, verification.ResultId, step.State, VerificationViews.View(verification, job.Value, at));
        var body = JsonSerializer.SerializeToUtf8Bytes(payload, AnyCheckJson.Wire.WebhookPayload);
        var args = options.SignWebhooks && !string.IsNullOrEmpty(verification.WebhookSecret)
            ? ImmutableDictionary<string, string>.Empty.Add(AnyCheckWebhooks.SecretArg, verification.WebhookSecret)
            : null;
        return [new NewDelivery(AnyCheckWebhooks.EventName, verification.Key, new Uri(url), body, AnyCheckWebhooks.SignerName, args)];
    }
}
