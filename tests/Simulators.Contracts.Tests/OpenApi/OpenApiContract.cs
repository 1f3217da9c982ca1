using System.Text.Json.Nodes;
using Simulators.Contracts.Tests.Schemas;

namespace Simulators.Contracts.Tests.OpenApi;

/// <summary>
/// A committed OpenAPI document read back as a contract: which path template a request path matches,
/// and whether a (method, path, status, content type, body) is what the document says that operation answers.
/// </summary>
internal sealed class OpenApiContract(OpenApiProvider provider, JsonObject document)
{
    public OpenApiProvider Provider { get; } = provider;

    public JsonObject Document { get; } = document;

    public static OpenApiContract Load(OpenApiProvider provider) =>
        new(provider, (JsonObject)JsonNode.Parse(File.ReadAllText(provider.DocumentPath))!);

    public IEnumerable<string> Paths => ((JsonObject)Document["paths"]!).Select(p => p.Key);

    /// <summary>Every (METHOD, path template) the document lists.</summary>
    public IEnumerable<(string Method, string Path)> Operations =>
        ((JsonObject)Document["paths"]!).SelectMany(p => ((JsonObject)p.Value!).Where(o => o.Key != "parameters").Select(o => (o.Key.ToUpperInvariant(), p.Key)));

    public JsonObject Operation(string method, string template) => (JsonObject)Document["paths"]![template]![method.ToLowerInvariant()]!;

    /// <summary>The document's path template a request path matches, or null.</summary>
    public string? TemplateOf(string path)
    {
        var segments = (path.Length > 1 ? path.TrimEnd('/') : path).Split('/');
        return Paths.FirstOrDefault(template =>
        {
            var parts = template.Split('/');
            return parts.Length == segments.Length && parts.Zip(segments).All(p =>
                (p.First.StartsWith('{') && p.Second.Length > 0) || p.First.Equals(p.Second, StringComparison.OrdinalIgnoreCase));
        });
    }

    /// <summary>The documented response of (method, path, status), or why there is none.</summary>
    public (JsonObject? Response, string? Problem) Find(string method, string path, int status)
    {
        var label = $"{method} {path} {status}";
        if (TemplateOf(path) is not { } template)
        {
            return (null, $"{label}: no path of the document matches {path}");
        }
        if (Document["paths"]![template]![method.ToLowerInvariant()] is not JsonObject operation)
        {
            return (null, $"{label}: the document has no {method} operation on {template}");
        }
        return operation["responses"]![status.ToString(System.Globalization.CultureInfo.InvariantCulture)] is JsonObject response
            ? (response, null)
            : (null, $"{label}: status {status} is not documented for {method} {template}");
    }

    /// <summary>What is wrong with this answer according to the document: nothing when its status and body are documented for the operation.</summary>
    public async Task<IReadOnlyList<string>> CheckAsync(string method, string path, int status, string? contentType, string? body)
    {
        var label = $"{method} {path} {status}";
        var (response, problem) = Find(method, path, status);
        if (response is null)
        {
            return [problem!];
        }
        var content = response["content"] as JsonObject ?? [];
        var mediaType = (contentType ?? "").Split(';')[0].Trim();
        if (content.FirstOrDefault(c => c.Key.Equals(mediaType, StringComparison.OrdinalIgnoreCase)).Value is not JsonObject media)
        {
            return content.Count == 0 && string.IsNullOrEmpty(body) ? [] : [$"{label}: content type '{contentType}' is not documented (documented: {string.Join(", ", content.Select(c => c.Key))})"];
        }
        if (!mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        var schema = (JsonObject)media["schema"]!;
        if (schema["$ref"] is null && schema["anyOf"] is null)
        {
            // JSON no schema file describes: an object is all the document says.
            return body is not null && body.TrimStart().StartsWith('{') ? [] : [$"{label}: expected a JSON object, got {Clip(body)}"];
        }
        var refs = schema["anyOf"] is JsonArray any ? any.Select(a => (string)a!["$ref"]!).ToList() : [(string)schema["$ref"]!];
        var errors = new List<string>();
        foreach (var reference in refs)
        {
            var file = reference[(reference.LastIndexOf('/') + 1)..];
            var found = await SchemaRepository.ValidateAsync(Provider.Table.Provider, file, body ?? "");
            if (found.Count == 0)
            {
                return [];
            }
            errors.Add($"{file}: {string.Join("; ", found)}");
        }
        return [$"{label}: the body matches none of the documented schemas:\n    {string.Join("\n    ", errors)}\n  body: {Clip(body)}"];
    }

    private static string Clip(string? body) => body is null ? "(none)" : body.Length > 400 ? body[..400] + "…" : body;
}
