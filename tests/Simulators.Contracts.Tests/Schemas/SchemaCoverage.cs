using System.Text.Json;
using Newtonsoft.Json.Linq;
using Simulators.Testing;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>What every provider's schema coverage run shares: reading the whole journal, the problem log, the rename probe.</summary>
internal static class SchemaCoverage
{
    /// <summary>Every journal entry, oldest first, after checking none was dropped or skipped.</summary>
    public static async Task<List<RecordedCall>> ReadWholeJournalAsync(SimulatorHarness sim)
    {
        var journal = await sim.Control.GetAsync("requests?limit=2000");
        var entries = journal.GetProperty("items").EnumerateArray().Reverse().ToList();
        var capacity = journal.GetProperty("capacity").GetInt32();
        entries.Should().NotBeEmpty();
        journal.GetProperty("total").GetInt32().Should().Be(entries.Count, "every journal entry is read");
        entries.Count.Should().BeLessThan(capacity, "a full journal may have dropped the oldest entries");
        entries.Select(e => e.GetProperty("id").GetInt64()).Should().Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), "no entry is missing");
        return [.. entries.Select(e => new RecordedCall(e))];
    }

    /// <summary>Renames, one at a time, every property <paramref name="owned"/> accepts, and validates the result.</summary>
    public static async Task<IReadOnlyList<(string Path, string Renamed, bool StillValid)>> RenameEachFieldAsync(
        string provider, string schema, string json, Func<JProperty, bool> owned)
    {
        var root = SchemaRepository.Parse(json);
        var results = new List<(string, string, bool)>();
        foreach (var property in Properties(root, owned).ToList())
        {
            var renamed = new JProperty(Rename(property.Name), property.Value);
            var path = property.Path;
            property.Replace(renamed);
            var errors = await SchemaRepository.ValidateAsync(provider, schema, root);
            renamed.Replace(property);
            results.Add((path, renamed.Name, errors.Count == 0));
        }
        return results;
    }

    /// <summary>The set of owned property paths: bodies with the same shape need renaming only once.</summary>
    public static string Shape(string json, Func<JProperty, bool> owned) =>
        string.Join("|", Properties(SchemaRepository.Parse(json), owned).Select(p => p.Path));

    /// <summary>A plausible wrong spelling: camelCase, or the other case when camelCase changes nothing.</summary>
    public static string Rename(string name)
    {
        var parts = name.Split('_');
        var camel = parts[0].ToLowerInvariant() + string.Concat(parts.Skip(1).Select(w => w.Length == 0 ? "_" : char.ToUpperInvariant(w[0]) + w[1..]));
        var upper = name.ToUpperInvariant();
        return camel != name ? camel : upper != name ? upper : name.ToLowerInvariant() + "_";
    }

    /// <summary>A body parsed as a JSON object (dates kept as text), or null when it is empty, not JSON or not an object.</summary>
    public static JObject? ObjectOrNull(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        try
        {
            return SchemaRepository.Parse(text) as JObject;
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return null;
        }
    }

    public static string? Text(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static JsonElement Json(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    public static string Clip(string? body) => body is null ? "(none)" : body.Length <= 3000 ? body : body[..3000] + "…";

    /// <summary>Properties of the body (array items: the first only) that the caller owns.</summary>
    private static IEnumerable<JProperty> Properties(JToken root, Func<JProperty, bool> owned) =>
        (root is JContainer container ? container.Descendants() : []).OfType<JProperty>()
            .Where(p => !System.Text.RegularExpressions.Regex.IsMatch(p.Path, @"\[[1-9][0-9]*\]") && owned(p));
}

/// <summary>One journal entry: a request and the simulator's answer, as the journal recorded them.</summary>
internal sealed class RecordedCall(JsonElement entry)
{
    public string Method { get; } = entry.GetProperty("method").GetString()!;

    public string Path { get; } = entry.GetProperty("path").GetString()!;

    public int Status { get; } = entry.GetProperty("status").GetInt32();

    public string? ContentType { get; } = SchemaCoverage.Text(entry, "responseContentType");

    public string? Body { get; } = SchemaCoverage.Text(entry, "responseBody");

    public bool BodyTruncated => entry.GetProperty("responseBodyTruncated").GetBoolean();

    public string? RequestBody => SchemaCoverage.Text(entry, "requestBody");

    /// <summary>The query string as the journal kept it, with its <c>?</c> (null when there was none).</summary>
    public string? Query => SchemaCoverage.Text(entry, "query");

    /// <summary>The tenant the simulator answered the call for (null when it named none).</summary>
    public string? Tenant => SchemaCoverage.Text(entry, "tenant");

    public bool RequestBodyTruncated => entry.GetProperty("requestBodyTruncated").GetBoolean();

    /// <summary>How problem lines name the entry: id, request line, status and content type.</summary>
    public string Label => $"#{entry.GetProperty("id").GetInt64()} {Method} {Path}{SchemaCoverage.Text(entry, "query")} -> {Status} ({ContentType ?? "no content type"})";

    public string? Header(string name) =>
        entry.GetProperty("headers").EnumerateObject().Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.GetString()).FirstOrDefault();
}

/// <summary>Problems of a coverage run; ones that repeat (the same unmapped key, the same schema errors) are kept once, with a count and the first examples.</summary>
internal sealed class ProblemLog
{
    private readonly List<string> _problems = [];
    private readonly Dictionary<string, (int Count, List<string> Examples)> _grouped = new(StringComparer.Ordinal);

    public void Add(string problem) => _problems.Add(problem);

    public void AddRange(IEnumerable<string> problems) => _problems.AddRange(problems);

    public void Report(string group, string example)
    {
        var (count, examples) = _grouped.GetValueOrDefault(group, (0, []));
        if (examples.Count < 2)
        {
            examples.Add(example);
        }
        _grouped[group] = (count + 1, examples);
    }

    public IReadOnlyList<string> All =>
        [.. _grouped.Select(g => $"{g.Key}\n  {g.Value.Count} time(s), e.g.:\n  " + string.Join("\n  ", g.Value.Examples)), .. _problems];
}
