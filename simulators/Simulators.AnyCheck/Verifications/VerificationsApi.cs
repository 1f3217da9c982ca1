using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.AnyCheck.Auth;
using Simulators.AnyCheck.Services;
using Simulators.AnyCheck.Uploads;
using Simulators.Core;
using Simulators.Core.Errors;
using Simulators.Core.Hosting;
using Simulators.Core.Jobs;
using Simulators.Core.Json;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;
using Simulators.Core.Security;
using Simulators.Core.State;
using Simulators.Core.Webhooks;

namespace Simulators.AnyCheck.Verifications;

internal static class VerificationsApi
{
    /// <summary>Statuses a review (<c>PUT</c>) may set; the docs' list was cut off, so the simulator allows every settled status.</summary>
    public static readonly string[] ReviewStatuses =
        ["COMPLETED", "NEED_REVIEW", "FAILED", "PARTIALLY_COMPLETED", "PARTIALLY_FAILED", "FRAUD_DETECTED", "CANCELLED"];

    public static void MapVerifications(this IEndpointRouteBuilder app)
    {
        app.MapPost("/verifications", Create);
        app.MapGet("/verifications", ListByResult);
        app.MapGet("/verifications/{id}", Get);
        app.MapPut("/verifications/{id}", Review);
        app.MapPost("/verifications/{id}/retry", Retry);
        // Simulator extension: the CANCELLED status exists, but the docs show no endpoint that sets it.
        app.MapPost("/verifications/{id}/cancel", Cancel);
        // Simulator extension: the current docs show no way for an API client to submit a DRAFT (the legacy path was cut off).
        app.MapPost("/verifications/{id}/submit", Submit);
    }

    private static async Task<IResult> Create(
        HttpContext http, Caller caller, AnyCheckOptions options, AnyCheckStore store, VerificationJobs kind, JobRegistry jobs, ScenarioResolver scenarios, WebhookOutbox outbox, OutboundPolicy outbound)
    {
        var body = await AnyCheckRequest.ReadObjectAsync(http);
        var serviceId = AnyCheckRequest.RequiredUuid(body, "service_id");
        var folderId = AnyCheckRequest.RequiredUuid(body, "folder_id");
        var configuration = AnyCheckRequest.OptionalObject(body, "configuration") ?? throw AnyCheckErrors.Field("configuration", "is required");
        var id = Ids.NewGuid();
        var resultId = AnyCheckRequest.OptionalUuid(body, "result_id") ?? VerificationRecord.ResultIdFor(id);
        var webhookUrl = await WebhookUrlAsync(http, body, outbound);
        var metadata = AnyCheckRequest.OptionalObject(body, "webhook_metadata");
        var secret = metadata is { } m ? AnyCheckRequest.OptionalString(m, "webhook_secret", "webhook_metadata.webhook_secret") : null;
        VerificationInputs inputs;
        try
        {
            inputs = await ReadConfigurationAsync(store, caller.TenantId, configuration, http.RequestAborted);
        }
        catch (ProviderException) when (IsDraftCreate(http, caller))
        {
            inputs = await ReadConfigurationAsync(store, caller.TenantId, configuration, http.RequestAborted, draft: true);
        }

        var service = ServicesApi.Find(serviceId) ?? throw AnyCheckErrors.NotFound.Raise($"Service {serviceId} was not found.");
        await Folders.FoldersApi.FindAsync(store, caller, folderId, http.RequestAborted);

        var scenario = await ScenarioForAsync(http, caller, scenarios, inputs, AnyCheckScenarios.DefaultFor(inputs.Type));
        var draft = scenario.Name == AnyCheckScenarios.Draft;
        if (webhookUrl is not null)
        {
            // Webhooks already accepted are never dropped: when too many wait, new work is refused instead.
            await outbox.EnsureRoomAsync(http.RequestAborted);
        }

        var now = caller.Now;
        var verification = new VerificationRecord(
            Id: id,
            ServiceId: service.Id,
            UserId: caller.CreatorUserId,
            ApiKey: caller.ApiKeyLabel,
            FolderId: folderId,
            ResultId: resultId,
            VerificationType: inputs.Type,
            FraudDetection: inputs.FraudDetection,
            InputFileUrl: inputs.FileUrls,
            WebhookUrl: webhookUrl,
            WebhookMetadata: metadata is { } raw ? WithoutSecret(raw) : AnyCheckScenarios.Empty,
            WebhookSecret: secret,
            // A draft is charged when it is submitted ("review before processing saves credits").
            CreditUsed: draft ? 0 : service.CreditCostDefault,
            TotalFiles: inputs.FileCount,
            TotalPages: inputs.PageCount,
            CreatedAt: now,
            PersonaSeed: inputs.PersonaSeed,
            BaseUrl: AnyCheckRequest.BaseUrl(http.Request),
            OutputFileId: VerificationRecord.OutputIdFor(id),
            OcrJobId: Ids.NewGuid(),
            FraudJobId: Ids.NewGuid(),
            // A copy of the configuration alone: the record does not keep the whole request body alive.
            InputConfig: RawJson.Of(configuration),
            RunStart: 0);
        var job = kind.NewJob(verification, scenario, now);
        if (draft)
        {
            await store.Raw.CommitAsync([store.Verifications.Put(caller.TenantId, verification.Key, verification, expectedVersion: 0), jobs.Write(caller.TenantId, job)], http.RequestAborted);
        }
        else
        {
            await ChargeAndStoreAsync(store, jobs, caller.TenantId, verification, job, options, http.RequestAborted);
        }
        return new JsonBytes(VerificationViews.Serialize(verification, job, now, cache: false), options.CreatedStatus);
    }

