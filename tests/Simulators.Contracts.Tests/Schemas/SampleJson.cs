using Newtonsoft.Json.Linq;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// What the vendor-sample tests of every provider share: telling strict JSON from what the schema loader
/// tolerates, deriving a broken or repaired variant of a sample, and the conventions every schema file keeps.
/// </summary>
internal static class SampleJson
{
    /// <summary>Whether the text is JSON as RFC 8259 has it (the schema loader's parser tolerates comments).</summary>
    public static bool IsStrictJson(string text)
    {
        try
        {
            using var _ = System.Text.Json.JsonDocument.Parse(text);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>The sample after <paramref name="change"/>, re-serialized (dates kept as the strings they are).</summary>
    public static string Mutated(string json, Action<JObject> change)
    {
        var body = (JObject)SchemaRepository.Parse(json);
        change(body);
        return body.ToString();
    }

    public static void Set(JObject body, string path, string value) =>
        (body.SelectToken(path) ?? throw new InvalidOperationException($"no {path}")).Replace(new JValue(value));

    public static void Rename(JObject body, string path, string name)
    {
        var property = (JProperty)(body.SelectToken(path) ?? throw new InvalidOperationException($"no {path}")).Parent!;
        property.Replace(new JProperty(name, property.Value));
    }

    /// <summary>
    /// Every file of <c>schemas/&lt;provider&gt;/</c> is draft-07 with its own <c>$id</c> under
    /// <paramref name="schemaBase"/>, a title and a description, and loads (its <c>$ref</c>s resolve); request
    /// schemas are titled as the bad-input table reads them.
    /// </summary>
    public static async Task CheckSchemaFilesAsync(string provider, string schemaBase, int atLeast, string requestTitlePattern)
    {
        var files = SchemaRepository.Files(provider);
        files.Should().HaveCountGreaterThan(atLeast);
        foreach (var file in files)
        {
            var schema = JObject.Parse(await File.ReadAllTextAsync(Path.Combine(SchemaRepository.Folder(provider), file)));
            ((string?)schema["$schema"]).Should().Be("http://json-schema.org/draft-07/schema#", file);
            ((string?)schema["$id"]).Should().Be(schemaBase + file);
            ((string?)schema["title"]).Should().NotBeNullOrWhiteSpace(file);
            ((string?)schema["description"]).Should().NotBeNullOrWhiteSpace(file);
            await SchemaRepository.LoadAsync(provider, file);
            if (file.EndsWith(".request.schema.json", StringComparison.Ordinal))
            {
                // The bad-input table reads request fields by this title: "<METHOD> <route> request".
                ((string)schema["title"]!).Should().MatchRegex(requestTitlePattern, file);
            }
        }
    }
}
