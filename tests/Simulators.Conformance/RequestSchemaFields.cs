using System.Text.Json;
using System.Text.RegularExpressions;

namespace Simulators.Conformance;

/// <summary>
/// The documented request fields of a provider's routes, read from its JSON Schemas
/// (<c>schemas/&lt;provider&gt;/*.request.schema.json</c>, each titled like <c>"POST /folders request"</c>):
/// every property, nested ones as dotted paths (<c>configuration.verification_type</c>). Multipart
/// forms are described there as objects too; they are not JSON bodies, so they are left out.
/// </summary>
public static partial class RequestSchemaFields
{
    /// <summary>Field paths by route pattern (<c>/verifications/{id}</c>); empty when the provider has no schemas.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> For(string provider)
    {
        var folder = Root() is { } root ? Folder(Path.Combine(root, "schemas"), provider) : null;
        var fields = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (folder is null || !Directory.Exists(folder))
        {
            return fields;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*.request.schema.json").Order(StringComparer.Ordinal))
        {
            using var schema = JsonDocument.Parse(File.ReadAllText(file));
            var title = schema.RootElement.TryGetProperty("title", out var t) ? t.GetString() ?? "" : "";
            if (Title().Match(title) is not { Success: true } match || title.Contains("multipart", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var paths = new List<string>();
            Collect(schema.RootElement, "", paths);
            var route = match.Groups["path"].Value;
            fields[route] = fields.TryGetValue(route, out var known) ? [.. known.Union(paths)] : paths;
        }
        return fields;
    }

    private static void Collect(JsonElement schema, string prefix, List<string> paths)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        foreach (var property in properties.EnumerateObject())
        {
            var path = prefix + property.Name;
            paths.Add(path);
            Collect(property.Value, path + ".", paths);
        }
    }

    /// <summary>The provider's schema folder: its module id, or the same with hyphens (<c>advanceai</c> → <c>schemas/advance-ai</c>).</summary>
    private static string? Folder(string schemas, string provider)
    {
        var exact = Path.Combine(schemas, provider);
        if (Directory.Exists(exact) || !Directory.Exists(schemas))
        {
            return exact;
        }
        return Directory.EnumerateDirectories(schemas)
            .FirstOrDefault(d => string.Equals(Path.GetFileName(d).Replace("-", "", StringComparison.Ordinal), provider, StringComparison.OrdinalIgnoreCase)) ?? exact;
    }

    private static string? Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simulators.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }

    [GeneratedRegex(@"\A[A-Z]+ (?<path>/\S*) request")]
    private static partial Regex Title();
}