    /// <summary>
    /// A create that will be a DRAFT whatever its files say: the header names DRAFT, or the outcome queued
    /// next is DRAFT (it fits every type). A marked file cannot say so, since the file may be missing.
    /// </summary>
    private static bool IsDraftCreate(HttpContext http, Caller caller) =>
        http.Request.Headers[ScenarioCatalog.Header].ToString().Trim().Equals(AnyCheckScenarios.Draft, StringComparison.OrdinalIgnoreCase)
        || (http.Request.Headers[ScenarioCatalog.Header].Count == 0
            && caller.Tenant.Record is { QueuedOutcomes.IsEmpty: false } record
            && record.QueuedOutcomes[0].Equals(AnyCheckScenarios.Draft, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The scenario of a new run (a create or a submitted draft): header, queued outcome, a marked or
    /// catalogued input file, else <paramref name="fallback"/>; one that refuses the call is raised here.
    /// </summary>
    private static async ValueTask<Scenario> ScenarioForAsync(HttpContext http, Caller caller, ScenarioResolver scenarios, VerificationInputs inputs, string fallback)
    {
        var scenario = (await scenarios.ResolveAsync(
            caller.Tenant, inputs.Type, http.Request.Headers[ScenarioCatalog.Header], magicValue: null,
            inputs.All.Select(f => f.Scan), fallback, http.RequestAborted)).Scenario;
        return AnyCheckScenarios.Unusable(scenario, inputs.FraudDetection) is { } unusable ? throw unusable : scenario;
    }

    /// <summary>
    /// Debits the service's cost and stores the verification and its job, all in one commit. If the
    /// balance moved meanwhile, it goes again holding the tenant's lock, so concurrent creates of one
    /// tenant queue instead of refusing each other (the version still guards against other processes).
    /// </summary>
    private static async ValueTask ChargeAndStoreAsync(AnyCheckStore store, JobRegistry jobs, string tenant, VerificationRecord verification, JobRecord job, AnyCheckOptions options, CancellationToken cancellationToken)
    {
        StoreWrite[] Writes() => [store.Verifications.Put(tenant, verification.Key, verification, expectedVersion: 0), jobs.Write(tenant, job)];
        if (await TryChargeAsync(store, tenant, verification.CreditUsed, Writes(), options, cancellationToken))
        {
            return;
        }
        using var held = await BalanceLocks.HoldAsync(tenant, cancellationToken);
        while (!await TryChargeAsync(store, tenant, verification.CreditUsed, Writes(), options, cancellationToken))
        {
            // Another process charged first: read the balance again.
        }
    }

    private static readonly KeyedLocks BalanceLocks = new();

    /// <summary>Debits <paramref name="cost"/> and commits <paramref name="writes"/> with it; false when the balance or a written record moved meanwhile.</summary>
    private static async ValueTask<bool> TryChargeAsync(AnyCheckStore store, string tenant, int cost, IReadOnlyList<StoreWrite> writes, AnyCheckOptions options, CancellationToken cancellationToken)
    {
        var group = await store.Groups.GetAsync(tenant, AnyCheckStore.GroupId, cancellationToken);
        var credits = group?.Value.Credits ?? options.InitialCredits;
        if (credits < cost)
        {
            throw AnyCheckErrors.InsufficientBalance.Raise($"Insufficient credit balance: this verification costs {cost} credits and {credits} remain.");
        }
        try
        {
            await store.Raw.CommitAsync([store.Groups.Put(tenant, AnyCheckStore.GroupId, new GroupAccount(credits - cost), group?.Version ?? 0), .. writes], cancellationToken);
            return true;
        }
        catch (StoreConflictException)
        {
            return false;
        }
    }

    /// <summary>Stores a verification and its job as they are (a provider state's seed): no charge, no checks.</summary>
    public static async ValueTask StoreAsync(AnyCheckStore store, JobRegistry jobs, string tenant, VerificationRecord verification, JobRecord job, CancellationToken cancellationToken) =>
        await store.Raw.CommitAsync([store.Verifications.Put(tenant, verification.Key, verification), jobs.Write(tenant, job, expectedVersion: null)], cancellationToken);

    private static async ValueTask<IResult> Get(string id, HttpContext http, Caller caller, VerificationViews views)
    {
        var now = caller.Now;
        var found = await FindAsync(views, caller, id, http.RequestAborted);
        return Json(found.Value, found.Job.Value, now);
    }

    private static async Task<IResult> ListByResult(HttpContext http, Caller caller, AnyCheckStore store, JobRegistry jobs)
    {
        var raw = http.Request.Query["result_id"].ToString();
        if (raw.Length == 0)
        {
            throw AnyCheckErrors.Field("result_id", "is required");
        }
        var resultId = AnyCheckRequest.PathId(raw, "result");
        var (size, offset) = AnyCheckRequest.Page(http.Request);
        var now = caller.Now;
        var all = new List<VerificationResponse>();
        foreach (var verification in await WithResultAsync(store, caller.TenantId, resultId, http.RequestAborted))
        {
            if (await jobs.GetAsync(caller.TenantId, verification.Id, http.RequestAborted) is { } job)
            {
                all.Add(VerificationViews.View(verification.Value, job.Value, now));
            }
        }
        return TypedResults.Json(
            new VerificationList(all.Count, OverallStatus(all.Select(v => v.Status)), [.. all.Skip(offset).Take(size)]),
            AnyCheckJson.Wire.VerificationList);
    }

    /// <summary>
    /// The tenant's verifications with <paramref name="resultId"/>, in creation order: the indexed ones (a result id the
    /// client sent) and the one it was generated for, if any (<see cref="VerificationRecord.ResultIdFor"/>: not indexed).
    /// </summary>
    private static async ValueTask<IReadOnlyList<Stored<VerificationRecord>>> WithResultAsync(AnyCheckStore store, string tenant, Guid resultId, CancellationToken cancellationToken)
    {
        var indexed = await store.Verifications.ByAsync(tenant, "result", resultId.ToString(), cancellationToken);
        var origin = await store.Verifications.GetAsync(tenant, VerificationRecord.VerificationOfResult(resultId).ToString(), cancellationToken);
        if (origin is null || origin.Value.ResultId != resultId || indexed.Any(v => v.Id == origin.Id))
        {
            return indexed;
        }
        return [.. indexed.Append(origin).OrderBy(v => v.Seq)];
    }

    private static async Task<IResult> Review(string id, HttpContext http, Caller caller, AnyCheckStore store, VerificationViews views, JobRegistry jobs)
    {
        var found = await FindAsync(views, caller, id, http.RequestAborted);
        var body = await AnyCheckRequest.ReadObjectAsync(http);
        var status = AnyCheckRequest.OptionalString(body, "verification_status");
        var output = AnyCheckRequest.OptionalObject(body, "output");
        var configuration = AnyCheckRequest.OptionalObject(body, "configuration");
        if (status is null && output is null && configuration is null)
        {
            throw AnyCheckErrors.InvalidRequest.Raise("Send at least one of verification_status, output, configuration.", new FieldProblem("verification_status", "is required when nothing else is sent"));
        }
        if (status is not null && !ReviewStatuses.Contains(status, StringComparer.Ordinal))
        {
            throw AnyCheckErrors.InvalidValue.Raise($"verification_status must be one of {string.Join(", ", ReviewStatuses)}.", new FieldProblem("verification_status", "is not an allowed value"));
        }
        // A changed configuration is read as a create reads it: validated, its files resolved, what follows from them recomputed.
        var now = caller.Now;
        var inputs = configuration is { } config
            ? await ReadConfigurationAsync(store, caller.TenantId, config, http.RequestAborted, draft: found.StatusAt(now) == AnyCheckScenarios.Draft && status is null && output is null)
            : null;
        while (true)
        {
            var current = found.StatusAt(now);
            var verification = inputs is null ? found.Value : inputs.ApplyTo(found.Value);
            if (current == AnyCheckScenarios.Draft && status is null && output is null)
            {
                // A draft's configuration may change before it is submitted; it stays a draft, updated now.
                var edited = found.Job.Value.Replan(now, [AnyCheckScenarios.Step(AnyCheckScenarios.Draft, now, notify: false)]);
                if (await TryCommitAsync(store, jobs, caller.TenantId, found, verification, edited, http.RequestAborted))
                {
                    return Json(verification, edited, now);
                }
                found = await FindAsync(views, caller, id, http.RequestAborted);
                continue;
            }
            if (VerificationViews.IsRunning(current))
            {
                throw AnyCheckErrors.InvalidRequest.Raise(current == AnyCheckScenarios.Draft
                    ? $"Verification {id} is a DRAFT: it has no result to review. Change only its configuration, or submit it first (POST /verifications/{id}/submit)."
                    : $"Verification {id} is {current}; it can be reviewed once processing has finished.");
            }
            var previous = VerificationViews.View(verification, found.Job.Value, now);
            var reviewedStatus = status ?? current;
            var reviewedOutput = output ?? previous.Output;
            var reviewed = new VerificationOutcome(reviewedStatus, AnyCheckScenarios.OutputStatusFor(reviewedStatus, verification.VerificationType, reviewedOutput), reviewedOutput);
            var job = found.Job.Value.Replan(now, [AnyCheckScenarios.Step(reviewedStatus, now, verification.WebhookUrl is not null, PlannedOutcome.Of(reviewed))]);
            if (await TryCommitAsync(store, jobs, caller.TenantId, found, verification, job, http.RequestAborted))
            {
                return Json(verification, job, now);
            }
            found = await FindAsync(views, caller, id, http.RequestAborted);
        }
    }

    private static async Task<IResult> Retry(string id, HttpContext http, Caller caller, AnyCheckStore store, VerificationViews views, JobRegistry jobs, VerificationJobs kind, ScenarioResolver scenarios)
    {
        var found = await FindAsync(views, caller, id, http.RequestAborted);
        var force = await ForceFlagAsync(http);
        var now = caller.Now;
        var status = found.StatusAt(now);
        if (VerificationViews.IsRunning(status) || (status != AnyCheckScenarios.Failed && !force))
        {
            throw AnyCheckErrors.InvalidRequest.Raise(status == AnyCheckScenarios.Draft
                ? $"Verification {id} is a DRAFT: submit it (POST /verifications/{id}/submit) instead of retrying it."
                : VerificationViews.IsRunning(status)
                ? $"Verification {id} is {status} and cannot be retried until it finishes."
                : $"Verification {id} is {status}; only FAILED verifications can be retried without force=true.");
        }
        var header = http.Request.Headers[ScenarioCatalog.Header].ToString();
        var scenario = header.Length > 0 || ScenarioResolver.HasQueued(caller.Tenant)
            ? (await scenarios.ResolveAsync(caller.Tenant, found.Value.VerificationType, header, null, [], found.Job.Value.Scenario, http.RequestAborted)).Scenario
            : scenarios.Catalog[found.Job.Value.Scenario];
        if (AnyCheckScenarios.Unusable(scenario, found.Value.FraudDetection) is { } unusable)
        {
            throw unusable;
        }
        if (scenario.Name == AnyCheckScenarios.Draft)
        {
            throw AnyCheckErrors.InvalidRequest.Raise("A retry runs the verification: the DRAFT scenario cannot be its outcome.");
        }
        while (true)
        {
            var verification = found.Value with { RunStart = found.Job.Value.Steps.Length };
            var job = kind.Restart(verification, found.Job.Value, scenario, now);
            if (await TryCommitAsync(store, jobs, caller.TenantId, found, verification, job, http.RequestAborted))
            {
                return Json(verification, job, now);
            }
            found = await FindAsync(views, caller, id, http.RequestAborted);
            if (VerificationViews.IsRunning(found.StatusAt(now)))
            {
                throw AnyCheckErrors.InvalidRequest.Raise($"Verification {id} is {found.StatusAt(now)} and cannot be retried until it finishes.");
            }
        }
    }

    private static async Task<IResult> Cancel(string id, HttpContext http, Caller caller, AnyCheckStore store, VerificationViews views, JobRegistry jobs)
    {
        var now = caller.Now;
        while (true)
        {
            var found = await FindAsync(views, caller, id, http.RequestAborted);
            var status = found.StatusAt(now);
            if (!VerificationViews.IsRunning(status))
            {
                throw AnyCheckErrors.InvalidRequest.Raise($"Verification {id} is {status}; only DRAFT, IN_QUEUE or IN_PROGRESS verifications can be cancelled.");
            }
            var job = found.Job.Value.Replan(now, [AnyCheckScenarios.Step(AnyCheckScenarios.Cancelled, now, found.Value.WebhookUrl is not null)]);
            if (await TryCommitAsync(store, jobs, caller.TenantId, found, found.Value, job, http.RequestAborted))
            {
                return Json(found.Value, job, now);
            }
        }
    }

    /// <summary>
    /// A DRAFT goes on as a create would have sent it: charged now, its scenario chosen now (header, queued outcome,
    /// input files, else the type's default), IN_QUEUE from now on. Anything but a DRAFT is a 400.
    /// </summary>
    private static async Task<IResult> Submit(
        string id, HttpContext http, Caller caller, AnyCheckOptions options, AnyCheckStore store, VerificationViews views, JobRegistry jobs, VerificationJobs kind, ScenarioResolver scenarios, WebhookOutbox outbox)
    {
        var found = await FindAsync(views, caller, id, http.RequestAborted);
        var now = caller.Now;
        if (found.StatusAt(now) != AnyCheckScenarios.Draft)
        {
            throw AnyCheckErrors.InvalidRequest.Raise($"Verification {id} is {found.StatusAt(now)}; only a DRAFT can be submitted.");
        }
        var inputs = await ReadConfigurationAsync(store, caller.TenantId, found.Value.InputConfig.Element, http.RequestAborted);
        var scenario = await ScenarioForAsync(http, caller, scenarios, inputs, AnyCheckScenarios.DefaultFor(inputs.Type));
        if (scenario.Name == AnyCheckScenarios.Draft)
        {
            throw AnyCheckErrors.InvalidRequest.Raise("A submitted verification is processed: the DRAFT scenario cannot be its outcome.");
        }
        if (found.Value.WebhookUrl is not null)
        {
            await outbox.EnsureRoomAsync(http.RequestAborted);
        }
        var cost = (ServicesApi.Find(found.Value.ServiceId) ?? ServicesApi.Catalogue[0]).CreditCostDefault;
        while (true)
        {
            var verification = inputs.ApplyTo(found.Value) with { CreditUsed = cost, RunStart = found.Job.Value.Steps.Length };
            var job = kind.Restart(verification, found.Job.Value, scenario, now);
            if (await TryChargeAsync(store, caller.TenantId, cost, [store.Verifications.Put(caller.TenantId, verification.Key, verification, found.Record.Version), jobs.Write(caller.TenantId, job, found.Job.Version)], options, http.RequestAborted))
            {
                return Json(verification, job, now);
            }
            found = await FindAsync(views, caller, id, http.RequestAborted);
            if (found.StatusAt(now) != AnyCheckScenarios.Draft)
            {
                throw AnyCheckErrors.InvalidRequest.Raise($"Verification {id} is {found.StatusAt(now)}; only a DRAFT can be submitted.");
            }
        }
    }

    /// <summary>Writes a changed verification and job with the versions read; false when either changed meanwhile.</summary>
    private static async ValueTask<bool> TryCommitAsync(AnyCheckStore store, JobRegistry jobs, string tenant, VerificationState found, VerificationRecord verification, JobRecord job, CancellationToken cancellationToken)
    {
        var writes = new List<StoreWrite> { jobs.Write(tenant, job, found.Job.Version) };
        if (!ReferenceEquals(verification, found.Value))
        {
            writes.Add(store.Verifications.Put(tenant, verification.Key, verification, found.Record.Version));
        }
        try
        {
            await store.Raw.CommitAsync(writes, cancellationToken);
            return true;
        }
        catch (StoreConflictException)
        {
            return false;
        }
    }

    private static async ValueTask<VerificationState> FindAsync(VerificationViews views, Caller caller, string id, CancellationToken cancellationToken)
    {
        var parsed = AnyCheckRequest.PathId(id, "verification");
        // The path's own text when it is already the canonical form (as clients send back what they got).
        var found = IsCanonical(id) ? await views.FindAsync(caller.TenantId, id, cancellationToken) : await views.FindAsync(caller.TenantId, parsed, cancellationToken);
        return found ?? throw AnyCheckErrors.NotFound.Raise($"Verification {id} was not found.");
    }

    private static bool IsCanonical(string id)
    {
        foreach (var c in id)
        {
            if (c is >= 'A' and <= 'F')
            {
                return false;
            }
        }
        return id.Length == 36;
    }

    private static JsonBytes Json(VerificationRecord verification, JobRecord job, DateTimeOffset now, int status = StatusCodes.Status200OK) =>
        new(VerificationViews.Serialize(verification, job, now), status);

    /// <summary>Suggested rule (providers/anycheck.md §7.14): all done → that status, any running → IN_PROGRESS, a mix → PARTIALLY_COMPLETED.</summary>
    public static string? OverallStatus(IEnumerable<string> statuses)
    {
        var distinct = statuses.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return null;
        }
        if (distinct.Any(VerificationViews.IsRunning))
        {
            return AnyCheckScenarios.InProgress;
        }
        if (distinct.Count == 1)
        {
            return distinct[0];
        }
        return distinct.Contains(AnyCheckScenarios.Completed, StringComparer.Ordinal) ? "PARTIALLY_COMPLETED" : "PARTIALLY_FAILED";
    }

    /// <summary>
    /// A create's (or a review's) <c>configuration</c>: validated, every file path resolved to the tenant's upload.
    /// A <paramref name="draft"/> may be incomplete ("save incomplete verifications"): its files may be missing,
    /// but the paths it names must still be uploads; it is read in full when it is submitted.
    /// </summary>
    private static async ValueTask<VerificationInputs> ReadConfigurationAsync(AnyCheckStore store, string tenant, JsonElement configuration, CancellationToken cancellationToken, bool draft = false)
    {
        var sent = AnyCheckRequest.RequiredString(configuration, "verification_type", "configuration.verification_type");
        // The catalogue's own string: a stored record does not keep a copy of the request's.
        var type = Array.IndexOf(AnyCheckScenarios.VerificationTypes, sent) is var at and >= 0 ? AnyCheckScenarios.VerificationTypes[at] : null;
        if (type is null)
        {
            throw AnyCheckErrors.InvalidValue.Raise(
                $"configuration.verification_type must be one of {string.Join(", ", AnyCheckScenarios.VerificationTypes)}.",
                new FieldProblem("configuration.verification_type", "is not an allowed value"));
        }
        var fraud = false;
        if (configuration.TryGetProperty("fraud_detection", out var flag) && flag.ValueKind != JsonValueKind.Null)
        {
            fraud = flag.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw AnyCheckErrors.Field("configuration.fraud_detection", "must be a boolean"),
            };
        }
        var files = new Dictionary<string, List<StoredFile>>(StringComparer.Ordinal);
        if (AnyCheckRequest.OptionalObject(configuration, "files", "configuration.files") is not { } filesNode)
        {
            return draft ? new VerificationInputs(type, fraud, files, configuration) : throw AnyCheckErrors.Field("configuration.files", "is required");
        }
        var required = type == AnyCheckScenarios.KtpSelfie ? new[] { "ktp_file", "selfie_file" } : ["ktp_file"];
        foreach (var field in required)
        {
            if (await ReadFilesAsync(store, tenant, filesNode, field, required: !draft, cancellationToken) is { } list)
            {
                files[field] = list;
            }
        }
        foreach (var extra in filesNode.EnumerateObject().Where(p => !files.ContainsKey(p.Name)))
        {
            files[extra.Name] = await ReadFilesAsync(store, tenant, filesNode, extra.Name, required: false, cancellationToken) ?? [];
        }
        return new VerificationInputs(type, fraud, files, configuration);
    }

