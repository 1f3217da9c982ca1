using System.Collections.Concurrent;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// The JSON Schemas under <c>schemas/&lt;provider&gt;/</c>, loaded from the repository (found by walking up
/// from the test's output folder to the folder holding <c>Simulators.sln</c>) so that relative
/// <c>$ref</c>s between files resolve. The overloads without a provider are AnyCheck's.
/// </summary>
internal static class SchemaRepository
{
    private static readonly ConcurrentDictionary<string, Lazy<Task<JsonSchema>>> Loaded = new(StringComparer.Ordinal);

    private static readonly JsonSerializerSettings ParseSettings = new()
    {
        // Keep timestamps as the strings they are on the wire: format and pattern checks see the real text.
        DateParseHandling = DateParseHandling.None,
        FloatParseHandling = FloatParseHandling.Decimal,
    };

    public static string RepositoryRoot { get; } = FindRoot();

    public const string AnyCheck = "anycheck";
    public const string Verihubs = "verihubs";
    public const string AdvanceAi = "advance-ai";
    public const string Verifik = "verifik";

    public static string AnyCheckFolder => Folder(AnyCheck);

    /// <summary>Every schema file name in <c>schemas/anycheck/</c>.</summary>
    public static IReadOnlyList<string> AnyCheckFiles => Files(AnyCheck);

    /// <summary>The schema folder of one provider: <c>schemas/&lt;provider&gt;/</c>.</summary>
    public static string Folder(string provider) => Path.Combine(RepositoryRoot, "schemas", provider);

    /// <summary>Every schema file name in <c>schemas/&lt;provider&gt;/</c>.</summary>
    public static IReadOnlyList<string> Files(string provider) =>
        [.. Directory.EnumerateFiles(Folder(provider), "*.schema.json").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public static Task<JsonSchema> LoadAsync(string fileName) => LoadAsync(AnyCheck, fileName);

    public static Task<JsonSchema> LoadAsync(string provider, string fileName) =>
        Loaded.GetOrAdd(provider + "/" + fileName, _ => new Lazy<Task<JsonSchema>>(() => JsonSchema.FromFileAsync(Path.Combine(Folder(provider), fileName)))).Value;

    /// <summary>Parses wire JSON without reinterpreting dates.</summary>
    public static JToken Parse(string json) =>
        JsonConvert.DeserializeObject<JToken>(json, ParseSettings) ?? JValue.CreateNull();

    /// <summary>The validation errors of <paramref name="json"/> against a schema file, one line each with its path (empty when it validates).</summary>
    public static Task<IReadOnlyList<string>> ValidateAsync(string fileName, string json) => ValidateAsync(AnyCheck, fileName, json);

    public static Task<IReadOnlyList<string>> ValidateAsync(string fileName, JToken token) => ValidateAsync(AnyCheck, fileName, token);

    /// <summary>The validation errors of <paramref name="json"/> against a schema file of <paramref name="provider"/> (empty when it validates).</summary>
    public static async Task<IReadOnlyList<string>> ValidateAsync(string provider, string fileName, string json)
    {
        JToken token;
        try
        {
            token = Parse(json);
        }
        catch (JsonException ex)
        {
            return [$"not JSON: {ex.Message}"];
        }
        return await ValidateAsync(provider, fileName, token);
    }

    public static async Task<IReadOnlyList<string>> ValidateAsync(string provider, string fileName, JToken token)
    {
        var schema = await LoadAsync(provider, fileName);
        return [.. schema.Validate(token).SelectMany(e => Describe(e, 0))];
    }

    private static IEnumerable<string> Describe(ValidationError error, int depth)
    {
        var indent = new string(' ', depth * 2);
        yield return $"{indent}{error.Kind} at {error.Path ?? "#"}";
        if (error is ChildSchemaValidationError child)
        {
            var branch = 0;
            foreach (var errors in child.Errors.Values)
            {
                yield return $"{indent}  branch {branch++}:";
                foreach (var line in errors.SelectMany(e => Describe(e, depth + 2)))
                {
                    yield return line;
                }
            }
        }
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Simulators.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Simulators.sln above {AppContext.BaseDirectory}.");
    }
}
