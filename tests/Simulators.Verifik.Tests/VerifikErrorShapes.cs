using System.Text.Json;

namespace Simulators.Verifik.Tests;

/// <summary>
/// Verifik's documented error bodies (providers/verifik.md §4): which keys, in which order, and which codes
/// each status may carry. A body is one of these or it is not Verifik's.
/// </summary>
internal static class VerifikErrorShapes
{
    private static readonly string[][] Shapes =
    [
        ["code", "message"],
        ["code", "message", "signature"],
        ["message", "code"],
        ["message", "code", "signature"],
        ["message", "code", "status"],
        ["error", "message"],
        ["success", "error", "code"],
        ["error"],
    ];

    /// <summary>The codes (or, in the document-liveness <c>{error, message}</c> shape, the message) each status answers.</summary>
    private static readonly Dictionary<int, string[]> Codes = new()
    {
        [400] = ["BadRequest", "ERROR", "INVALID_PARAMETERS", "INVALID_IMAGE_FORMAT", "UNKNOWN_SCENARIO"],
        [401] = ["Unauthorized", "UNAUTHORIZED", "Forbidden"],
        [403] = ["FORBIDDEN", "Forbidden"],
        [404] = ["NotFound", "DOCUMENT_NOT_FOUND", "DOCUMENT_LIVENESS_NOT_FOUND", "appRegistration_not_found", "document_settings_not_set"],
        [405] = ["MethodNotAllowed"],
        [409] = ["MissingParameter", "PreconditionFailed", "already_exists", "person_already_set", "liveness_failed", "collection_not_set"],
        [412] = ["ERROR"],
        [413] = ["PayloadTooLarge", "IMAGE_TOO_LARGE"],
        [422] = ["MissingParameter"],
        [429] = ["TooManyRequests"],
        [500] = ["ERROR", "InternalServerError"],
        [503] = ["TooManyRequests"],
    };

    /// <summary>Null when <paramref name="body"/> is a Verifik error fit for <paramref name="status"/>; else what is wrong with it.</summary>
    public static string? Check(JsonElement body, int status)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return "not an object";
        }
        var keys = body.EnumerateObject().Select(p => p.Name).ToArray();
        if (!Shapes.Any(s => s.SequenceEqual(keys)))
        {
            return $"keys [{string.Join(", ", keys)}] are none of Verifik's error shapes";
        }
        foreach (var property in body.EnumerateObject().Where(p => p.Name is "code" or "message" or "error"))
        {
            if (property.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(property.Value.GetString()))
            {
                return $"'{property.Name}' is not a text";
            }
            if (property.Value.GetString()!.Contains("Exception", StringComparison.Ordinal) || property.Value.GetString()!.Contains("   at ", StringComparison.Ordinal))
            {
                return $"'{property.Name}' shows the simulator's internals";
            }
        }
        if (body.TryGetProperty("status", out var repeated) && (repeated.ValueKind != JsonValueKind.Number || repeated.GetInt32() != status))
        {
            // The app-registration create 409s repeat their status in the body.
            return "'status' is not the response's";
        }
        if (body.TryGetProperty("success", out var success) && success.ValueKind != JsonValueKind.False)
        {
            return "'success' is not false";
        }
        if (body.TryGetProperty("signature", out var signature)
            && (signature.ValueKind != JsonValueKind.Object || signature.GetProperty("message").GetString() != "Certified by Verifik.co" || signature.GetProperty("dateTime").ValueKind != JsonValueKind.String))
        {
            return "'signature' is not Verifik's";
        }
        if (keys is ["error"])
        {
            // koa-jwt's and the body parser's text: a missing token, an unreadable body, or a status with no entry of its own.
            return status is 401 or 400 || !Codes.ContainsKey(status) ? null : $"{status} has entries of its own, not {{\"error\"}}";
        }
        var code = keys is ["error", "message"] ? body.GetProperty("message").GetString() : body.GetProperty("code").GetString();
        return Codes.TryGetValue(status, out var codes) && !codes.Contains(code, StringComparer.Ordinal)
            ? $"{status} does not answer the code {code}"
            : null;
    }
}
