using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Simulators.Core;
using Simulators.Core.Errors;
using Simulators.Verihubs.Auth;

namespace Simulators.Verihubs.IdVerification;

/// <summary>
/// The fields the data-verification family (ID Verification, the certificate check) reads and how each is
/// checked; every problem becomes one <c>error_fields</c> entry of the documented 400.
/// </summary>
internal static partial class DataVerificationFields
{
    /// <summary>The body as an object; anything else is the documented 400 with an <c>error_fields</c> entry for the body.</summary>
    public static async Task<JsonElement> ReadBodyAsync(HttpContext http)
    {
        try
        {
            return await VerihubsRequest.ReadObjectAsync(http, rejectEmpties: false);
        }
        catch (ProviderException)
        {
            throw VerihubsErrors.InvalidPayload.Raise("Invalid payload", [new ErrorField("body", "the body is not a JSON object")]);
        }
    }

    /// <summary>A string field: null (with an entry when required) when absent, null, empty or not a string.</summary>
    public static string? Text(JsonElement body, string name, List<ErrorField> errors, bool required = true)
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

    /// <summary><c>nik</c>, <c>name</c> and <c>birth_date</c>, read and checked as ID Verification documents them.</summary>
    public static (string? Nik, string? Name, string? BirthDate) Identity(JsonElement body, List<ErrorField> errors)
    {
        var nik = Text(body, "nik", errors);
        var name = Text(body, "name", errors);
        var birthDate = Text(body, "birth_date", errors);
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
        return (nik, name, birthDate);
    }

    /// <summary>An optional reference_id: its length and charset, and not already used in the App-ID's data-verification namespace.</summary>
    public static async ValueTask<string?> ReferenceIdAsync(JsonElement body, List<ErrorField> errors, VerihubsOptions options, VerihubsStore store, Caller caller, CancellationToken cancellationToken)
    {
        var referenceId = Text(body, "reference_id", errors, required: false);
        if (referenceId is null)
        {
            return null;
        }
        if (referenceId.Length < options.MinReferenceIdLength || referenceId.Length > options.MaxReferenceIdLength)
        {
            errors.Add(new("reference_id", $"reference_id length should be between {options.MinReferenceIdLength} and {options.MaxReferenceIdLength}"));
        }
        else if (!VerihubsRequest.HasValidCharset(referenceId, options))
        {
            errors.Add(new("reference_id", "reference_id may contain only letters, digits, '_' and '-'"));
        }
        else if (await store.IdvReferences.GetAsync(caller.AppId, referenceId, cancellationToken) is not null)
        {
            errors.Add(new("reference_id", "reference_id already exists"));
        }
        return referenceId;
    }

    /// <summary>Takes the reference_id (generated when the client sent none), or raises the documented 400 when it was taken meanwhile.</summary>
    public static async ValueTask<string> ReserveAsync(string? referenceId, VerihubsStore store, Caller caller, CancellationToken cancellationToken)
    {
        referenceId ??= VerihubsRequest.NewReferenceId();
        return await store.IdvReferences.AddAsync(caller.AppId, referenceId, new ReferenceIdTaken(caller.Now), cancellationToken)
            ? referenceId
            : throw VerihubsErrors.InvalidPayload.Raise("Invalid payload", [new ErrorField("reference_id", "reference_id already exists")]);
    }

    public static void ThrowIfAny(List<ErrorField> errors)
    {
        if (errors.Count > 0)
        {
            throw VerihubsErrors.InvalidPayload.Raise("Invalid payload", errors);
        }
    }

    public static bool IsEmail(string text) => Email().IsMatch(text);

    public static bool IsPhone(string text) => Phone().IsMatch(text);

    // [0-9], not \d (which takes Arabic-Indic and every other script's digits); \A and \z, not ^ and $ (which lets a final newline through).
    [GeneratedRegex(@"\A[0-9]{16}\z")]
    private static partial Regex Nik();

    [GeneratedRegex(@"\A[A-Za-z][A-Za-z .,'-]*\z")]
    private static partial Regex Name();

    [GeneratedRegex(@"\A[^@\s]+@[^@\s]+\.[^@\s]+\z")]
    private static partial Regex Email();

    // Indonesian numbers as clients send them: 08…, 628… or +628…, 9 to 15 digits.
    [GeneratedRegex(@"\A(\+?62|0)8[0-9]{7,12}\z")]
    private static partial Regex Phone();
}
