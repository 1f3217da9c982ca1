using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Scenarios;
using Simulators.Verihubs.Auth;

namespace Simulators.Verihubs.IdVerification;

/// <summary>The <c>data</c> of an ID check: one match boolean per input field.</summary>
internal sealed record IdVerificationData(Guid Id, bool Nik, bool Name, bool BirthDate, string ReferenceId);

/// <summary>ID Verification (Dukcapil data check, providers/verihubs.md §10): 400s list every bad field in <c>error_fields</c>.</summary>
internal static class IdVerificationApi
{
    public const string Message = "ID Check verification has been done";

    public static void MapIdVerification(this IEndpointRouteBuilder app) =>
        app.MapPost("/data-verification/id-verification/verify", Verify).WithMetadata(new VerihubsEndpoint(AuthFamily.IdVerification));

    private static async Task<IResult> Verify(HttpContext http, Caller caller, VerihubsOptions options, ScenarioResolver scenarios, VerihubsStore store)
    {
        var body = await DataVerificationFields.ReadBodyAsync(http);
        var errors = new List<ErrorField>();
        _ = DataVerificationFields.Identity(body, errors);
        var referenceId = await DataVerificationFields.ReferenceIdAsync(body, errors, options, store, caller, http.RequestAborted);
        DataVerificationFields.ThrowIfAny(errors);

        var resolved = await scenarios.ResolveAsync(caller.Tenant, VerihubsScenarios.IdVerification, http.Request.Headers[ScenarioCatalog.Header], null, [], VerihubsScenarios.IdvMatch, http.RequestAborted);
        var (nikMatch, nameMatch, dateMatch) = resolved.Scenario.Name switch
        {
            VerihubsScenarios.InsufficientQuota => throw VerihubsErrors.InsufficientQuota.Raise(),
            VerihubsScenarios.InternalServerError => throw VerihubsErrors.InternalServerError.Raise(),
            // Sandbox App-IDs answer a dummy all-true result (docs) unless the tester forces one.
            _ when caller.VendorSandbox && resolved.Source == ScenarioSource.Default => (true, true, true),
            VerihubsScenarios.IdvNameMismatch => (true, false, true),
            VerihubsScenarios.IdvBirthDateMismatch => (true, true, false),
            VerihubsScenarios.IdvNotFound => (false, false, false),
            _ => (true, true, true),
        };
        referenceId = await DataVerificationFields.ReserveAsync(referenceId, store, caller, http.RequestAborted);
        await store.ChargeAsync(caller.AppId, caller.Settings, http.RequestAborted);
        return TypedResults.Json(
            new Envelope<IdVerificationData>(Message, new IdVerificationData(Guid.NewGuid(), nikMatch, nameMatch, dateMatch, referenceId)),
            VerihubsJson.Wire.EnvelopeIdVerificationData);
    }
}
