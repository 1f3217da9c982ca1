using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Hosting;

namespace Simulators.Core.Control;

/// <summary>
/// <c>GET /__simulator/openapi.json</c>: the provider's OpenAPI 3.1 document, <c>contracts/openapi/&lt;id&gt;.json</c>
/// (embedded), with the JSON Schemas it references by relative path bundled into <c>components/schemas</c>
/// and <c>servers</c> set to the URL the call came in on. Open like <c>/health</c>: it holds no state.
/// </summary>
internal static class OpenApiEndpoints
{
    // Embedded under their paths from the repository root (Simulators.Core.csproj).
    private const string ResourcePrefix = "Simulators.Core.Repository/";

    // A provider's document, bundled once: the embedded resources never change. Only servers differs per call.
    private static readonly ConcurrentDictionary<string, JsonObject?> Bundled = new(StringComparer.Ordinal);

    public static void MapOpenApiDocument(this RouteGroupBuilder control)
    {
        control.MapGet("/openapi.json", (HttpContext http, SimulatorEngine engine) =>
        {
            if (Bundled.GetOrAdd(engine.Module.Module.Id, Bundle) is not { } bundled)
            {
                return Results.Json(new { error = "not_found", message = $"No OpenAPI document for {engine.Module.Module.DisplayName}." }, ControlJson.Options, statusCode: StatusCodes.Status404NotFound);
            }
            var document = (JsonObject)bundled.DeepClone();
            document["servers"] = new JsonArray(new JsonObject { ["url"] = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}" });
            return Results.Text(document.ToJsonString(OpenApiBundle.Indented), "application/json; charset=utf-8");
        }).WithMetadata(new OpenControlAttribute());
    }

    private static JsonObject? Bundle(string id) =>
        Load($"{ResourcePrefix}{OpenApiBundle.DocumentFolder}/{id}.json") is JsonObject document
            ? OpenApiBundle.Bundle(document, path => Load(ResourcePrefix + path), server: "")
            : null;

    private static JsonNode? Load(string resource)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(resource);
        return stream is null ? null : JsonNode.Parse(stream);
    }
}

/// <summary>
/// Makes a committed OpenAPI document self-contained: each <c>$ref</c> to a schema file (relative to
/// <c>contracts/openapi/</c>) becomes <c>#/components/schemas/&lt;name&gt;</c>, the file's own references are
/// rewritten the same way, and its <c>$id</c> and <c>$schema</c> are dropped so that every reference
/// resolves within the one document.
/// </summary>
internal static class OpenApiBundle
{
    public static JsonSerializerOptions Indented { get; } = new() { WriteIndented = true };

    /// <summary>The folder the committed documents live in, relative to the repository root.</summary>
    public const string DocumentFolder = "contracts/openapi";

    /// <param name="document">The committed document; it is not changed.</param>
    /// <param name="loadSchema">A schema file by its path from the repository root (<c>schemas/anycheck/x.schema.json</c>), or null.</param>
    /// <param name="server">The base URL put in <c>servers</c>.</param>
    public static JsonObject Bundle(JsonObject document, Func<string, JsonNode?> loadSchema, string server)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(loadSchema);
        var result = (JsonObject)document.DeepClone();
        result["servers"] = new JsonArray(new JsonObject { ["url"] = server });

        var bundled = new SortedDictionary<string, JsonNode>(StringComparer.Ordinal);
        var pending = new Queue<string>();
        Rewrite(result, DocumentFolder, null, bundled, pending);
        while (pending.Count > 0)
        {
            var path = pending.Dequeue();
            var name = NameOf(path);
            if (bundled.ContainsKey(name))
            {
                continue;
            }
            var schema = loadSchema(path) as JsonObject ?? throw new InvalidOperationException($"The OpenAPI document references {path}, which is not there.");
            schema = (JsonObject)schema.DeepClone();
            schema.Remove("$id");
            schema.Remove("$schema");
            bundled[name] = schema;
            Rewrite(schema, Folder(path), name, bundled, pending);
        }

        var components = result["components"] as JsonObject ?? [];
        result["components"] = components;
        var schemas = components["schemas"] as JsonObject ?? [];
        components["schemas"] = schemas;
        foreach (var (name, schema) in bundled)
        {
            schemas[name] = schema;
        }
        return result;
    }

    /// <summary>The component name of a schema file: its name without <c>.schema.json</c>.</summary>
    public static string NameOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = path[(path.LastIndexOf('/') + 1)..];
        return file.EndsWith(".schema.json", StringComparison.Ordinal) ? file[..^".schema.json".Length]
            : file.EndsWith(".json", StringComparison.Ordinal) ? file[..^".json".Length] : file;
    }

    private static void Rewrite(JsonNode? node, string folder, string? self, IDictionary<string, JsonNode> bundled, Queue<string> pending)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"] is JsonValue value && value.TryGetValue<string>(out var reference))
                {
                    obj["$ref"] = Target(reference, folder, self, bundled, pending);
                }
                foreach (var (name, child) in obj.ToList())
                {
                    if (name != "$ref")
                    {
                        Rewrite(child, folder, self, bundled, pending);
                    }
                }
                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    Rewrite(child, folder, self, bundled, pending);
                }
                break;
        }
    }

    private static string Target(string reference, string folder, string? self, IDictionary<string, JsonNode> bundled, Queue<string> pending)
    {
        var hash = reference.IndexOf('#', StringComparison.Ordinal);
        var file = hash < 0 ? reference : reference[..hash];
        var pointer = hash < 0 ? "" : reference[(hash + 1)..];
        if (file.Length == 0)
        {
            // Within the document itself it stays; within a schema file it points into that file's component.
            return self is null ? reference : $"#/components/schemas/{self}{pointer}";
        }
        var path = Combine(folder, file);
        var name = NameOf(path);
        if (!bundled.ContainsKey(name))
        {
            pending.Enqueue(path);
        }
        return $"#/components/schemas/{name}{pointer}";
    }

    private static string Folder(string path) => path.Contains('/', StringComparison.Ordinal) ? path[..path.LastIndexOf('/')] : "";

    private static string Combine(string folder, string relative)
    {
        var parts = new List<string>(folder.Split('/', StringSplitOptions.RemoveEmptyEntries));
        foreach (var part in relative.Split('/'))
        {
            if (part == "..")
            {
                if (parts.Count == 0)
                {
                    throw new InvalidOperationException($"{relative} leaves the repository.");
                }
                parts.RemoveAt(parts.Count - 1);
            }
            else if (part is not ("." or ""))
            {
                parts.Add(part);
            }
        }
        return string.Join('/', parts);
    }
}
