using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Simulators.Conformance;

/// <summary>What the bad-input table spoils: valid bodies by <c>"METHOD /pattern"</c>, and plausible route parameter values by name.</summary>
public sealed record BadInputBaseline(IReadOnlyDictionary<string, string> Bodies, IReadOnlyDictionary<string, string> RouteValues)
{
    public static BadInputBaseline Empty { get; } = new(new Dictionary<string, string>(), new Dictionary<string, string>());

    /// <summary>This baseline with <paramref name="more"/>'s entries added (theirs win).</summary>
    public BadInputBaseline With(BadInputBaseline more)
    {
        ArgumentNullException.ThrowIfNull(more);
        return new(Merge(Bodies, more.Bodies), Merge(RouteValues, more.RouteValues));
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> first, IReadOnlyDictionary<string, string> second)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in first.Concat(second))
        {
            merged[key] = value;
        }
        return merged;
    }
}

/// <summary>
/// One request of the table: what is wrong with it, and the request itself (the path already escaped).
/// <see cref="Unreadable"/>: a body no JSON reader may accept, sent to a route that reads one, so only an error will do.
/// </summary>
public sealed record BadInput(string What, string Method, string Path, byte[]? Body = null, string? ContentType = null, bool Unreadable = false)
{
    public HttpRequestMessage Request()
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), new Uri(Path, UriKind.Relative));
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        return request;
    }

    public override string ToString() => $"{Method} {(Path.Length > 100 ? Path[..100] + "..." : Path)} [{What}]";
}

/// <summary>
/// The fixed table of bad inputs for one route: hostile route parameters, methods it does not
/// answer, bodies that are not what it reads (empty, malformed, the wrong root, invalid UTF-8, lone
/// surrogates, NUL bytes, 1 MB, nesting 10,000 deep, duplicate keys, the wrong content type, broken
/// multipart), each known field of a valid body spoilt in turn, and hostile query parameters.
/// </summary>
public static class BadInputTable
{
    private const int Megabyte = 1024 * 1024;
    private const string Json = "application/json";
    private const string Marker = "__bad_input__";

    private static readonly string[] Methods = ["GET", "POST", "PUT", "DELETE", "PATCH", "PROPFIND", "OPTIONS"];

    /// <summary>
    /// Route parameter values, as path text. No <c>%00</c>: the server refuses a path with a NUL before
    /// the app sees it (the in-process server even throws in the client), so the host tests send it.
    /// </summary>
    private static readonly (string What, string Text)[] HostileIds =
    [
        ("10 KB long", new string('a', 10 * 1024)),
        ("a traversal", "..%2F..%2Fetc%2Fpasswd"),
        ("invalid UTF-8", "%FF%FE"),
        ("a newline", "x%0A"),
        ("Arabic-Indic digits", "%D9%A3%D9%A1%D9%A7"),
        ("a percent sign", "%25"),
        ("a space", "%20"),
        ("encoded dots", "%2E%2E"),
    ];

