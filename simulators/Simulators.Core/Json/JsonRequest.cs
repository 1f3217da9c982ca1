using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http;

namespace Simulators.Core.Json;

/// <summary>
/// A provider's (or the control API's) answer to a body it cannot read, or a field of the wrong
/// type: its own 400, never a 500. Each method returns the exception to throw.
/// </summary>
public interface IRequestErrors
{
    /// <summary>Not JSON, invalid UTF-8, a lone surrogate escape, a duplicate key, nesting too deep.</summary>
    Exception Unreadable(string detail);

    /// <summary>JSON, but not an object.</summary>
    Exception NotAnObject();

    Exception Missing(string path);

    Exception WrongType(string path, string expected);
}

/// <summary>
/// The one JSON request reader: strict parsing (no duplicate keys, bounded depth), every string
/// checked to be valid Unicode up front, so that reading a field later can never throw, and typed
/// field accessors that raise the caller's own errors.
/// </summary>
public static class JsonRequest
{
    public const int MaxDepth = 64;

    private static readonly JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false, MaxDepth = MaxDepth };

    /// <summary>The body as a JSON object (a copy, safe to keep).</summary>
    public static async ValueTask<JsonElement> ReadObjectAsync(HttpContext http, IRequestErrors errors) =>
        await ReadOptionalObjectAsync(http, errors, emptyIsMissing: false) ?? throw errors.Unreadable("the body is empty");

    /// <summary>The body as a JSON object, or null when there is no body.</summary>
    public static ValueTask<JsonElement?> ReadOptionalObjectAsync(HttpContext http, IRequestErrors errors) =>
        ReadOptionalObjectAsync(http, errors, emptyIsMissing: true);

    /// <summary>Parses a JSON value strictly and checks its strings; any problem is <see cref="IRequestErrors.Unreadable"/>.</summary>
    public static JsonElement Parse(ReadOnlyMemory<byte> json, IRequestErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        try
        {
            using var doc = JsonDocument.Parse(json, Strict);
            return Checked(doc.RootElement, errors);
        }
        catch (JsonException ex)
        {
            throw errors.Unreadable(Describe(ex));
        }
        catch (InvalidOperationException)
        {
            // The duplicate-key check decodes property names: an invalid one surfaces here.
            throw errors.Unreadable(BadName);
        }
    }

    private const string BadName = "a property name is not valid Unicode (invalid UTF-8 or a lone surrogate escape)";

    private static async ValueTask<JsonElement?> ReadOptionalObjectAsync(HttpContext http, IRequestErrors errors, bool emptyIsMissing)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(errors);
        if (emptyIsMissing && http.Request.ContentLength is 0 or null && http.Request.Headers.TransferEncoding.Count == 0)
        {
            return null;
        }
        byte[]? rented = null;
        try
        {
            JsonDocument doc;
            try
            {
                if (http.Request.ContentLength is { } announced and > 0 and <= SmallBody)
                {
                    // The usual case, a body of known and modest length: one read into a pooled buffer and a synchronous parse.
                    rented = ArrayPool<byte>.Shared.Rent((int)announced);
                    var read = await http.Request.Body.ReadAtLeastAsync(rented.AsMemory(0, (int)announced), (int)announced, throwOnEndOfStream: false, http.RequestAborted);
                    doc = JsonDocument.Parse(rented.AsMemory(0, read), Strict);
                }
                else
                {
                    doc = await JsonDocument.ParseAsync(http.Request.Body, Strict, http.RequestAborted);
                }
            }
            catch (JsonException ex)
            {
                throw errors.Unreadable(Describe(ex));
            }
            catch (InvalidOperationException)
            {
                // The duplicate-key check decodes property names: an invalid one surfaces here.
                throw errors.Unreadable(BadName);
            }
            using (doc)
            {
                // Checked returns a clone: nothing of the result refers to the pooled buffer.
                return doc.RootElement.ValueKind == JsonValueKind.Object ? Checked(doc.RootElement, errors) : throw errors.NotAnObject();
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Bodies up to this length are read in one go into a pooled buffer; longer or unannounced ones are streamed.</summary>
    private const int SmallBody = 256 * 1024;

    private static JsonElement Checked(JsonElement root, IRequestErrors errors)
    {
        // A quick pass first; paths are worked out only for a body that has a bad string.
        if (HasBadString(root) && FindBadString(root, "") is { } bad)
        {
            throw errors.Unreadable(bad);
        }
        return root.Clone();
    }

    private static bool HasBadString(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsValidName(property) || HasBadString(property.Value))
                    {
                        return true;
                    }
                }
                return false;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (HasBadString(item))
                    {
                        return true;
                    }
                }
                return false;
            case JsonValueKind.String:
                return !IsValidString(element);
            default:
                return false;
        }
    }

    /// <summary>Where the first string that is not valid Unicode is, or null.</summary>
    private static string? FindBadString(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsValidName(property))
                    {
                        return $"a property name in {Where(path)} is not valid Unicode (invalid UTF-8 or a lone surrogate escape)";
                    }
                    var name = path.Length == 0 ? property.Name : path + "." + property.Name;
                    if (FindBadString(property.Value, name) is { } bad)
                    {
                        return bad;
                    }
                }
                return null;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindBadString(item, string.Create(CultureInfo.InvariantCulture, $"{path}[{i++}]")) is { } bad)
                    {
                        return bad;
                    }
                }
                return null;
            case JsonValueKind.String:
                return IsValidString(element)
                    ? null
                    : $"the string at {Where(path)} is not valid Unicode (invalid UTF-8 or a lone surrogate escape)";
            default:
                return null;
        }
    }

    private static string Where(string path) => path.Length == 0 ? "the top level" : "'" + path + "'";

    private static bool IsValidName(JsonProperty property) =>
        IsValid(JsonMarshal.GetRawUtf8PropertyName(property), property, static p => _ = p.Name);

    private static bool IsValidString(JsonElement element) =>
        IsValid(JsonMarshal.GetRawUtf8Value(element), element, static e => _ = e.GetString());

    // Raw text without an escape is valid when it is valid UTF-8; with one, decoding it tells (a lone surrogate throws).
    // The decoder is a static lambda given its state: this runs for every property and string of every body, and allocates nothing.
    private static bool IsValid<T>(ReadOnlySpan<byte> raw, T state, Action<T> decode)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Utf8.IsValid(raw);
        }
        try
        {
            decode(state);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static string Describe(JsonException ex) =>
        ex.Message.Contains("duplicate", StringComparison.OrdinalIgnoreCase) ? "the body has a duplicate key: " + ex.Message
        : ex.Message.Contains("depth", StringComparison.OrdinalIgnoreCase) ? $"the body is nested deeper than {MaxDepth} levels"
        : ex.Message;

    // Field accessors. Strings were checked by the reader, so GetString never throws here.

    public static string? OptionalString(this JsonElement body, string name, IRequestErrors errors, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.String ? value.GetString() : throw errors.WrongType(path ?? name, "a string");
    }

    public static string RequiredString(this JsonElement body, string name, IRequestErrors errors, string? path = null) =>
        body.OptionalString(name, errors, path) ?? throw errors.Missing(path ?? name);

    public static JsonElement? OptionalObject(this JsonElement body, string name, IRequestErrors errors, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Object ? value : throw errors.WrongType(path ?? name, "an object");
    }

    public static bool? OptionalBool(this JsonElement body, string name, IRequestErrors errors, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw errors.WrongType(path ?? name, "a boolean"),
        };
    }

    public static double? OptionalNumber(this JsonElement body, string name, IRequestErrors errors, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? number
            : throw errors.WrongType(path ?? name, "a number");
    }

    /// <summary>A whole number within <see cref="int"/>; a fraction or a larger number is the wrong type.</summary>
    public static int? OptionalInt(this JsonElement body, string name, IRequestErrors errors, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw errors.WrongType(path ?? name, "a whole number");
    }
}
