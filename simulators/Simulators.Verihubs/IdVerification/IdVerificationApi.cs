using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core;
using Simulators.Core.Errors;
using Simulators.Core.Scenarios;
using Simulators.Core.State;
using Simulators.Verihubs.Auth;

namespace Simulators.Verihubs.IdVerification;

/// <summary>The <c>data</c> of an ID check: one match boolean per input field.</summary>
internal sealed record IdVerificationData(Guid Id, bool Nik, bool Name, bool BirthDate, string ReferenceId);

/// <summary>ID Verification (Dukcapil data check, providers/verihubs.md §10): 400s list every bad field in <c>error_fields</c>.</summary>
internal static partial class IdVerificationApi
{
    public const string Message = "ID Check verification has been done";

    public static void MapIdVerification(this IEndpointRouteBuilder app) =>
        app.MapPost("/data-verification/id-verification/verify", Verify).WithMetadata(new VerihubsEndpoint(AuthFamily.IdVerification));

    private static async Task<IResult> Verify(HttpContext http, Caller caller, VerihubsOptions options, ScenarioResolver scenarios, VerihubsStore store)
    {
        JsonElement body;
        try
        {
            body = await VerihubsRequest.ReadObjectAsync(http, rejectEmpties: false);
        }
        catch (ProviderException)
        {
            // This endpoint's 400 always carries error_fields and the documented message.
            throw VerihubsErrors.InvalidPayload.Raise("Invalid payload", [new ErrorField("body", "the body is not a JSON object")]);
        }
        var errors = new List<ErrorField>();
        var nik = Field(body, "nik", errors);
        var name = Field(body, "name", errors);
        var birthDate = Field(body, "birth_date", errors);
        var referenceId = Field(body, "reference_id", errors, required: false);
        if (nik is not null && !Nik().IsMatch(nik))
        {
            errors.Add(new("nik", StrictText.IsAsciiDigits(nik) ? "nik length should consist of 16 digit(s)" : "nik should only contain digits"));
        }
        if (name is not null && !Name().IsMatch(name))
        {
            errors.Add(new("name", "name should only contain alphabet"));
        }
        if (birthDate is not null && !DateOnly.TryParseExact(birthDate, "dd-MM-yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            errors.Add(new("birth_date", "birth_date should be in DD-MM-YYYY format"));
        }
        if (referenceId is not null)
        {
            if (referenceId.Length < options.MinReferenceIdLength || referenceId.Length > options.MaxReferenceIdLength)
            {
                errors.Add(new("reference_id", $"reference_id length should be between {options.MinReferenceIdLength} and {options.MaxReferenceIdLength}"));
            }
            else if (!VerihubsRequest.HasValidCharset(referenceId, options))
            {
                errors.Add(new("reference_id", "reference_id may contain only letters, digits, '_' and '-'"));
            }
            else if (await store.IdvReferences.GetAsync(caller.AppId, referenceId, http.RequestAborted) is not null)
            {
                errors.Add(new("reference_id", "reference_id already exists"));
            }
        }
        if (errors.Count > 0)
        {
            throw VerihubsErrors.InvalidPayload.Raise("Invalid payload", errors);
        }

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
        referenceId ??= VerihubsRequest.NewReferenceId();
        if (!await store.IdvReferences.AddAsync(caller.AppId, referenceId, new ReferenceIdTaken(caller.Now), http.RequestAborted))
        {
            throw VerihubsErrors.InvalidPayload.Raise("Invalid payload", [new ErrorField("reference_id", "reference_id already exists")]);
        }
        await store.ChargeAsync(caller.AppId, caller.Settings, http.RequestAborted);
        return TypedResults.Json(
            new Envelope<IdVerificationData>(Message, new IdVerificationData(Guid.NewGuid(), nikMatch, nameMatch, dateMatch, referenceId)),
            VerihubsJson.Wire.EnvelopeIdVerificationData);
    }

    private static string? Field(JsonElement body, string name, List<ErrorField> errors, bool required = true)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add(new(name, $"{name} is required"));
            }
            return null;
        }
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(new(name, $"{name} should be a string"));
            return null;
        }
        var text = value.GetString()!;
        if (text.Length == 0)
        {
            errors.Add(new(name, $"{name} is required"));
            return null;
        }
        return text;
    }

    // [0-9], not \d (which takes Arabic-Indic and every other script's digits); \A and \z, not ^ and $ (which lets a final newline through).
    [GeneratedRegex(@"\A[0-9]{16}\z")]
    private static partial Regex Nik();

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z .,'-]*\z")]
    private static partial Regex Name();
}
