using System.Text.Json;
using System.Text.Json.Nodes;
using Simulators.AnyCheck.Auth;
using Simulators.AnyCheck.Folders;
using Simulators.AnyCheck.Services;
using Simulators.AnyCheck.Uploads;
using Simulators.AnyCheck.Verifications;
using Simulators.Core;
using Simulators.Core.Control;
using Simulators.Core.Errors;
using Simulators.Core.Hosting;
using Simulators.Core.Jobs;
using Simulators.Core.Json;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;
using static Simulators.Core.Hosting.ProviderStateParameters;

namespace Simulators.AnyCheck.Control;

/// <summary>
/// Pact provider states: what the contracts in <c>contracts/pacts/</c> assume exists before an
/// interaction. The engine starts the caller's tenant afresh with its clock frozen before each
/// setup, so interactions never leak into each other and a verification seeded IN_PROGRESS is still
/// IN_PROGRESS when asked. Records are made by the features' own code paths.
/// </summary>
internal sealed class AnyCheckProviderStates(
    AnyCheckStore store,
    AnyCheckCredentials credentials,
    AnyCheckTokens tokens,
    AnyCheckOptions options,
    ScenarioCatalog scenarios,
    VerificationJobs kind,
    JobRegistry jobs)
{
    public const string FolderWithUploads = "a folder with an uploaded KTP and selfie exists";
    public const string VerificationExists = "a verification exists";
    public const string TokenExpired = "the access token has expired";
    public const string NoVerification = "no verification exists";
    public const string SandboxAccount = "the sandbox account exists";

    /// <summary>Every documented status; each has its own state, <see cref="StateOf"/>, taking the verification's <c>id</c>.</summary>
    public static readonly string[] Statuses =
        ["DRAFT", "IN_QUEUE", "IN_PROGRESS", "COMPLETED", "FAILED", "CANCELLED", "NEED_REVIEW", "FRAUD_DETECTED", "PARTIALLY_COMPLETED", "PARTIALLY_FAILED"];

    /// <summary>The state of one status (no regex metacharacters, and no name inside another: a stub selects states by regex).</summary>
    public static string StateOf(string status) => $"a verification in status {status} exists";

    private static IReadOnlyDictionary<string, object?> None => new Dictionary<string, object?>();

    public static void Declare(ProviderStateTable table)
    {
        table
            .Add(FolderWithUploads, c => States(c).FolderWithUploadsAsync(c))
            .Add(VerificationExists, c => States(c).VerificationAsync(c, Param(c.Parameters, "status") ?? AnyCheckScenarios.Completed))
            .Add(TokenExpired, c => States(c).TokenExpiredAsync(c))
            .Add(NoVerification)
            .Add(SandboxAccount);
        foreach (var status in Statuses)
        {
            table.Add(StateOf(status), c => States(c).VerificationAsync(c, status));
        }
    }

    /// <summary>The tenant a state is for: the one of its <c>apiKey</c> parameter (the default key otherwise).</summary>
    public static async ValueTask<string> TenantOfAsync(ProviderStateRequest request)
    {
        var states = request.Services.GetService(typeof(AnyCheckProviderStates)) as AnyCheckProviderStates ?? throw new InvalidOperationException("AnyCheck provider states are not registered.");
        return await states.TenantOfKeyAsync(Param(request.Parameters, "apiKey"));
    }

    private async ValueTask<string> TenantOfKeyAsync(string? apiKey)
    {
        try
        {
            return (await credentials.ResolveKeyAsync(apiKey ?? options.DefaultApiKey)).TenantId;
        }
        catch (ProviderException refused)
        {
            // The provider's 401 is for its own API; to the control API an unusable key is a bad parameter.
            throw new ControlApiException(400, "invalid_params", $"'apiKey' cannot be used: {refused.Message}");
        }
    }

    private static AnyCheckProviderStates States(ProviderStateContext context) =>
        context.Services.GetService(typeof(AnyCheckProviderStates)) as AnyCheckProviderStates ?? throw new InvalidOperationException("AnyCheck provider states are not registered.");

    private async ValueTask<IReadOnlyDictionary<string, object?>> FolderWithUploadsAsync(ProviderStateContext context)
    {
        var folder = await FolderAsync(context, Guid(context.Parameters, "folderId"));
        await UploadAsync(context, Required(context.Parameters, "ktpPath"));
        await UploadAsync(context, Required(context.Parameters, "selfiePath"));
        return new Dictionary<string, object?> { ["folderId"] = folder.Id };
    }

    private async ValueTask<IReadOnlyDictionary<string, object?>> TokenExpiredAsync(ProviderStateContext context)
    {
        await tokens.MarkExpiredAsync(Required(context.Parameters, "token"));
        return None;
    }

    private async ValueTask<FolderRecord> FolderAsync(ProviderStateContext context, Guid id)
    {
        var folder = new FolderRecord(id, "Contract folder", null, Auth.GroupIdentity.Of(context.Tenant).ApiUserId, context.Now);
        await FoldersApi.TryAddAsync(store, context.Tenant, folder, CancellationToken.None);
        return folder;
    }

    private async ValueTask<StoredFile> UploadAsync(ProviderStateContext context, string path)
    {
        var id = System.Guid.NewGuid();
        var name = Path.GetFileName(path);
        byte[] bytes = [0xFF, 0xD8, 0xFF, 0xE0, .. System.Text.Encoding.ASCII.GetBytes(path)];
        var file = StoredFile.Create(id, System.Guid.NewGuid(), path.TrimStart('/'), $"http://127.0.0.1/files/{id}", name, "image/jpeg", bytes, 1, "VERIFICATION_INPUT_FILE");
        await store.Files.PutAsync(context.Tenant, id.ToString(), file);
        return file;
    }

    /// <summary>
    /// A KTP_SELFIE (or KTP_PEP) verification whose job puts it in <paramref name="status"/> now, by the
    /// plan of the scenario that leads there (FAILED: KTP_UNREADABLE; NEED_REVIEW, FRAUD_DETECTED,
    /// PARTIALLY_COMPLETED, PARTIALLY_FAILED and DRAFT: their own scenarios; the rest: the type's
    /// default), aged so that the status is the current one; CANCELLED by the plan a cancel while in
    /// progress leaves. Made as an API-key caller makes it: <c>user_id</c> null, <c>api_key</c> the key's label.
    /// </summary>
    private async ValueTask<IReadOnlyDictionary<string, object?>> VerificationAsync(ProviderStateContext context, string status)
    {
        var parameters = context.Parameters;
        var type = Param(parameters, "type") ?? AnyCheckScenarios.KtpSelfie;
        var scenarioName = Param(parameters, "scenario") ?? status switch
        {
            AnyCheckScenarios.Failed => AnyCheckScenarios.KtpUnreadable,
            AnyCheckScenarios.NeedReview or AnyCheckScenarios.FraudDetected or AnyCheckScenarios.PartiallyCompleted or AnyCheckScenarios.PartiallyFailed or AnyCheckScenarios.Draft => status,
            _ => AnyCheckScenarios.DefaultFor(type),
        };
        var fraudDetection = scenarioName == AnyCheckScenarios.FraudDetected;
        if (!scenarios.TryGet(scenarioName, out var scenario) || !scenario.Fits(type) || AnyCheckScenarios.Unusable(scenario, fraudDetection) is not null)
        {
            throw new ControlApiException(400, "invalid_params", $"Scenario '{scenarioName}' does not exist, does not fit {type}, or refuses the verification instead of shaping it.");
        }
        if (!Statuses.Contains(status, StringComparer.Ordinal))
        {
            throw new ControlApiException(400, "invalid_params", $"status must be one of {string.Join(", ", Statuses)}.");
        }
        var age = status switch
        {
            AnyCheckScenarios.Queued or AnyCheckScenarios.Draft => 0,
            AnyCheckScenarios.InProgress => options.InProgressAfterSeconds,
            _ => options.FinishedAfterSeconds,
        };
        var ktp = await UploadAsync(context, "uploads/contract_ktp.jpg");
        var selfie = await UploadAsync(context, "uploads/contract_selfie.jpg");
        var files = type == AnyCheckScenarios.KtpSelfie ? new[] { ("ktp_file", ktp), ("selfie_file", selfie) } : [("ktp_file", ktp)];
        var folder = await FolderAsync(context, System.Guid.NewGuid());
        var origin = context.Now.AddSeconds(-age);
        var service = ServicesApi.Catalogue[0];
        var configuration = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["verification_type"] = type,
            ["fraud_detection"] = fraudDetection,
            ["files"] = new JsonObject(files.Select(f => KeyValuePair.Create<string, JsonNode?>(f.Item1, new JsonArray(f.Item2.Path)))),
        }, AnyCheckJson.Wire.JsonObject);
        var id = Guid(parameters, "id");
        var verification = new VerificationRecord(
            Id: id,
            ServiceId: service.Id,
            UserId: null,
            ApiKey: AnyCheckCredentials.KeyLabel(Param(parameters, "apiKey") ?? options.DefaultApiKey),
            FolderId: folder.Id,
            ResultId: parameters["resultId"] is null ? VerificationRecord.ResultIdFor(id) : Guid(parameters, "resultId"),
            VerificationType: type,
            FraudDetection: fraudDetection,
            InputFileUrl: FileUrlMap.Of(files.Select(f => KeyValuePair.Create(f.Item1, new[] { f.Item2.Url }))),
            WebhookUrl: null,
            WebhookMetadata: AnyCheckScenarios.Empty,
            WebhookSecret: null,
            CreditUsed: service.CreditCostDefault,
            TotalFiles: files.Length,
            TotalPages: files.Length,
            CreatedAt: origin,
            PersonaSeed: IndonesianPersona.SeedForSha256(ktp.Scan.Sha256Hex),
            BaseUrl: "http://127.0.0.1",
            OutputFileId: VerificationRecord.OutputIdFor(id),
            OcrJobId: System.Guid.NewGuid(),
            FraudJobId: System.Guid.NewGuid(),
            InputConfig: RawJson.Of(configuration),
            RunStart: 0);
        var job = status == AnyCheckScenarios.Cancelled
            ? JobRecord.Create(verification.Key, VerificationJobs.KindName, scenario.Name, verification.Key, origin, CancelledInProgress(verification, scenario, origin))
            : kind.NewJob(verification, scenario, origin);
        await VerificationsApi.StoreAsync(store, jobs, context.Tenant, verification, job, CancellationToken.None);
        return new Dictionary<string, object?> { ["id"] = verification.Id };
    }

    /// <summary>A run cancelled while in progress: the scenario's plan with a cancel where it would have finished (as the cancel call writes it).</summary>
    private IEnumerable<JobStep> CancelledInProgress(VerificationRecord verification, Scenario scenario, DateTimeOffset origin)
    {
        var planned = AnyCheckScenarios.PlannedFor(scenario, verification.VerificationType, verification.PersonaSeed);
        var plan = AnyCheckScenarios.Plan(scenario, options, origin, planned, notify: false);
        return [.. plan.Take(plan.Count - 1), AnyCheckScenarios.Step(AnyCheckScenarios.Cancelled, plan[^1].At!.Value, notify: false)];
    }

    private static Guid Guid(JsonObject parameters, string name) =>
        StrictText.TryParseUuid(Required(parameters, name), out var id) ? id : throw new ControlApiException(400, "invalid_params", $"'{name}' must be a UUID.");
}
