using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.AdvanceAi.Auth;
using Simulators.AdvanceAi.Journey;
using Simulators.Core.Hosting;
using Simulators.Core.Scenarios;
using Simulators.Core.State;
using Simulators.Core.Tenants;

namespace Simulators.AdvanceAi.Results;

/// <summary>get-result, clear-data and face-search (providers/advance-ai.md §4, §5): reads of a transaction of the caller's account.</summary>
internal static class ResultsApi
{
    public const string GetResult = GenerateUrlApi.Prefix + "get-result";
    public const string ClearData = GenerateUrlApi.Prefix + "clear-data";
    public const string FaceSearch = GenerateUrlApi.Prefix + "face-search";

    public static void MapResults(this IEndpointRouteBuilder app)
    {
        app.MapPost(GetResult, GetResultAsync);
        app.MapPost(ClearData, ClearDataAsync);
        app.MapPost(FaceSearch, FaceSearchAsync);
    }

    private static async Task<IResult> GetResultAsync(HttpContext http, Caller caller, JourneyFlow flow, ResultWriter writer, AdvanceAiOptions options, TenantDirectory tenants)
    {
        var body = await AdvanceAiRequest.ReadObjectAsync(http);
        await RefuseIfAskedAsync(http, caller, tenants);
        var signatureId = AdvanceAiRequest.Required(body, "signatureId");
        var base64 = AdvanceAiRequest.ReturnsBase64(body);
        var found = await flow.FindAsync(signatureId, caller.AccessKey, http.RequestAborted);
        if (found.Problem == JourneyProblem.NotFound || (found.Record!.Cleared && options.ResultAfterClear == "not-exist"))
        {
            throw AdvanceAiErrors.SignatureNotExist.Raise();
        }
        var snapshot = await writer.SnapshotAsync(found.Tenant!, found.Record!, found.View!, base64, caller.Now, http.RequestAborted);
        return new JsonBytes(AdvanceAiJson.Success(w => ResultWriter.Write(w, snapshot)));
    }

    private static async Task<IResult> ClearDataAsync(HttpContext http, Caller caller, JourneyFlow flow, AdvanceAiStore store)
    {
        var signatureId = http.Request.Query["signatureId"].ToString();
        if (string.IsNullOrWhiteSpace(signatureId))
        {
            throw AdvanceAiErrors.SignatureIdEmpty.Raise();
        }
        var found = await flow.FindAsync(signatureId, caller.AccessKey, http.RequestAborted);
        if (found.Problem == JourneyProblem.NotFound)
        {
            throw AdvanceAiErrors.SignatureIdNotExist.Raise();
        }
        if (found.View!.Stage is JourneyStage.Pending or JourneyStage.Submitted)
        {
            throw AdvanceAiErrors.NotFinished.Raise();
        }
        var stored = await store.Journeys.GetAsync(caller.AccessKey, signatureId, http.RequestAborted) ?? throw AdvanceAiErrors.SignatureIdNotExist.Raise();
        if (!stored.Value.Cleared)
        {
            try
            {
                // The captured images go with the personal data.
                await store.Raw.CommitAsync(
                [
                    store.Journeys.Put(caller.AccessKey, signatureId, stored.Value with { Cleared = true, FullName = null, IssueDate = null, NumberValue = null }, stored.Version),
                    .. ImageNames.All.Select(name => store.Images.Delete(caller.AccessKey, AdvanceAiStore.ImageId(signatureId, name))),
                ], http.RequestAborted);
            }
            catch (StoreConflictException)
            {
                // Another clear-data of the same transaction is being written.
                throw AdvanceAiErrors.InProcessing.Raise();
            }
        }
        return new JsonBytes(AdvanceAiJson.SuccessWithoutData());
    }

    private static async Task<IResult> FaceSearchAsync(HttpContext http, Caller caller, JourneyFlow flow, AdvanceAiStore store)
    {
        var body = await AdvanceAiRequest.ReadObjectAsync(http);
        var signatureId = AdvanceAiRequest.Required(body, "signatureId");
        var found = await flow.FindAsync(signatureId, caller.AccessKey, http.RequestAborted);
        if (found.Problem == JourneyProblem.NotFound)
        {
            throw AdvanceAiErrors.FaceSearchParameter.Raise();
        }
        if (found.View!.Stage != JourneyStage.Finished || found.View.Outcome?.OverallResult != Outcomes.Pass || !Products.HasFace(found.Record!.Product))
        {
            throw AdvanceAiErrors.NotPass.Raise();
        }
        // The same face: other passed transactions of this account whose face key matches (by default the userId).
        var face = FaceOf(found.Record!);
        var similar = new List<string>();
        foreach (var other in await store.Journeys.ListAsync(caller.AccessKey, http.RequestAborted))
        {
            var candidate = other.Value;
            if (candidate.SignatureId == signatureId || candidate.UserId is null || !Products.HasFace(candidate.Product) || FaceOf(candidate) != face
                || similar.Contains(candidate.UserId, StringComparer.Ordinal))
            {
                continue;
            }
            var view = await flow.FindAsync(candidate.SignatureId, caller.AccessKey, http.RequestAborted);
            if (view.View is { Stage: JourneyStage.Finished, Outcome.OverallResult: Outcomes.Pass })
            {
                similar.Add(candidate.UserId);
            }
        }
        return new JsonBytes(AdvanceAiJson.Success(w =>
        {
            w.WriteStartObject();
            w.WriteString("signatureId", signatureId);
            w.WriteStartArray("similarFaceUserIds");
            foreach (var userId in similar)
            {
                w.WriteStringValue(userId);
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }

    /// <summary>
    /// A refusal scenario named by the X-Simulator-Scenario header, or queued first for the account, answers the
    /// call. Other names are not read here: the outcome of a transaction is chosen when it is created.
    /// </summary>
    private static async ValueTask RefuseIfAskedAsync(HttpContext http, Caller caller, TenantDirectory tenants)
    {
        if (http.Request.Headers.TryGetValue(ScenarioCatalog.Header, out var header))
        {
            AdvanceAiScenarios.Refuse(header.ToString().Trim());
        }
        if (ScenarioResolver.HasQueued(caller.Tenant)
            && await tenants.TakeOutcomeAsync(caller.Tenant.Id, AdvanceAiScenarios.IsRefusal, http.RequestAborted) is { } queued)
        {
            AdvanceAiScenarios.Refuse(queued);
        }
    }

    private static string? FaceOf(JourneyRecord record) => record.FaceKey ?? record.UserId;
}