    private static async ValueTask<List<StoredFile>?> ReadFilesAsync(AnyCheckStore store, string tenant, JsonElement files, string field, bool required, CancellationToken cancellationToken)
    {
        var path = "configuration.files." + field;
        if (!files.TryGetProperty(field, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return required ? throw AnyCheckErrors.Field(path, "is required") : null;
        }
        if (list.ValueKind != JsonValueKind.Array || (required && list.GetArrayLength() == 0))
        {
            throw AnyCheckErrors.Field(path, "must be a non-empty array of upload paths");
        }
        var result = new List<StoredFile>();
        var i = 0;
        foreach (var item in list.EnumerateArray())
        {
            var itemPath = $"{path}[{i++}]";
            if (item.ValueKind != JsonValueKind.String)
            {
                throw AnyCheckErrors.Field(itemPath, "must be a string (the path from POST /uploads)");
            }
            result.Add(await UploadsApi.FindByPathAsync(store, tenant, item.GetString()!, cancellationToken) ?? throw AnyCheckErrors.Field(itemPath, $"no uploaded file has the path '{item.GetString()}'"));
        }
        return result;
    }

    private static async ValueTask<string?> WebhookUrlAsync(HttpContext http, JsonElement body, OutboundPolicy outbound)
    {
        var url = AnyCheckRequest.OptionalString(body, "webhook_url");
        if (url is null)
        {
            return null;
        }
        // Uri.TryCreate trims whitespace and escapes spaces: a URL with any of them is not the one the client meant.
        if (StrictText.HasSpaceOrControl(url) || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
        {
            throw AnyCheckErrors.Field("webhook_url", "must be an absolute http or https URL");
        }
        await outbound.CheckSubmittedAsync(http, parsed, "webhook_url", reason => AnyCheckErrors.Field("webhook_url", reason));
        return url;
    }

    private static async Task<bool> ForceFlagAsync(HttpContext http)
    {
        var query = http.Request.Query["force"].ToString();
        if (query.Length > 0)
        {
            return StrictText.TryParseBool(query, out var force) ? force : throw AnyCheckErrors.Field("force", "must be true or false");
        }
        if (http.Request.ContentLength is > 0)
        {
            var body = await AnyCheckRequest.ReadObjectAsync(http);
            if (body.TryGetProperty("force", out var flag))
            {
                return flag.ValueKind switch
                {
                    JsonValueKind.True => true,
                    JsonValueKind.False or JsonValueKind.Null => false,
                    _ => throw AnyCheckErrors.Field("force", "must be a boolean"),
                };
            }
        }
        return false;
    }

    public static JsonElement WithoutSecret(JsonElement metadata)
    {
        if (!metadata.TryGetProperty("webhook_secret", out _))
        {
            return metadata;
        }
        var copy = System.Text.Json.Nodes.JsonNode.Parse(metadata.GetRawText())!.AsObject();
        copy.Remove("webhook_secret");
        return JsonSerializer.SerializeToElement(copy, AnyCheckJson.Wire.JsonObject);
    }
}
