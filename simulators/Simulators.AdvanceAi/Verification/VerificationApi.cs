using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.AdvanceAi.Auth;
using Simulators.AdvanceAi.Journey;
using Simulators.AdvanceAi.Results;
using Simulators.Core.Hosting;
using Simulators.Core.Images;
using Simulators.Core.Scenarios;
using Simulators.Core.Security;
using Simulators.Core.Webhooks;

namespace Simulators.AdvanceAi.Verification;

/// <summary>
/// The calls without a hosted page (providers/advance-ai.md §5): the synchronous Document API, address
/// verification (a result after the processing time, with a COMPLETED notice) and database-ID verification.
/// </summary>
internal static class VerificationApi
{
    public const string Document = GenerateUrlApi.Prefix + "api/document";
    public const string Address = GenerateUrlApi.Prefix + "api/address-verification/start-verification";
    public const string DatabaseId = GenerateUrlApi.Prefix + "api/database-id-verification";

    private static readonly string[] NameFields = ["firstName", "middleName", "lastName"];

    public static void MapVerification(this IEndpointRouteBuilder app)
    {
        app.MapPost(Document, DocumentAsync);
        app.MapPost(Address, AddressAsync);
        app.MapPost(DatabaseId, DatabaseIdAsync);
    }

    private static async Task<IResult> DocumentAsync(HttpContext http, Caller caller, JourneyFlow flow, ScenarioResolver scenarios, ResultWriter writer, AdvanceAiOptions options)
    {
        var body = await AdvanceAiRequest.ReadObjectAsync(http);
        // Generate URL's fields minus the redirects (reference §5): bizId required, userId optional here.
        var bizId = AdvanceAiRequest.Required(body, "bizId");
        var region = AdvanceAiRequest.Required(body, "region");
        var front = ImageInput(body, "frontImageBase64", "frontImageUrl", required: true);
        var back = ImageInput(body, "backImageBase64", "backImageUrl", required: false);
        var userId = AdvanceAiRequest.Text(body, "userId");
        RequestRules.Length(bizId, RequestRules.MaxBizIdLength);
        RequestRules.Length(userId, RequestRules.MaxUserIdLength);
        RequestRules.Region(region);
        var docType = AdvanceAiRequest.Text(body, "docType") is { Length: > 0 } given ? DocTypes.Check(given) : DocTypes.DefaultFor(region);
        if (AdvanceAiRequest.Text(body, "solutionCode") is { } solution && solution != "05")
        {
            throw AdvanceAiErrors.SolutionCodeWrong.Raise();
        }
        var base64 = AdvanceAiRequest.ReturnsBase64(body);
        _ = AdvanceAiRequest.Flag(body, "noForgeryDetect");

        // The image may carry the SIMULATOR:<NAME> marker; the header and a queued outcome come first.
        var resolved = await scenarios.ResolveFilesAsync(caller.Tenant, AdvanceAiScenarios.DocumentApi, http.Request.Headers[ScenarioCatalog.Header], null,
            [.. new[] { front, back }.OfType<byte[]>().Select(b => (ReadOnlyMemory<byte>)b)], AdvanceAiScenarios.Pass, http.RequestAborted);
        var outcome = AdvanceAiScenarios.OutcomeOf(resolved.Scenario.Name, documentApi: true, options);
        var record = new JourneyRecord(AdvanceAiJson.NewHexId(), Products.DocumentApi, region, docType, null, null, null, false, bizId, userId, null, null, null, caller.Now);
        var plan = JourneyPlan.Immediate(caller.Now, outcome);
        // Images sent as Base64 are served back as they came; a URL is not fetched (the sample stands for it).
        var images = new Dictionary<string, CapturedImage>(StringComparer.Ordinal);
        foreach (var (name, bytes) in new[] { (ImageNames.Front, front), (ImageNames.Back, back) })
        {
            if (bytes is not null && ImageFormats.Sniff(bytes) is { } format)
            {
                images[name] = new CapturedImage(ImageFormats.MediaType(format), bytes);
            }
        }
        await flow.CreateProcessedAsync(caller.AccessKey, record, resolved.Scenario.Name, plan, http.RequestAborted, images);
        var found = await flow.FindAsync(record.SignatureId, caller.AccessKey, http.RequestAborted);
        var snapshot = await writer.SnapshotAsync(found.Tenant!, found.Record!, found.View!, base64, caller.Now, http.RequestAborted);
        return new JsonBytes(AdvanceAiJson.Success(w => ResultWriter.Write(w, snapshot)));
    }