    /// <param name="route">The route.</param>
    /// <param name="baseline">Valid bodies and route values to spoil.</param>
    /// <param name="schemaFields">The route's documented request fields.</param>
    /// <param name="queryParameters">Query parameters to spoil: all at once with each hostile value, and with <paramref name="eachQueryParameterAlone"/> also one by one.</param>
    /// <param name="eachQueryParameterAlone">Also spoil each query parameter on its own (so one refused early does not hide another).</param>
    public static IEnumerable<BadInput> For(DiscoveredRoute route, BadInputBaseline baseline, IReadOnlyList<string> schemaFields, IReadOnlyList<string> queryParameters, bool eachQueryParameterAlone)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(schemaFields);
        ArgumentNullException.ThrowIfNull(queryParameters);
        var path = route.Path(name => Plausible(baseline, name));
        var first = route.Methods[0];
        foreach (var input in Parameters(route, baseline))
        {
            yield return input;
        }
        foreach (var method in Methods.Where(m => !route.Methods.Contains(m, StringComparer.OrdinalIgnoreCase)))
        {
            yield return new($"method {method}", method, path);
        }
        foreach (var method in route.Methods)
        {
            var valid = baseline.Bodies.GetValueOrDefault($"{method} {route.Template}");
            // A route that takes no body gets a few, to show it ignores or refuses them; one that takes a body gets them all.
            var bodies = Bodies(valid ?? "{}");
            foreach (var (what, body, type, unreadable) in valid is null && method is "GET" or "DELETE" ? bodies.Where(b => Sampled.Contains(b.What)) : bodies)
            {
                yield return new(what, method, path, body, type, unreadable && valid is not null);
            }
            if (valid is null && (schemaFields.Count == 0 || method is "GET" or "DELETE"))
            {
                continue;
            }
            foreach (var field in schemaFields.Union(FieldsOf(valid ?? "{}"), StringComparer.Ordinal))
            {
                foreach (var (what, json, unreadable) in Values(field, OriginalValue(valid ?? "{}", field)))
                {
                    yield return new($"{field}: {what}", method, path, Encoding.UTF8.GetBytes(Spoil(valid ?? "{}", field, json)), Json, unreadable);
                }
            }
        }
        foreach (var (what, value) in QueryValues)
        {
            if (queryParameters.Count > 0)
            {
                yield return new($"every query parameter {what}", first, path + "?" + string.Join('&', queryParameters.Select(name => value.Replace("{name}", name, StringComparison.Ordinal))));
            }
            foreach (var name in eachQueryParameterAlone ? queryParameters : [])
            {
                yield return new($"?{name} {what}", first, path + "?" + value.Replace("{name}", name, StringComparison.Ordinal));
            }
        }
        yield return new("2000 query parameters", first, path + "?" + string.Join('&', Enumerable.Range(0, 2000).Select(i => $"p{i}={i}")));
    }

    /// <summary>The pass without credentials: hostile parameters, other methods, and a few bodies per method.</summary>
    public static IEnumerable<BadInput> Unauthenticated(DiscoveredRoute route, BadInputBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(baseline);
        var path = route.Path(name => Plausible(baseline, name));
        foreach (var input in Parameters(route, baseline))
        {
            yield return input;
        }
        foreach (var method in Methods.Where(m => !route.Methods.Contains(m, StringComparer.OrdinalIgnoreCase)))
        {
            yield return new($"method {method}", method, path);
        }
        foreach (var method in route.Methods)
        {
            var valid = baseline.Bodies.GetValueOrDefault($"{method} {route.Template}") ?? "{}";
            yield return new("the valid body", method, path, Encoding.UTF8.GetBytes(valid), Json);
            yield return new("no body", method, path);
            yield return new("malformed JSON", method, path, "{\"a\": tru"u8.ToArray(), Json);
            yield return new("root array", method, path, "[]"u8.ToArray(), Json);
            yield return new("a 1 MB string", method, path, Encoding.UTF8.GetBytes($"{{\"name\":\"{new string('a', Megabyte)}\"}}"), Json);
        }
    }

    private static string Plausible(BadInputBaseline baseline, string name) => Uri.EscapeDataString(baseline.RouteValues.GetValueOrDefault(name) ?? "x");

    private static IEnumerable<BadInput> Parameters(DiscoveredRoute route, BadInputBaseline baseline)
    {
        foreach (var parameter in route.Parameters)
        {
            foreach (var (what, text) in HostileIds)
            {
                yield return new($"{{{parameter}}} {what}", route.Methods[0], route.Path(p => p == parameter ? text : Plausible(baseline, p)));
            }
            yield return new($"{{{parameter}}} plausible with a trailing newline", route.Methods[0], route.Path(p => Plausible(baseline, p) + (p == parameter ? "%0A" : "")));
        }
    }

    private static readonly HashSet<string> Sampled = new(StringComparer.Ordinal)
    {
        "malformed JSON", "the root an empty array", "invalid UTF-8", "a lone surrogate escape", "objects nested 10,000 deep", "multipart cut short", "a malformed form",
    };

    private static IEnumerable<(string What, byte[]? Body, string? ContentType, bool Unreadable)> Bodies(string valid)
    {
        var body = Encoding.UTF8.GetBytes(valid);
        yield return ("an empty body", [], Json, false);
        yield return ("an empty body without a content type", [], null, false);
        yield return ("no body", null, null, false);
        yield return ("malformed JSON", "{\"a\": tru"u8.ToArray(), Json, true);
        yield return ("an unclosed object", "{\"name\":\"x\""u8.ToArray(), Json, true);
        yield return ("a trailing comma", "{\"a\":1,}"u8.ToArray(), Json, true);
        yield return ("a comment", "{/* c */\"a\":1}"u8.ToArray(), Json, true);
        yield return ("two documents", [.. body, .. body], Json, true);
        yield return ("the root an empty array", "[]"u8.ToArray(), Json, true);
        yield return ("the root an array of the body", [(byte)'[', .. body, (byte)']'], Json, true);
        yield return ("the root a string", "\"x\""u8.ToArray(), Json, true);
        yield return ("the root a number", "42"u8.ToArray(), Json, true);
        yield return ("the root true", "true"u8.ToArray(), Json, true);
        yield return ("the root null", "null"u8.ToArray(), Json, true);
        yield return ("invalid UTF-8", [.. "{\"name\":\""u8, 0xFF, 0xFE, 0xC0, 0xAF, .. "\"}"u8], Json, true);
        yield return ("invalid UTF-8 in a key", [.. "{\""u8, 0xC3, .. "\":1}"u8], Json, true);
        yield return ("a lone surrogate escape", "{\"name\":\"\\ud800\"}"u8.ToArray(), Json, true);
        yield return ("a lone surrogate escape in a key", "{\"\\udc00\":1}"u8.ToArray(), Json, true);
        yield return ("a raw NUL byte in a string", "{\"name\":\"a\0b\"}"u8.ToArray(), Json, true);
        yield return ("NUL bytes only", new byte[64], Json, true);
        yield return ("1 MB that is not JSON", Encoding.ASCII.GetBytes(new string('a', Megabyte)), Json, true);
        yield return ("a 1 MB string", Encoding.ASCII.GetBytes($"{{\"name\":\"{new string('a', Megabyte)}\"}}"), Json, false);
        yield return ("arrays nested 10,000 deep", Encoding.ASCII.GetBytes(new string('[', 10_000) + new string(']', 10_000)), Json, true);
        yield return ("objects nested 10,000 deep", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000)), Json, true);
        yield return ("a duplicate key", "{\"name\":\"a\",\"name\":\"b\"}"u8.ToArray(), Json, true);
        yield return ("a byte order mark", [0xEF, 0xBB, 0xBF, .. body], Json, false);
        foreach (var type in (string[])["text/plain", "application/xml", "application/octet-stream", "application/json; charset=utf-16", "no/such; type=;;", "application/x-www-form-urlencoded"])
        {
            yield return ($"the body as {type}", body, type, false);
        }
        yield return ("the body without a content type", body, null, false);
        yield return ("a malformed form", "%zz=%&&==&a=%E0%A4&b"u8.ToArray(), "application/x-www-form-urlencoded", false);
        yield return ("a form of 5000 values", Encoding.ASCII.GetBytes(string.Join('&', Enumerable.Range(0, 5000).Select(i => $"v{i}={i}"))), "application/x-www-form-urlencoded", false);
        yield return ("multipart without a boundary", Multipart("b"), "multipart/form-data", false);
        yield return ("multipart with an empty boundary", Multipart("b"), "multipart/form-data; boundary=", false);
        yield return ("multipart with another boundary", Multipart("b"), "multipart/form-data; boundary=other", false);
        yield return ("multipart cut short", Multipart("b")[..^30], "multipart/form-data; boundary=b", false);
        yield return ("multipart with a 200-character boundary", Multipart(new string('b', 200)), "multipart/form-data; boundary=" + new string('b', 200), false);
        yield return ("multipart whose part headers never end", "--b\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.jpg\""u8.ToArray(), "multipart/form-data; boundary=b", false);
        yield return ("multipart with a part header of 100 KB", Encoding.ASCII.GetBytes($"--b\r\nContent-Disposition: form-data; name=\"{new string('x', 100 * 1024)}\"\r\n\r\nv\r\n--b--\r\n"), "multipart/form-data; boundary=b", false);
        yield return ("multipart holding JSON", body, "multipart/form-data; boundary=b", false);
    }

    /// <summary>A small well-formed upload form (a category and a JPEG), for the broken variants above.</summary>
    private static byte[] Multipart(string boundary) => Encoding.ASCII.GetBytes(
        $"--{boundary}\r\nContent-Disposition: form-data; name=\"file_category\"\r\n\r\nVERIFICATION_INPUT_FILE\r\n" +
        $"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"ktp.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\u00ff\u00d8\u00ff\u00e0 bad input KTP\r\n" +
        $"--{boundary}--\r\n");

    /// <summary>What a field is replaced with, as JSON text (some of it deliberately not JSON).</summary>
    private static IEnumerable<(string What, string Json, bool Unreadable)> Values(string field, string? original)
    {
        var text = original is { Length: > 1 } && original[0] == '"' ? original[1..^1] : null;
        yield return ("a number", "42", false);
        yield return ("a negative number", "-1", false);
        yield return ("a fraction", "1.5", false);
        yield return ("a number beyond a double", "1e400", false);
        yield return ("true", "true", false);
        yield return ("null", "null", false);
        yield return ("an empty array", "[]", false);
        yield return ("an array", "[1,\"a\",null]", false);
        yield return ("an empty object", "{}", false);
        yield return ("an object", "{\"a\":{\"b\":[]}}", false);
        yield return ("an empty string", "\"\"", false);
        yield return ("a trailing newline", $"\"{text ?? "abc"}\\n\"", false);
        yield return ("padded with spaces", $"\" {text ?? "abc"} \"", false);
        yield return ("a trailing NUL escape", $"\"{text ?? "abc"}\\u0000\"", false);
        yield return ("a raw NUL byte", $"\"{text ?? "abc"}\0\"", true);
        yield return ("a lone surrogate escape", "\"\\ud800\"", true);
        yield return ("a traversal", "\"../../../etc/passwd\"", false);
        yield return ("Arabic-Indic digits", "\"" + ArabicIndic(text is { Length: > 0 } && text.Any(char.IsAsciiDigit) ? text : "3171234567890123") + "\"", false);
        yield return ("10 KB", $"\"{new string('a', 10 * 1024)}\"", false);
        if (text is not null)
        {
            // Where a string goes; elsewhere a string of any length takes the same wrong-type path as the 10 KB one.
            yield return ("1 MB", $"\"{new string('a', Megabyte)}\"", false);
        }
        yield return ("arrays nested 10,000 deep", new string('[', 10_000) + new string(']', 10_000), true);
        var leaf = JsonSerializer.Serialize(field[(field.LastIndexOf('.') + 1)..]);
        yield return ("sent twice", $"{original ?? "1"},{leaf}:{original ?? "1"}", true);
    }

    /// <summary>Query parameter values, as query text with <c>{name}</c> for the parameter's name.</summary>
    private static readonly (string What, string Query)[] QueryValues =
    [
        ("repeated", "{name}=1&{name}=2"),
        ("100 KB long", "{name}=" + new string('a', 100 * 1024)),
        ("a NUL", "{name}=%00"),
        ("invalid UTF-8", "{name}=%FF%FE"),
        ("padded with spaces", "{name}=%205%20"),
        ("with a trailing newline", "{name}=5%0A"),
        ("an Arabic-Indic digit", "{name}=%D9%A5"),
        ("beyond a long", "{name}=99999999999999999999999"),
        ("negative", "{name}=-1"),
        ("a traversal", "{name}=..%2F..%2Fetc%2Fpasswd"),
        ("empty", "{name}=&={name}&&"),
    ];

    private static string ArabicIndic(string text) => string.Concat(text.Select(c => char.IsAsciiDigit(c) ? (char)('\u0660' + (c - '0')) : c));

    /// <summary>Every member path of a JSON object (nested objects as dotted paths).</summary>
    private static IEnumerable<string> FieldsOf(string json)
    {
        var paths = new List<string>();
        if (JsonNode.Parse(json) is JsonObject root)
        {
            Collect(root, "");
        }
        return paths;

        void Collect(JsonObject node, string prefix)
        {
            foreach (var (name, value) in node)
            {
                paths.Add(prefix + name);
                if (value is JsonObject child)
                {
                    Collect(child, prefix + name + ".");
                }
            }
        }
    }

    private static string? OriginalValue(string json, string path)
    {
        JsonNode? node = JsonNode.Parse(json);
        foreach (var part in path.Split('.'))
        {
            node = node is JsonObject o ? o[part] : null;
        }
        return node?.ToJsonString();
    }

    /// <summary>The valid body with the field at <paramref name="path"/> (made if missing) replaced by the raw text <paramref name="json"/>.</summary>
    private static string Spoil(string valid, string path, string json)
    {
        var root = JsonNode.Parse(valid) as JsonObject ?? [];
        var node = root;
        var parts = path.Split('.');
        foreach (var part in parts[..^1])
        {
            if (node[part] is not JsonObject child)
            {
                child = [];
                node[part] = child;
            }
            node = child;
        }
        node[parts[^1]] = Marker;
        return root.ToJsonString().Replace($"\"{Marker}\"", json, StringComparison.Ordinal);
    }
}
