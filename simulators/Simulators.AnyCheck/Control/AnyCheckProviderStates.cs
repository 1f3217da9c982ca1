using System.Text.Json;
using System.Text.Json.Nodes;
using Simulators.AnyCheck.Auth;
using Simulators.AnyCheck.Folders;
using Simulators.AnyCheck.Services;
using Simulators.AnyCheck.Uploads;
using Simulators.AnyCheck.Verifications;
using Simulators.AnyCheck.Webhooks;
using Simulators.Core.Control;
using Simulators.Core.Lifecycle;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;
using Simulators.Core.Tenants;

namespace Simulators.AnyCheck.Control;

/// <summary>
/// Pact provider states: what the contracts in <c>contracts/pacts/</c> assume exists before an
/// interaction. Each setup starts the caller's tenant afresh with its clock frozen, so interactions
/// never leak into each other and a verification seeded IN_PROGRESS is still IN_PROGRESS when asked.
/// </summary>
internal sealed class AnyCheckProviderStates(
    TenantRegistry<AnyCheckState> tenants,
    AnyCheckCredentials credentials,
    AnyCheckTokens tokens,
    AnyCheckOptions options,
    ScenarioCatalog scenarios,
    LifecyclePump pump,
    AnyCheckWebhooks webhooks)
{
    public const string FolderWithUploads = "a folder with an uploaded KTP and selfie exists";
    public const string VerificationExists = "a verification exists";
    public const string TokenExpired = "the access token has expired";
    public const string NoVerification = "no verification exists";
    public const string SandboxAccount = "the sandbox account exists";

    public static readonly string[] Names = [FolderWithUploads, VerificationExists, TokenExpired, NoVerification, SandboxAccount];

    public IReadOnlyDictionary<string, object?> Apply(string state, JsonObject parameters, string action)
    {
        if (!Names.Contains(state, StringComparer.Ordinal))
        {
            throw new ControlApiException(400, "unknown_state", $"Unknown provider state '{state}'. Known: {string.Join("; ", Names)}.");
        }
        if (action != "setup")
        {
            return new Dictionary<string, object?>();
        }
        var tenantId = credentials.ResolveKey(Param(parameters, "apiKey") ?? options.DefaultApiKey).TenantId;
        tenants.Reset(tenantId);
        var tenant = tenants[tenantId];
        // A contract describes one instant: nothing may move on between setup and request.
        tenant.Clock.Freeze();
        switch (state)
        {
            case FolderWithUploads:
                var folder = Folder(tenant, Guid(parameters, "folderId"));
                Upload(tenant, Required(parameters, "ktpPath"));
                Upload(tenant, Required(parameters, "selfiePath"));
                return new Dictionary<string, object?> { ["folderId"] = folder.Id };
            case VerificationExists:
                return new Dictionary<string, object?> { ["id"] = Verification(tenant, parameters).Id };
            case TokenExpired:
                tokens.MarkExpired(Required(parameters, "token"));
                break;
        }
        return new Dictionary<string, object?>();
    }

    private static FolderRecord Folder(Tenant<AnyCheckState> tenant, Guid id)
    {
        var folder = new FolderRecord(id, tenant.State.NextSequence(), "Contract folder", null, tenant.State.ApiUserId, tenant.Clock.GetUtcNow());
        tenant.State.Folders[id] = folder;
        return folder;
    }

    private static StoredFile Upload(Tenant<AnyCheckState> tenant, string path)
    {
        var id = System.Guid.NewGuid();
        var name = Path.GetFileName(path);
        byte[] bytes = [0xFF, 0xD8, 0xFF, 0xE0, .. System.Text.Encoding.ASCII.GetBytes(path)];
        var file = new StoredFile(id, System.Guid.NewGuid(), path.TrimStart('/'), $"http://127.0.0.1/files/{id}", name, "image/jpeg", bytes, 1, "VERIFICATION_INPUT_FILE");
        tenant.State.FilesById[id] = file;
        tenant.State.FilesByPath[file.Path] = file;
        return file;
    }

    /// <summary>A KTP_SELFIE (or KTP_PEP) verification whose timeline puts it in the requested status now.</summary>
    private Verification Verification(Tenant<AnyCheckState> tenant, JsonObject parameters)
    {
        var status = Param(parameters, "status") ?? AnyCheckScenarios.Completed;
        var type = Param(parameters, "type") ?? AnyCheckScenarios.KtpSelfie;
        var scenarioName = Param(parameters, "scenario") ?? (status == AnyCheckScenarios.Failed ? AnyCheckScenarios.KtpUnreadable : AnyCheckScenarios.DefaultFor(type));
        if (!scenarios.TryGet(scenarioName, out var scenario) || !scenario.Fits(type))
        {
            throw new ControlApiException(400, "invalid_params", $"Scenario '{scenarioName}' does not exist or does not fit {type}.");
        }
        var age = status switch
        {
            AnyCheckScenarios.Queued => 0,
            AnyCheckScenarios.InProgress => options.InProgressAfterSeconds,
            AnyCheckScenarios.Completed or AnyCheckScenarios.Failed => options.FinishedAfterSeconds,
            _ => throw new ControlApiException(400, "invalid_params", "status must be IN_QUEUE, IN_PROGRESS, COMPLETED or FAILED."),
        };
        var ktp = Upload(tenant, "uploads/contract_ktp.jpg");
        var selfie = Upload(tenant, "uploads/contract_selfie.jpg");
        var files = type == AnyCheckScenarios.KtpSelfie ? new[] { ("ktp_file", ktp), ("selfie_file", selfie) } : [("ktp_file", ktp)];
        var folder = Folder(tenant, System.Guid.NewGuid());
        var origin = tenant.Clock.GetUtcNow().AddSeconds(-age);
        var service = ServicesApi.Catalogue[0];
        var configuration = JsonSerializer.SerializeToElement(new JsonObject
        {
            ["verification_type"] = type,
            ["fraud_detection"] = false,
            ["files"] = new JsonObject(files.Select(f => KeyValuePair.Create<string, JsonNode?>(f.Item1, new JsonArray(f.Item2.Path)))),
        }, AnyCheckJson.Wire.JsonObject);
        var verification = new Verification
        {
            Id = Guid(parameters, "id"),
            Sequence = tenant.State.NextSequence(),
            Service = service,
            UserId = tenant.State.ApiUserId,
            ApiKey = "ak_test_****",
            FolderId = folder.Id,
            ResultId = parameters["resultId"] is null ? System.Guid.NewGuid() : Guid(parameters, "resultId"),
            VerificationType = type,
            FraudDetection = false,
            InputFileUrl = files.ToDictionary(f => f.Item1, f => new[] { f.Item2.Url }),
            WebhookUrl = null,
            WebhookMetadata = AnyCheckScenarios.Empty,
            WebhookSecret = null,
            CreditUsed = service.CreditCostDefault,
            TotalFiles = files.Length,
            TotalPages = files.Length,
            CreatedAt = origin,
            Persona = IndonesianPersona.FromBytes(ktp.Bytes),
            BaseUrl = "http://127.0.0.1",
            InputConfig = configuration,
            Scenario = scenario,
        };
        VerificationsApi.Start(verification, tenant, origin, options, pump, webhooks);
        return verification;
    }

    private static string? Param(JsonObject parameters, string name) =>
        parameters[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Required(JsonObject parameters, string name) =>
        Param(parameters, name) ?? throw new ControlApiException(400, "invalid_params", $"Provider state parameter '{name}' is required.");

    private static Guid Guid(JsonObject parameters, string name) =>
        System.Guid.TryParse(Required(parameters, name), out var id) ? id : throw new ControlApiException(400, "invalid_params", $"'{name}' must be a UUID.");
}
