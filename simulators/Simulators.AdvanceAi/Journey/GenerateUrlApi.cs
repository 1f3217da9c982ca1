using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.AdvanceAi.Auth;
using Simulators.Core.Hosting;
using Simulators.Core.Jobs;
using Simulators.Core.Scenarios;
using Simulators.Core.Security;
using Simulators.Core.Webhooks;

namespace Simulators.AdvanceAi.Journey;

/// <summary>The six generate-*-url calls (providers/advance-ai.md §3): each creates a transaction whose job waits for the user's journey.</summary>
internal static class GenerateUrlApi
{
    public const string Prefix = "/intl/openapi/identity-risk/idvs-h5/ekyc/v1/";

    /// <summary>One variant: its path, product, and the fields only it reads.</summary>
    private sealed record Variant(string Path, string Product, bool DocTypeRequired = false, bool SolutionCode = false, bool ProductLevel = false, bool Number = false, bool DocType = true);

    private static readonly Variant[] Variants =
    [
        new("generate-ekyc-verification-url", Products.Ekyc, ProductLevel: true),
        new("generate-url", Products.Idvs, DocTypeRequired: true, SolutionCode: true),
        new("generate-document-verification-url", Products.Document, ProductLevel: true),
        new("generate-liveness-detection-url", Products.Liveness, DocType: false),
        new("generate-face-authentication-url", Products.FaceAuthentication, DocType: false),
        new("generate-non-document-verification-url", Products.NonDocument, Number: true, DocType: false),
    ];

    private static readonly string[] ProductLevels = ["STANDARD", "ADVANCED", "PRO"];

    public static IEnumerable<string> Paths => Variants.Select(v => Prefix + v.Path);

    public static void MapGenerateUrl(this IEndpointRouteBuilder app)
    {
        foreach (var variant in Variants)
        {
            app.MapPost(Prefix + variant.Path, (HttpContext http, Caller caller, JourneyFlow flow, ScenarioResolver scenarios, OutboundPolicy outbound, WebhookOutbox outbox) =>
                GenerateAsync(variant, http, caller, flow, scenarios, outbound, outbox));
        }
    }

    private static async Task<IResult> GenerateAsync(Variant variant, HttpContext http, Caller caller, JourneyFlow flow, ScenarioResolver scenarios, OutboundPolicy outbound, WebhookOutbox outbox)
    {
        var body = await AdvanceAiRequest.ReadObjectAsync(http);
        var record = await ReadAsync(variant, body, http, caller, outbound);
        if (record.CallbackUrl is not null)
        {
            // Notices already accepted are never dropped: when too many wait, new work is refused instead.
            await outbox.EnsureRoomAsync(http.RequestAborted);
        }
        var resolved = await scenarios.ResolveAsync(caller.Tenant, AdvanceAiScenarios.Journey, http.Request.Headers[ScenarioCatalog.Header], null, [], AdvanceAiScenarios.Pass, http.RequestAborted);
        AdvanceAiScenarios.Refuse(resolved.Scenario.Name);
        var url = await flow.CreateAsync(caller.AccessKey, record, resolved.Scenario.Name, http.RequestAborted);
        return new JsonBytes(AdvanceAiJson.Success(w =>
        {
            w.WriteStartObject();
            w.WriteString("signatureId", record.SignatureId);
            w.WriteString("url", url);
            w.WriteEndObject();
        }));
    }

    private static async ValueTask<JourneyRecord> ReadAsync(Variant variant, JsonElement body, HttpContext http, Caller caller, OutboundPolicy outbound)
    {
        var returnUrl = AdvanceAiRequest.Required(body, "returnUrl");
        var failReturnUrl = AdvanceAiRequest.Required(body, "failReturnUrl");
        var bizId = AdvanceAiRequest.Required(body, "bizId");
        var userId = AdvanceAiRequest.Required(body, "userId");
        var region = AdvanceAiRequest.Required(body, "region");
        var docType = variant.DocType ? AdvanceAiRequest.Text(body, "docType") : null;
        if (variant.DocTypeRequired && string.IsNullOrWhiteSpace(docType))
        {
            throw AdvanceAiErrors.Empty.Raise();
        }
        var numberType = variant.Number ? AdvanceAiRequest.Required(body, "numberType") : null;
        var numberValue = variant.Number ? AdvanceAiRequest.Required(body, "numberValue") : null;

        if (!RequestRules.IsValidRedirect(returnUrl))
        {
            throw AdvanceAiErrors.InvalidReturnUrl.Raise();
        }
        if (!RequestRules.IsValidRedirect(failReturnUrl))
        {
            throw AdvanceAiErrors.InvalidFailReturnUrl.Raise();
        }
        var callbackUrl = await RequestRules.CallbackUrlAsync(http, AdvanceAiRequest.Text(body, "callbackUrl"), outbound);
        RequestRules.Length(bizId, RequestRules.MaxBizIdLength);
        RequestRules.Length(userId, RequestRules.MaxUserIdLength);
        RequestRules.Region(region);
        if (!string.IsNullOrEmpty(docType))
        {
            DocTypes.Check(docType);
        }
        if (variant.SolutionCode && AdvanceAiRequest.Text(body, "solutionCode") is { } solution && solution is not ("01" or "02" or "03" or "04" or "05"))
        {
            throw AdvanceAiErrors.SolutionCodeWrong.Raise();
        }
        if (variant.ProductLevel && AdvanceAiRequest.Text(body, "productLevel") is { } level && !ProductLevels.Contains(level, StringComparer.Ordinal))
        {
            throw AdvanceAiErrors.ProductLevelWrong.Raise();
        }
        RequestRules.ColorScheme(AdvanceAiRequest.Text(body, "prefersColorScheme"));
        RequestRules.BizCode(AdvanceAiRequest.Text(body, "bizCode"));
        var language = AdvanceAiRequest.Text(body, "language");
        RequestRules.Length(language, 32);
        RequestRules.Length(AdvanceAiRequest.Text(body, "livenessType"), 64);
        _ = AdvanceAiRequest.Flag(body, "iframeEnabled");
        var ignoreFail = AdvanceAiRequest.Flag(body, "ignoreFailWhenJump") ?? false;
        if (numberType is not null)
        {
            RequestRules.NumberType(numberType, region);
            RequestRules.Length(numberValue, 64);
        }

        return new JourneyRecord(
            AdvanceAiJson.NewHexId(), variant.Product, region,
            variant.DocType ? (string.IsNullOrEmpty(docType) ? DocTypes.DefaultFor(region) : docType) : null,
            returnUrl, failReturnUrl, callbackUrl, ignoreFail, bizId, userId, language, numberType, numberValue, caller.Now);
    }
}