    private static async Task<IResult> AddressAsync(HttpContext http, Caller caller, JourneyFlow flow, JourneyJobs kind, ScenarioResolver scenarios, AdvanceAiOptions options, OutboundPolicy outbound, WebhookOutbox outbox)
    {
        var body = await AdvanceAiRequest.ReadObjectAsync(http);
        var bizId = AdvanceAiRequest.Required(body, "bizId");
        var userId = AdvanceAiRequest.Required(body, "userId");
        var region = AdvanceAiRequest.Required(body, "region");
        var proof = ImageInput(body, "proofFileBase64", "proofFileUrl", required: true);
        var callbackUrl = await RequestRules.CallbackUrlAsync(http, AdvanceAiRequest.Text(body, "callbackUrl"), outbound);
        RequestRules.Length(bizId, RequestRules.MaxBizIdLength);
        RequestRules.Length(userId, RequestRules.MaxUserIdLength);
        RequestRules.Region(region);
        RequestRules.BizCode(AdvanceAiRequest.Text(body, "bizCode"));
        var issueDate = AdvanceAiRequest.Text(body, "issueDate");
        var names = NameFields.Select(n => AdvanceAiRequest.Text(body, n)).Where(n => !string.IsNullOrWhiteSpace(n));
        var fullName = AdvanceAiRequest.Text(body, "fullName") ?? (names.Any() ? string.Join(' ', names) : null);
        RequestRules.Length(fullName, 200);
        RequestRules.Length(issueDate, 32);
        if (callbackUrl is not null)
        {
            await outbox.EnsureRoomAsync(http.RequestAborted);
        }
        var resolved = await scenarios.ResolveFilesAsync(caller.Tenant, AdvanceAiScenarios.Address, http.Request.Headers[ScenarioCatalog.Header], null,
            proof is null ? [] : [proof], AdvanceAiScenarios.Pass, http.RequestAborted);
        // A server-side check has no "gave up midway": its failures are FAIL.
        var outcome = AdvanceAiScenarios.OutcomeOf(resolved.Scenario.Name, documentApi: true, options);
        var record = new JourneyRecord(AdvanceAiJson.NewHexId(), Products.Address, region, null, null, null, callbackUrl, false, bizId, userId, null, null, null, caller.Now,
            FullName: fullName, IssueDate: issueDate);
        await flow.CreateProcessedAsync(caller.AccessKey, record, resolved.Scenario.Name, JourneyPlan.Processed(caller.Now, outcome, kind.Processing), http.RequestAborted);
        return new JsonBytes(AdvanceAiJson.Success(w =>
        {
            w.WriteStartObject();
            w.WriteString("signatureId", record.SignatureId);
            w.WriteEndObject();
        }));
    }

    private static async Task<IResult> DatabaseIdAsync(HttpContext http, Caller caller, ScenarioResolver scenarios, AdvanceAiOptions options)
    {
        var body = await AdvanceAiRequest.ReadObjectAsync(http);
        var bizId = AdvanceAiRequest.Required(body, "bizId");
        var userId = AdvanceAiRequest.Required(body, "userId");
        var region = AdvanceAiRequest.Required(body, "region");
        var numberType = AdvanceAiRequest.Required(body, "numberType");
        var numberValue = AdvanceAiRequest.Required(body, "numberValue");
        RequestRules.Length(bizId, RequestRules.MaxBizIdLength);
        RequestRules.Length(userId, RequestRules.MaxUserIdLength);
        RequestRules.Region(region);
        RequestRules.NumberType(numberType, region);
        RequestRules.Length(numberValue, 64);
        var resolved = await scenarios.ResolveAsync(caller.Tenant, AdvanceAiScenarios.DatabaseId, http.Request.Headers[ScenarioCatalog.Header], null, [], AdvanceAiScenarios.Pass, http.RequestAborted);
        var outcome = AdvanceAiScenarios.OutcomeOf(resolved.Scenario.Name, documentApi: true, options);
        return new JsonBytes(AdvanceAiJson.Success(w =>
        {
            w.WriteStartObject();
            w.WriteString("result", outcome.OverallResult);
            w.StringOrNull("errorCode", outcome.ErrorCode);
            w.WriteString("numberType", numberType);
            w.WriteString("region", region);
            w.WriteEndObject();
        }));
    }

    /// <summary>An image given as Base64 (its bytes, for the scenario marker) or as a URL (not fetched: null bytes); one of the two when required.</summary>
    private static byte[]? ImageInput(JsonElement body, string base64Field, string urlField, bool required)
    {
        var base64 = AdvanceAiRequest.Text(body, base64Field);
        var url = AdvanceAiRequest.Text(body, urlField);
        if (!string.IsNullOrEmpty(base64))
        {
            var bytes = new byte[base64.Length];
            return Convert.TryFromBase64String(base64, bytes, out var written) && written > 0 ? bytes[..written] : throw AdvanceAiErrors.ParameterError.Raise($"{base64Field} is not Base64");
        }
        if (!string.IsNullOrEmpty(url))
        {
            return Uri.TryCreate(url, UriKind.Absolute, out var parsed) && parsed.Scheme is "http" or "https" && url.Length <= RequestRules.MaxUrlLength
                ? Encoding.UTF8.GetBytes(url)
                : throw AdvanceAiErrors.ParameterError.Raise($"{urlField} must be an http(s) URL");
        }
        return required ? throw AdvanceAiErrors.Empty.Raise() : null;
    }
}
