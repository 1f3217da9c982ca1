using Simulators.Core.Hosting;
using Simulators.Core.Jobs;
using Simulators.Core.Scenarios;
using Simulators.Core.State;
using Simulators.Core.Tenants;
using Simulators.Core.Webhooks;

namespace Simulators.AdvanceAi.Journey;

/// <summary>Why a journey action was not taken.</summary>
internal enum JourneyProblem
{
    None,
    NotFound,

    /// <summary>A transaction without a hosted page (Document API, address verification).</summary>
    NotHosted,

    /// <summary>Already submitted, finished, abandoned or timed out.</summary>
    NotPending,
    UnknownScenario,
}

/// <summary>
/// What the user captured on the hosted page: the document type chosen (null: the suggested one), the images by
/// name (<see cref="Results.ImageNames"/>; absent ones are sample images) and the face key face-search matches on
/// (null: the userId).
/// </summary>
internal sealed record JourneyCapture(string? DocType, IReadOnlyDictionary<string, CapturedImage> Images, string? FaceKey)
{
    public static JourneyCapture Face(string? faceKey) => new(null, new Dictionary<string, CapturedImage>(), faceKey);
}

/// <summary>A transaction as a journey action leaves it: where it stands, and where the page sends the user next (null while it stays).</summary>
internal sealed record JourneyResult(JourneyProblem Problem, string? Tenant = null, JourneyRecord? Record = null, JobRecord? Job = null, JourneyView? View = null, string? RedirectUrl = null);

