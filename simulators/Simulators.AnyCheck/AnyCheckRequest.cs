using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Simulators.Core;
using Simulators.Core.Json;

namespace Simulators.AnyCheck;

/// <summary>Reads AnyCheck request bodies and parameters with the engine's reader, every mistake AnyCheck's own 400.</summary>
internal static class AnyCheckRequest
{
    private static AnyCheckRequestErrors Errors => AnyCheckRequestErrors.Instance;

    /// <summary>The body as a JSON object (a copy, safe to keep).</summary>
    public static ValueTask<JsonElement> ReadObjectAsync(HttpContext http) => JsonRequest.ReadObjectAsync(http, Errors);

    public static string RequiredString(JsonElement body, string name, string? path = null) => body.RequiredString(name, Errors, path);

    public static string? OptionalString(JsonElement body, string name, string? path = null) => body.OptionalString(name, Errors, path);

    public static Guid RequiredUuid(JsonElement body, string name) =>
        OptionalUuid(body, name) ?? throw AnyCheckErrors.Field(name, "is required");

    public static Guid? OptionalUuid(JsonElement body, string name)
    {
        var text = OptionalString(body, name);
        if (text is null)
        {
            return null;
        }
        return StrictText.TryParseUuid(text, out var id) ? id : throw AnyCheckErrors.Field(name, "must be a UUID");
    }

    public static JsonElement? OptionalObject(JsonElement body, string name, string? path = null) => body.OptionalObject(name, Errors, path);

    public static bool? OptionalBool(JsonElement body, string name, string? path = null) => body.OptionalBool(name, Errors, path);

    /// <summary>A path id: malformed → 400 <c>INVALID_ID</c>.</summary>
    public static Guid PathId(string id, string what) =>
        StrictText.TryParseUuid(id, out var parsed) ? parsed : throw AnyCheckErrors.InvalidId.Raise($"'{id}' is not a valid {what} id.");

    /// <summary><c>page_size</c> (default 10, max 100) and <c>page_offset</c> (default 0).</summary>
    public static (int Size, int Offset) Page(HttpRequest request)
    {
        var size = QueryInt(request, "page_size", 10);
        var offset = QueryInt(request, "page_offset", 0);
        if (size is < 1 or > 100)
        {
            throw AnyCheckErrors.Field("page_size", "must be between 1 and 100");
        }
        return offset < 0 ? throw AnyCheckErrors.Field("page_offset", "must be 0 or more") : (size, offset);
    }

    private static int QueryInt(HttpRequest request, string name, int fallback)
    {
        var raw = request.Query[name].ToString();
        if (raw.Length == 0)
        {
            return fallback;
        }
        return StrictText.TryParseInt(raw, out var value) ? value : throw AnyCheckErrors.Field(name, "must be an integer");
    }

    // Stored with every verification and upload: the same text for every request to the same host, made once.
    private static string? _lastBaseUrl;

    /// <summary>Absolute URLs the simulator hands out point back at the simulator itself.</summary>
    public static string BaseUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var last = Volatile.Read(ref _lastBaseUrl);
        var host = request.Host.Value.AsSpan();
        var scheme = request.Scheme;
        if (last is not null && last.Length == scheme.Length + 3 + host.Length && last.AsSpan().StartsWith(scheme) && last.AsSpan(scheme.Length + 3).SequenceEqual(host))
        {
            return last;
        }
        var made = scheme + "://" + request.Host.Value;
        Volatile.Write(ref _lastBaseUrl, made);
        return made;
    }
}
