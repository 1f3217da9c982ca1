using Simulators.Core.Jobs;
using Simulators.Core.Scenarios;
using Simulators.Core.State;
using Simulators.Core.Webhooks;
using Simulators.Verihubs.Callbacks;

namespace Simulators.Verihubs.Ktp;

/// <summary>
/// The async KTP job kind: its plan (one finish-time rule for every path), the callback its end
/// sends, and how an outcome is forced on it.
/// </summary>
internal sealed class KtpJobs(VerihubsStore store, VerihubsOptions options) : IJobKind
{
    public const string KindName = "verihubs.ktp";

    public string Name => KindName;

    /// <summary>Seconds from submission to the result under <paramref name="scenario"/>.</summary>
    public double FinishAfter(Scenario scenario) =>
        scenario.Name == VerihubsScenarios.SlowProcessing ? options.SlowFinishedAfterSeconds : options.FinishedAfterSeconds;

    /// <summary>A new extraction submitted (or, for a provider state, begun) at <paramref name="origin"/>.</summary>
    public (KtpJobRecord Record, JobRecord Job) NewJob(string referenceId, string? callbackUrl, bool validateQuality, KtpOutcome outcome, Scenario scenario, DateTimeOffset origin)
    {
        var record = new KtpJobRecord(Guid.NewGuid(), referenceId, callbackUrl, validateQuality, origin);
        var job = JobRecord.Create(record.JobId, KindName, scenario.Name, referenceId, origin, KtpJobRecord.Plan(origin, FinishAfter(scenario), outcome, callbackUrl is not null));
        return (record, job);
    }

    /// <summary>The result body of a finished step: what a poll returns; a callback's also names its reference_id.</summary>
    public static byte[] Render(KtpJobRecord record, JobStep finished, bool callback) =>
        KtpJobRecord.OutcomeOf(finished)!.RenderResult(record.ValidateQuality, callback ? record.ReferenceId : null);

    public async ValueTask<JobRecord?> ForceAsync(string tenant, JobRecord job, Scenario scenario, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!scenario.Fits(VerihubsScenarios.Ktp) || scenario.Name == VerihubsScenarios.InsufficientQuota)
        {
            return null;
        }
        var record = (await store.KtpJobs.GetAsync(tenant, job.Subject, cancellationToken))?.Value;
        if (record is null)
        {
            return null;
        }
        var planned = KtpJobRecord.OutcomeOf(job.Steps[^1]);
        var outcome = KtpApi.OutcomeOf(scenario, planned?.PersonaSeed ?? KtpOutcome.SandboxSeed);
        var at = record.SubmittedAt.AddSeconds(FinishAfter(scenario));
        return job.Replan(now, [KtpJobRecord.Finish(at < now ? now : at, outcome, record.CallbackUrl is not null)], scenario.Name);
    }

    public async ValueTask<IReadOnlyList<NewDelivery>> OnReachedAsync(string tenant, Stored<JobRecord> job, int stepIndex, CancellationToken cancellationToken)
    {
        var step = job.Value.Steps[stepIndex];
        var record = (await store.KtpJobs.GetAsync(tenant, job.Value.Subject, cancellationToken))?.Value;
        if (step.State != KtpJobRecord.Completed || record?.CallbackUrl is not { } url || !(await store.SettingsAsync(tenant, cancellationToken)).CallbacksEnabled)
        {
            return [];
        }
        return [new NewDelivery(KtpCallbacks.EventName, record.ReferenceId, new Uri(url), Render(record, step, callback: true), KtpCallbacks.SignerName)];
    }
}
