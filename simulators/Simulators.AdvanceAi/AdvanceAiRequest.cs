using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Simulators.Core.Json;

namespace Simulators.AdvanceAi;

/// <summary>
/// An unreadable body, or a field of the wrong JSON type, is what the vendor's gateway answers before
/// the API sees the call: <c>CLIENT_ERROR</c> <c>HTTP 400 - Bad Request</c>.
/// </summary>
internal sealed class AdvanceAiRequestErrors : IRequestErrors
{
    public static AdvanceAiRequestErrors Instance { get; } = new();

    public Exception Unreadable(string detail) => AdvanceAiErrors.BadRequest.Raise("The body is not readable JSON: " + detail);

    public Exception NotAnObject() => AdvanceAiErrors.BadRequest.Raise("The body is not a JSON object");

    public Exception Missing(string path) => AdvanceAiErrors.Empty.Raise();

    public Exception WrongType(string path, string expected) => AdvanceAiErrors.BadRequest.Raise($"{path} must be {expected}");
}

/// <summary>Reads ADVANCE.AI JSON bodies and their fields with the engine's strict reader.</summary>
internal static class AdvanceAiRequest
{
    public static async Task<JsonElement> ReadObjectAsync(HttpContext http) =>
        await JsonRequest.ReadObjectAsync(http, AdvanceAiRequestErrors.Instance);

    /// <summary>A string field: null when absent or null; another JSON type is <c>CLIENT_ERROR</c>.</summary>
    public static string? Text(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw AdvanceAiErrors.BadRequest.Raise($"{name} must be a string");
    }

    /// <summary>A field documented as a string that public clients also send as a JSON number (the token's timestamp, periodSecond): its text.</summary>
    public static string? TextOrNumber(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw AdvanceAiErrors.BadRequest.Raise($"{name} must be a string or a number"),
        };
    }

    /// <summary>A required string: absent, null or empty (or only spaces) is <c>Parameter should not be empty</c>.</summary>
    public static string Required(JsonElement body, string name) =>
        Text(body, name) is { } text && !string.IsNullOrWhiteSpace(text) ? text : throw AdvanceAiErrors.Empty.Raise($"{name} should not be empty");

    public static bool? Flag(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw AdvanceAiErrors.BadRequest.Raise($"{name} must be a boolean"),
        };
    }

    /// <summary><c>returnImageType</c>: <c>URL</c> (the default) or <c>BASE64</c>.</summary>
    public static bool ReturnsBase64(JsonElement body) => Text(body, "returnImageType") switch
    {
        null or "URL" => false,
        "BASE64" => true,
        _ => throw AdvanceAiErrors.ParameterError.Raise("returnImageType must be URL or BASE64"),
    };
}
