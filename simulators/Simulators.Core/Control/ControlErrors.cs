using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Core.Json;

namespace Simulators.Core.Control;

/// <summary>A control API error: <c>{"error": code, "message": ...}</c> with an HTTP status.</summary>
public sealed class ControlApiException(int status, string code, string message) : Exception(message)
{
    public int Status { get; } = status;

    public string Code { get; } = code;

    public static ControlApiException InvalidBody(string message) => new(StatusCodes.Status400BadRequest, "invalid_body", message);

    public static ControlApiException NotFound(string message) => new(StatusCodes.Status404NotFound, "not_found", message);
}

/// <summary>The control API's answer to a body it cannot read: a camelCase 400 <c>invalid_body</c>.</summary>
public sealed class ControlRequestErrors : IRequestErrors
{
    public static ControlRequestErrors Instance { get; } = new();

    public Exception Unreadable(string detail) => ControlApiException.InvalidBody("The body is not valid JSON: " + detail);

    public Exception NotAnObject() => ControlApiException.InvalidBody("The body must be a JSON object.");

    public Exception Missing(string path) => ControlApiException.InvalidBody($"'{path}' is required.");

    public Exception WrongType(string path, string expected) => ControlApiException.InvalidBody($"'{path}' must be {expected}.");
}

public static class ControlJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>Reading control calls: an optional JSON object body, the tenant it names, typed fields.</summary>
public static class ControlRequest
{
    /// <summary>The body as a JSON object, or null when there is none; anything else is a 400 <c>invalid_body</c>.</summary>
    public static async Task<JsonElement?> ReadBodyAsync(HttpContext http) =>
        await JsonRequest.ReadOptionalObjectAsync(http, ControlRequestErrors.Instance);

    /// <summary>
    /// The tenant a call acts on: the one it names (<c>"tenant"</c> in the body, else <c>?tenant=</c>;
    /// a credential's text stands for that credential's tenant), or null for the whole simulator. A
    /// call made with a tenant's own credential acts on that tenant, and naming another is a 403.
    /// </summary>
    public static async ValueTask<string?> TenantAsync(HttpContext http, JsonElement? body)
    {
        ArgumentNullException.ThrowIfNull(http);
        var named = Text(body, "tenant") ?? http.Request.Query["tenant"].FirstOrDefault();
        if (named is { Length: 0 })
        {
            throw ControlApiException.InvalidBody("'tenant' must not be empty.");
        }
        if (named is { Length: > 512 })
        {
            throw ControlApiException.InvalidBody("'tenant' is longer than 512 characters.");
        }
        var resolved = named is null ? null : await ResolveAsync(http, named);
        if (ControlAccess.BoundTenant(http) is { } bound)
        {
            return resolved is null || string.Equals(resolved, bound, StringComparison.Ordinal)
                ? bound
                : throw new ControlApiException(StatusCodes.Status403Forbidden, "forbidden", "This credential reaches its own tenant only.");
        }
        return resolved;
    }

    /// <summary>What a tenant name given to the control API stands for (the provider's alias, else itself).</summary>
    public static async ValueTask<string> ResolveAsync(HttpContext http, string named)
    {
        ArgumentNullException.ThrowIfNull(http);
        var alias = http.RequestServices.GetRequiredService<Hosting.ModuleDefinition>().TenantAlias;
        return alias is null ? named : await alias(http.RequestServices, named, http.RequestAborted) ?? named;
    }

    /// <summary>A string member of a control body, or a 400 naming it.</summary>
    public static string? Text(JsonElement? body, string name) =>
        body is { } b ? b.OptionalString(name, ControlRequestErrors.Instance) : null;

    public static bool? Flag(JsonElement? body, string name) =>
        body is { } b ? b.OptionalBool(name, ControlRequestErrors.Instance) : null;

    public static int? Whole(JsonElement? body, string name) =>
        body is { } b ? b.OptionalInt(name, ControlRequestErrors.Instance) : null;

    public static double? Number(JsonElement? body, string name) =>
        body is { } b ? b.OptionalNumber(name, ControlRequestErrors.Instance) : null;

    public static IResult Json(object value, int status = StatusCodes.Status200OK) => Results.Json(value, ControlJson.Options, statusCode: status);
}