/// <summary>
/// Every state change of a hosted journey, in one place: created by generate-url, then opened, submitted
/// (with the outcome chosen) or abandoned by the user. The headless control call and the hosted page call
/// these same methods; the job plan and the clock do the rest.
/// </summary>
internal sealed class JourneyFlow(
    AdvanceAiStore store, JobRegistry jobs, JourneyJobs kind, TenantDirectory tenants, ScenarioCatalog catalog,
    AdvanceAiOptions options, PublicUrls urls, WebhookOutbox outbox, SimulatorEngine engine)
{
    public const string Open = "open";
    public const string Submit = "submit";
    public const string Abandon = "abandon";

    /// <summary>Stores a new hosted journey that <paramref name="scenario"/> will end, and returns its url.</summary>
    public async ValueTask<string> CreateAsync(string tenant, JourneyRecord record, string scenario, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        // The plan ends with the user timeout; the outcome a submit will produce is the job's scenario until then.
        var job = JobRecord.Create(record.SignatureId, JourneyJobs.KindName, scenario, record.SignatureId, record.CreatedAt, JourneyPlan.Hosted(record.CreatedAt, kind.Timeout));
        await store.Raw.CommitAsync([store.Journeys.Put(tenant, record.SignatureId, record, expectedVersion: 0), jobs.Write(tenant, job)], cancellationToken);
        return urls.Journey(record.SignatureId);
    }

    /// <summary>Stores a transaction that needs no user (Document API, address verification) with its plan and the images it was sent.</summary>
    public async ValueTask CreateProcessedAsync(string tenant, JourneyRecord record, string scenario, IReadOnlyList<JobStep> plan, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, CapturedImage>? images = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        var job = JobRecord.Create(record.SignatureId, JourneyJobs.KindName, scenario, record.SignatureId, record.CreatedAt, plan);
        await store.Raw.CommitAsync(
        [
            store.Journeys.Put(tenant, record.SignatureId, record, expectedVersion: 0),
            jobs.Write(tenant, job),
            .. (images ?? new Dictionary<string, CapturedImage>()).Select(image => store.Images.Put(tenant, AdvanceAiStore.ImageId(record.SignatureId, image.Key), image.Value)),
        ], cancellationToken);
    }

    /// <summary>Where a transaction stands now; <paramref name="tenant"/> null finds it in any tenant.</summary>
    public async ValueTask<JourneyResult> FindAsync(string signatureId, string? tenant, CancellationToken cancellationToken)
    {
        if (await jobs.FindAsync(signatureId, tenant, cancellationToken) is not { } job || job.Value.Kind != JourneyJobs.KindName
            || (await store.Journeys.GetAsync(job.Tenant, signatureId, cancellationToken))?.Value is not { } record)
        {
            return new(JourneyProblem.NotFound);
        }
        var now = (await tenants.FindAsync(job.Tenant, cancellationToken)).Now;
        return new(JourneyProblem.None, job.Tenant, record, job.Value, JourneyPlan.ViewAt(job.Value, now));
    }

    /// <summary>The tenant's time now.</summary>
    public async ValueTask<DateTimeOffset> NowAsync(string tenant, CancellationToken cancellationToken) => (await tenants.FindAsync(tenant, cancellationToken)).Now;

    /// <summary>The user opened the page: remembered for the page, no change to get-result.</summary>
    public async ValueTask<JourneyResult> OpenAsync(string signatureId, string? tenant, CancellationToken cancellationToken)
    {
        var found = await PendingAsync(signatureId, tenant, cancellationToken);
        if (found.Problem != JourneyProblem.None || found.Record!.OpenedAt is not null)
        {
            return found;
        }
        var now = (await tenants.FindAsync(found.Tenant!, cancellationToken)).Now;
        var opened = await store.Journeys.UpdateAsync(found.Tenant!, signatureId, r => r is null ? null : r with { OpenedAt = r.OpenedAt ?? now }, cancellationToken);
        return found with { Record = opened };
    }

    /// <summary>
    /// The user submitted the document (and face): <c>SUBMIT_COMPLETED</c> goes out now, the result follows after
    /// the processing time. <paramref name="scenario"/> null: the outcome chosen at generate-url (header or queue)
    /// or forced since.
    /// </summary>
    public async ValueTask<JourneyResult> SubmitAsync(string signatureId, string? tenant, string? scenario, JourneyCapture capture, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(capture);
        var found = await PendingAsync(signatureId, tenant, cancellationToken);
        if (found.Problem != JourneyProblem.None)
        {
            return found;
        }
        Scenario? chosen = null;
        // A refusal answers a call; it is no outcome of a journey.
        if (scenario is not null && (!catalog.TryGet(scenario.Trim(), out chosen) || AdvanceAiScenarios.IsRefusal(chosen.Name)))
        {
            return found with { Problem = JourneyProblem.UnknownScenario };
        }
        var record = found.Record!;
        var owner = found.Tenant!;
        if (record.CallbackUrl is not null)
        {
            await outbox.EnsureRoomAsync(cancellationToken);
        }
        if (capture.DocType is not null || capture.FaceKey is not null || capture.Images.Count > 0)
        {
            // Stored before the submit so that the SUBMIT_COMPLETED receiver's get-result already sees them.
            var writes = capture.Images.Select(image => store.Images.Put(owner, AdvanceAiStore.ImageId(signatureId, image.Key), image.Value)).ToList();
            var stored = await store.Journeys.GetAsync(owner, signatureId, cancellationToken);
            if (stored is not null)
            {
                record = stored.Value with { DocType = capture.DocType ?? stored.Value.DocType, FaceKey = capture.FaceKey ?? stored.Value.FaceKey };
                writes.Add(store.Journeys.Put(owner, signatureId, record, stored.Version));
            }
            await store.Raw.CommitAsync(writes, cancellationToken);
        }
        var now = (await tenants.FindAsync(owner, cancellationToken)).Now;
        var submitted = false;
        var job = await jobs.UpdateAsync(owner, signatureId, job =>
        {
            if (JourneyPlan.ViewAt(job, now).Stage != JourneyStage.Pending)
            {
                return ValueTask.FromResult<JobRecord?>(null);
            }
            submitted = true;
            var name = chosen?.Name ?? job.Scenario;
            var outcome = AdvanceAiScenarios.OutcomeOf(name, documentApi: false, options);
            return ValueTask.FromResult<JobRecord?>(job.Replan(now, JourneyPlan.AfterSubmit(now, outcome, kind.Processing), name));
        }, cancellationToken);
        if (!submitted || job is null)
        {
            return found with { Problem = JourneyProblem.NotPending };
        }
        // The SUBMIT_COMPLETED notice is due now: send it before answering, as the page's upload would.
        await engine.RunDueAsync(owner, cancellationToken);
        var planned = JourneyPlan.OutcomeOf(job.Steps[^1]);
        return new(JourneyProblem.None, owner, record, job, JourneyPlan.ViewAt(job, now), RedirectFor(record, planned));
    }

    /// <summary>The user gave up: INCOMPLETE at once, no notice, the page sends the user to <c>failReturnUrl</c>.</summary>
    public async ValueTask<JourneyResult> AbandonAsync(string signatureId, string? tenant, CancellationToken cancellationToken)
    {
        var found = await PendingAsync(signatureId, tenant, cancellationToken);
        if (found.Problem != JourneyProblem.None)
        {
            return found;
        }
        var now = (await tenants.FindAsync(found.Tenant!, cancellationToken)).Now;
        var abandoned = false;
        var job = await jobs.UpdateAsync(found.Tenant!, signatureId, job =>
        {
            if (JourneyPlan.ViewAt(job, now).Stage != JourneyStage.Pending)
            {
                return ValueTask.FromResult<JobRecord?>(null);
            }
            abandoned = true;
            return ValueTask.FromResult<JobRecord?>(job.Replan(now, [new JobStep(JourneyPlan.Incomplete, now, Data: JourneyPlan.Serialize(Outcomes.Abandoned))], Outcomes.Abandoned.Scenario));
        }, cancellationToken);
        if (!abandoned || job is null)
        {
            return found with { Problem = JourneyProblem.NotPending };
        }
        return new(JourneyProblem.None, found.Tenant, found.Record, job, JourneyPlan.ViewAt(job, now), RedirectFor(found.Record!, Outcomes.Abandoned));
    }

    /// <summary>
    /// Where the page sends the user at the end: PASS to <c>returnUrl</c>, anything else to <c>failReturnUrl</c>,
    /// unless <c>ignoreFailWhenJump</c> is true (then always <c>returnUrl</c>: its semantics are undocumented).
    /// </summary>
    public static string? RedirectFor(JourneyRecord record, JourneyOutcome? outcome)
    {
        ArgumentNullException.ThrowIfNull(record);
        return outcome?.OverallResult == Outcomes.Pass || record.IgnoreFailWhenJump ? record.ReturnUrl : record.FailReturnUrl;
    }

    private async ValueTask<JourneyResult> PendingAsync(string signatureId, string? tenant, CancellationToken cancellationToken)
    {
        var found = await FindAsync(signatureId, tenant, cancellationToken);
        if (found.Problem != JourneyProblem.None)
        {
            return found;
        }
        if (!Products.IsHosted(found.Record!.Product))
        {
            return found with { Problem = JourneyProblem.NotHosted };
        }
        return found.View!.Stage == JourneyStage.Pending ? found : found with { Problem = JourneyProblem.NotPending };
    }
}
