using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Simulators.Core.Errors;
using Simulators.Core.Json;

namespace Simulators.Verihubs;

/// <summary>Verihubs' answer to an unreadable body or a field of the wrong type: its own 400 (by default <c>INVALID_PAYLOAD</c>).</summary>
internal sealed class VerihubsRequestErrors(ProviderError invalid) : IRequestErrors
{
    public static VerihubsRequestErrors Default { get; } = new(VerihubsErrors.InvalidPayload);

    public Exception Unreadable(string detail) => invalid.Raise("Invalid payload: the body is not a JSON object");

    public Exception NotAnObject() => invalid.Raise("Invalid payload: the body is not a JSON object");

    public Exception Missing(string path) => invalid.Raise($"Invalid payload: {path} is required");

    public Exception WrongType(string path, string expected) => invalid.Raise($"Invalid payload: {path} must be {expected}");
}

/// <summary>Reads Verihubs JSON bodies and their fields with the engine's reader, every mistake Verihubs' own 400.</summary>
internal static partial class VerihubsRequest
{
    /// <summary>The body as a JSON object; empty, malformed or not an object is <c>INVALID_PAYLOAD</c> (by default).</summary>
    public static async Task<JsonElement> ReadObjectAsync(HttpContext http, ProviderError? invalid = null, bool rejectEmpties = true)
    {
        invalid ??= VerihubsErrors.InvalidPayload;
        var root = await JsonRequest.ReadObjectAsync(http, new VerihubsRequestErrors(invalid));
        // "no payload value / more than one empty string" (docs).
        var empty = root.EnumerateObject().Count(p => p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Length == 0);
        if (rejectEmpties && (!root.EnumerateObject().Any() || empty > 1))
        {
            throw invalid.Raise(empty > 1 ? "Invalid payload: more than one empty value" : "Invalid payload: no payload value");
        }
        return root;
    }

    /// <summary>An optional JSON object body (GET with a body); null when there is none.</summary>
    public static async Task<JsonElement?> ReadOptionalObjectAsync(HttpContext http) =>
        await JsonRequest.ReadOptionalObjectAsync(http, VerihubsRequestErrors.Default);

    /// <summary>A boolean flag; absent or null gives the default, anything but true/false is <c>INVALID_PAYLOAD</c>.</summary>
    public static bool Flag(JsonElement body, string name, bool fallback, ProviderError? invalid = null)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw (invalid ?? VerihubsErrors.InvalidPayload).Raise($"Invalid payload: {name} must be a boolean"),
        };
    }

    /// <summary>A string field: null when absent or null; a non-string raises <paramref name="invalid"/>.</summary>
    public static string? OptionalString(JsonElement body, string name, ProviderError invalid)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw invalid.Raise($"{name} must be a string");
    }

    /// <summary>
    /// Validates a reference_id (length and charset are undocumented: see options) and answers the
    /// sandbox codes <c>REFERENCE_ID_TOO_LONG</c> / <c>REFERENCE_ID_TOO_SHORT</c> as the real sandbox does.
    /// </summary>
    public static void CheckReferenceId(string referenceId, VerihubsOptions options)
    {
        if (referenceId is SandboxCodes.ReferenceIdTooLong or SandboxCodes.ReferenceIdTooShort)
        {
            throw VerihubsErrors.InvalidReferenceId.Raise(referenceId == SandboxCodes.ReferenceIdTooLong ? "reference_id is too long" : "reference_id is too short");
        }
        if (referenceId.Length < options.MinReferenceIdLength)
        {
            throw VerihubsErrors.InvalidReferenceId.Raise($"reference_id is too short (at least {options.MinReferenceIdLength} characters)");
        }
        if (referenceId.Length > options.MaxReferenceIdLength)
        {
            throw VerihubsErrors.InvalidReferenceId.Raise($"reference_id is too long (at most {options.MaxReferenceIdLength} characters)");
        }
        if (!HasValidCharset(referenceId, options))
        {
            throw VerihubsErrors.InvalidReferenceId.Raise("reference_id may contain only letters, digits, '_' and '-'");
        }
    }

    public static string NewReferenceId() => Guid.NewGuid().ToString();

    /// <summary>Whether a reference_id keeps to the charset (when the option asks for it): ASCII letters, digits, <c>_</c> and <c>-</c>, nothing else.</summary>
    public static bool HasValidCharset(string referenceId, VerihubsOptions options) =>
        !options.StrictReferenceIdCharset || ReferenceIdCharset().IsMatch(referenceId);

    // \A and \z, not ^ and $: "$" also matches before a final newline.
    [GeneratedRegex(@"\A[A-Za-z0-9_-]*\z")]
    private static partial Regex ReferenceIdCharset();
}
