using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.AnyCheck.Auth;
using Simulators.AnyCheck.Services;
using Simulators.AnyCheck.Uploads;
using Simulators.AnyCheck.Webhooks;
using Simulators.Core.Hosting;
using Simulators.Core.Lifecycle;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;
using Simulators.Core.Tenants;

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
    }

    private static async Task<IResult> Create(HttpContext http, AnyCheckAuth auth, AnyCheckOptions options, LifecyclePump pump, AnyCheckWebhooks webhooks, ScenarioCatalog scenarios)
    {
        var caller = auth.Authenticate(http);
        var body = await AnyCheckRequest.ReadObjectAsync(http);
        var serviceId = AnyCheckRequest.RequiredUuid(body, "service_id");
        var folderId = AnyCheckRequest.RequiredUuid(body, "folder_id");
        var configuration = AnyCheckRequest.OptionalObject(body, "configuration") ?? throw AnyCheckErrors.Field("configuration", "is required");
        var resultId = AnyCheckRequest.OptionalUuid(body, "result_id") ?? Guid.NewGuid();
        var webhookUrl = WebhookUrl(body);
        var metadata = AnyCheckRequest.OptionalObject(body, "webhook_metadata");
        var secret = metadata is { } m ? AnyCheckRequest.OptionalString(m, "webhook_secret", "webhook_metadata.webhook_secret") : null;
        var (type, fraudDetection, files) = ReadConfiguration(caller.State, configuration);

        var service = ServicesApi.Find(serviceId) ?? throw AnyCheckErrors.NotFound.Raise($"Service {serviceId} was not found.");
        if (!caller.State.Folders.ContainsKey(folderId))
        {
            throw AnyCheckErrors.NotFound.Raise($"Folder {folderId} was not found.");
        }

        var inputs = files.SelectMany(f => f.Value).ToList();
        var scenario = ScenarioResolver.Resolve(
            scenarios, caller.Tenant, type, http.Request.Headers[ScenarioCatalog.Header], magicValue: null,
            inputs.Select(f => (ReadOnlyMemory<byte>)f.Bytes), AnyCheckScenarios.DefaultFor(type)).Scenario;
        if (AnyCheckScenarios.Refusal(scenario) is { } refusal)
        {
            throw refusal.Raise();
        }
        if (!caller.State.TryCharge(service.CreditCostDefault))
        {
            throw AnyCheckErrors.InsufficientBalance.Raise($"Insufficient credit balance: this verification costs {service.CreditCostDefault} credits and {caller.State.Credits} remain.");
        }

        var now = caller.Now;
        var verification = new Verification
        {
            Id = Guid.NewGuid(),
            Sequence = caller.State.NextSequence(),
            Service = service,
            UserId = caller.UserId,
            ApiKey = caller.ApiKeyLabel,
            FolderId = folderId,
            ResultId = resultId,
            VerificationType = type,
            FraudDetection = fraudDetection,
            InputFileUrl = files.ToDictionary(f => f.Key, f => f.Value.Select(x => x.Url).ToArray()),
            WebhookUrl = webhookUrl,
            WebhookMetadata = metadata is { } raw ? WithoutSecret(raw) : AnyCheckScenarios.Empty,
            WebhookSecret = secret,
            CreditUsed = service.CreditCostDefault,
            TotalFiles = inputs.Count,
            TotalPages = inputs.Sum(f => f.PageCount),
            CreatedAt = now,
            Persona = IndonesianPersona.FromBytes(files.First().Value[0].Bytes),
            BaseUrl = AnyCheckRequest.BaseUrl(http.Request),
            InputConfig = configuration,
            Scenario = scenario,
        };
        Start(verification, caller.Tenant, now, options, pump, webhooks);
        return Json(verification, now, options.CreatedStatus);
    }

    /// <summary>Gives a new verification its timeline from <paramref name="origin"/> (its creation), stores it and starts announcing its steps.</summary>
    public static void Start(Verification verification, Tenant<AnyCheckState> tenant, DateTimeOffset origin, AnyCheckOptions options, LifecyclePump pump, AnyCheckWebhooks webhooks)
    {
        var outcome = AnyCheckScenarios.Outcome(verification.Scenario, verification.VerificationType, verification.Persona);
        verification.Timeline = pump.Create(tenant, AnyCheckScenarios.Plan(verification.Scenario, options).From(origin).Select(s => WithOutcome(s, outcome)), step => webhooks.OnReached(verification, step));
        tenant.State.Verifications[verification.Id] = verification;
        tenant.State.ByOutputFile[verification.OutputFileId] = verification;
        pump.Track(verification.Timeline);
    }

    private static IResult Get(string id, HttpContext http, AnyCheckAuth auth)
    {
        var caller = auth.Authenticate(http);
        return Json(Find(caller, id), caller.Now);
    }

    private static IResult ListByResult(HttpContext http, AnyCheckAuth auth)
    {
        var caller = auth.Authenticate(http);
        var raw = http.Request.Query["result_id"].ToString();
        if (raw.Length == 0)
        {
            throw AnyCheckErrors.Field("result_id", "is required");
        }
        var resultId = AnyCheckRequest.PathId(raw, "result");
        var (size, offset) = AnyCheckRequest.Page(http.Request);
        var now = caller.Now;
        var all = caller.State.Verifications.Values
            .Where(v => v.ResultId == resultId)
            .OrderBy(v => v.Sequence)
            .Select(v => v.View(now))
            .ToList();
        return TypedResults.Json(
            new VerificationList(all.Count, OverallStatus(all.Select(v => v.Status)), [.. all.Skip(offset).Take(size)]),
            AnyCheckJson.Wire.VerificationList);
    }

    private static async Task<IResult> Review(string id, HttpContext http, AnyCheckAuth auth)
    {
        var caller = auth.Authenticate(http);
        var verification = Find(caller, id);
        var body = await AnyCheckRequest.ReadObjectAsync(http);
        var status = AnyCheckRequest.OptionalString(body, "verification_status");
        var output = AnyCheckRequest.OptionalObject(body, "output");
        var configuration = AnyCheckRequest.OptionalObject(body, "configuration");
        if (status is null && output is null && configuration is null)
        {
            throw AnyCheckErrors.InvalidRequest.Raise("Send at least one of verification_status, output, configuration.", new FieldError("verification_status", "is required when nothing else is sent"));
        }
        if (status is not null && !ReviewStatuses.Contains(status, StringComparer.Ordinal))
        {
            throw AnyCheckErrors.InvalidValue.Raise($"verification_status must be one of {string.Join(", ", ReviewStatuses)}.", new FieldError("verification_status", "is not an allowed value"));
        }
        var now = caller.Now;
        var current = verification.Timeline.At(now)!;
        if (Verification.IsRunning(current.State))
        {
            throw AnyCheckErrors.InvalidRequest.Raise($"Verification {id} is {current.State}; it can be reviewed once processing has finished.");
        }
        if (configuration is { } config)
        {
            verification.InputConfig = config;
        }
        var previous = verification.View(now);
        var reviewed = new VerificationOutcome(status ?? current.State, previous.OutputStatus, output ?? previous.Output);
        verification.Timeline.Replan([new TimelineStep(now, status ?? current.State, reviewed)]);
        return Json(verification, now);
    }

    private static async Task<IResult> Retry(string id, HttpContext http, AnyCheckAuth auth, AnyCheckOptions options, ScenarioCatalog scenarios)
    {
        var caller = auth.Authenticate(http);
        var verification = Find(caller, id);
        var force = await ForceFlagAsync(http);
        var now = caller.Now;
        var status = verification.StatusAt(now);
        if (Verification.IsRunning(status) || (status != AnyCheckScenarios.Failed && !force))
        {
            throw AnyCheckErrors.InvalidRequest.Raise(Verification.IsRunning(status)
                ? $"Verification {id} is {status} and cannot be retried until it finishes."
                : $"Verification {id} is {status}; only FAILED verifications can be retried without force=true.");
        }
        var header = http.Request.Headers[ScenarioCatalog.Header].ToString();
        var scenario = header.Length > 0 || caller.Tenant.QueuedOutcomes.Count > 0
            ? ScenarioResolver.Resolve(scenarios, caller.Tenant, verification.VerificationType, header, null, [], verification.Scenario.Name).Scenario
            : verification.Scenario;
        if (AnyCheckScenarios.Refusal(scenario) is { } refusal)
        {
            throw refusal.Raise();
        }
        Restart(verification, scenario, options, now);
        return Json(verification, now);
    }

    private static IResult Cancel(string id, HttpContext http, AnyCheckAuth auth)
    {
        var caller = auth.Authenticate(http);
        var verification = Find(caller, id);
        var now = caller.Now;
        var status = verification.StatusAt(now);
        if (!Verification.IsRunning(status))
        {
            throw AnyCheckErrors.InvalidRequest.Raise($"Verification {id} is {status}; only IN_QUEUE or IN_PROGRESS verifications can be cancelled.");
        }
        verification.Timeline.Replan([new TimelineStep(now, AnyCheckScenarios.Cancelled)]);
        return Json(verification, now);
    }

    /// <summary>Forces a scenario on an existing verification (control API). A finished one is re-finished now; a running one keeps its timing.</summary>
    public static bool Force(Verification verification, Scenario scenario, AnyCheckOptions options)
    {
        if (AnyCheckScenarios.Refusal(scenario) is not null || !scenario.Fits(verification.VerificationType))
        {
            return false;
        }
        var now = verification.Timeline.Tenant.Clock.GetUtcNow();
        var status = verification.StatusAt(now);
        var outcome = AnyCheckScenarios.Outcome(scenario, verification.VerificationType, verification.Persona);
        verification.Scenario = scenario;
        if (!Verification.IsRunning(status))
        {
            verification.Timeline.Replan([new TimelineStep(now, outcome.Status, outcome)]);
            return true;
        }
        var runStart = verification.Timeline.Steps[verification.RunStartIndex].At;
        var plan = AnyCheckScenarios.Plan(scenario, options).From(runStart).ToList();
        var reachedIndex = plan.FindIndex(s => s.State == status);
        verification.Timeline.Replan(plan.Skip(reachedIndex + 1).Select(s => WithOutcome(s with { At = s.At < now ? now : s.At }, outcome)));
        return true;
    }

    private static void Restart(Verification verification, Scenario scenario, AnyCheckOptions options, DateTimeOffset now)
    {
        var outcome = AnyCheckScenarios.Outcome(scenario, verification.VerificationType, verification.Persona);
        verification.Scenario = scenario;
        verification.RunStartIndex = verification.Timeline.Steps.Length;
        verification.Timeline.Replan(AnyCheckScenarios.Plan(scenario, options).From(now).Select(s => WithOutcome(s, outcome)));
    }

    private static TimelineStep WithOutcome(TimelineStep step, VerificationOutcome outcome) =>
        step.State == outcome.Status ? step with { Outcome = outcome } : step;

    private static Verification Find(Caller caller, string id) =>
        caller.State.Verifications.GetValueOrDefault(AnyCheckRequest.PathId(id, "verification"))
        ?? throw AnyCheckErrors.NotFound.Raise($"Verification {id} was not found.");

    private static JsonBytes Json(Verification verification, DateTimeOffset now, int status = StatusCodes.Status200OK) =>
        new(verification.Serialize(now), status);

    /// <summary>Suggested rule (providers/anycheck.md §7.14): all done → that status, any running → IN_PROGRESS, a mix → PARTIALLY_COMPLETED.</summary>
    public static string? OverallStatus(IEnumerable<string> statuses)
    {
        var distinct = statuses.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return null;
        }
        if (distinct.Any(Verification.IsRunning))
        {
            return AnyCheckScenarios.InProgress;
        }
        if (distinct.Count == 1)
        {
            return distinct[0];
        }
        return distinct.Contains(AnyCheckScenarios.Completed, StringComparer.Ordinal) ? "PARTIALLY_COMPLETED" : "PARTIALLY_FAILED";
    }

    private static (string Type, bool FraudDetection, Dictionary<string, List<StoredFile>> Files) ReadConfiguration(AnyCheckState state, JsonElement configuration)
    {
        var type = AnyCheckRequest.RequiredString(configuration, "verification_type", "configuration.verification_type");
        if (!AnyCheckScenarios.VerificationTypes.Contains(type, StringComparer.Ordinal))
        {
            throw AnyCheckErrors.InvalidValue.Raise(
                $"configuration.verification_type must be one of {string.Join(", ", AnyCheckScenarios.VerificationTypes)}.",
                new FieldError("configuration.verification_type", "is not an allowed value"));
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
        var filesNode = AnyCheckRequest.OptionalObject(configuration, "files", "configuration.files") ?? throw AnyCheckErrors.Field("configuration.files", "is required");
        var required = type == AnyCheckScenarios.KtpSelfie ? new[] { "ktp_file", "selfie_file" } : ["ktp_file"];
        var files = new Dictionary<string, List<StoredFile>>(StringComparer.Ordinal);
        foreach (var field in required)
        {
            files[field] = ReadFiles(state, filesNode, field, required: true)!;
        }
        foreach (var extra in filesNode.EnumerateObject().Where(p => !files.ContainsKey(p.Name)))
        {
            files[extra.Name] = ReadFiles(state, filesNode, extra.Name, required: false) ?? [];
        }
        return (type, fraud, files);
    }

    private static List<StoredFile>? ReadFiles(AnyCheckState state, JsonElement files, string field, bool required)
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
            result.Add(UploadsApi.FindByPath(state, item.GetString()!) ?? throw AnyCheckErrors.Field(itemPath, $"no uploaded file has the path '{item.GetString()}'"));
        }
        return result;
    }

    private static string? WebhookUrl(JsonElement body)
    {
        var url = AnyCheckRequest.OptionalString(body, "webhook_url");
        if (url is null)
        {
            return null;
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https"
            ? url
            : throw AnyCheckErrors.Field("webhook_url", "must be an absolute http or https URL");
    }

    private static async Task<bool> ForceFlagAsync(HttpContext http)
    {
        var query = http.Request.Query["force"].ToString();
        if (query.Length > 0)
        {
            return bool.TryParse(query, out var force) ? force : throw AnyCheckErrors.Field("force", "must be true or false");
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
