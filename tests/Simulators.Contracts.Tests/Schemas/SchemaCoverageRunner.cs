using System.Text;
using Simulators.Testing;
using Xunit.Abstractions;
using static Simulators.Contracts.Tests.Schemas.SchemaCoverage;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// A provider's JSON Schemas against everything its simulator said in a tour: every journal entry's
/// response (and request) body validated against the schema its table row names, every row, request
/// schema, error code and listed scenario exercised, every webhook validated, and renaming any field
/// the simulator writes, in one body of each shape, shown to break validation. Writes a summary and
/// fails with every problem found. What differs between providers comes from the profile.
/// </summary>
internal sealed class SchemaCoverageRunner(SchemaCoverageProfile profile, ITestOutputHelper output)
{
    private readonly SchemaTable _table = profile.Table;
    private readonly ProblemLog _log = new();
    private readonly Dictionary<IResponseRow, int> _exercised = profile.Table.Responses.ToDictionary(r => r, _ => 0);
    private readonly Dictionary<RequestRow, int> _requestsValidated = profile.Table.Requests.ToDictionary(r => r, _ => 0);
    private readonly HashSet<string> _errorCodes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Schema, string Shape), (string Label, string Body)> _renameSamples = [];
    private readonly Dictionary<string, int> _alsoValidated = profile.AlsoValidated.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
    private int _requestsRejected;
    private int _jsonBodies;
    private int _binaryBodies;

    public async Task RunAsync(SimulatorHarness sim)
    {
        _log.AddRange(profile.ScenarioCatalogue.Where(p => !profile.ScenarioRuns.ContainsKey(p))
            .Select(p => $"scenario {p.Scenario} on {p.On} was listed by /__simulator/scenarios but never run"));

        var calls = await ReadWholeJournalAsync(sim);
        var rows = _table.Responses.ToDictionary(r => (r.Method, r.Route, r.Status, r.Shape));
        var requestRows = _table.Requests.ToDictionary(r => (r.Method, r.Route));
        foreach (var call in calls)
        {
            var route = profile.RouteOf(call.Path);
            var shape = profile.ShapeOf(route, call);
            if (rows.TryGetValue((call.Method, route, call.Status, shape), out var row))
            {
                await CheckResponseAsync(call, row);
            }
            else
            {
                _log.Report($"no table row for ({call.Method}, {route}, {call.Status}, '{shape}')", $"{call.Label}\n  body: {Clip(call.Body)}");
            }
            if (requestRows.TryGetValue((call.Method, route), out var requestRow))
            {
                await CheckRequestAsync(call, requestRow);
            }
            await CheckAlsoAsync(call);
        }

        _log.AddRange(_exercised.Where(r => r.Value == 0).Select(r => $"table row never exercised: {r.Key}"));
        _log.AddRange(_requestsValidated.Where(r => r.Value == 0).Select(r => $"no valid request body was ever sent to {r.Key.Method} {r.Key.Route} ({r.Key.Schema})"));
        _log.AddRange(_alsoValidated.Where(s => s.Value == 0).Select(s => $"{s.Key} never validated against any call"));
        _log.AddRange(_table.StatusOfCode.Keys.Except(_table.UnreachableCodes).Except(_errorCodes).Select(c => $"{_table.ErrorCodeField} {c} never seen"));
        _log.AddRange(profile.JournalProblems());

        var webhooks = sim.Webhooks.Received;
        await CheckWebhooksAsync(webhooks);
        var renamesTried = await ProbeRenamesAsync();

        // Every schema file is used by the table (common.schema.json only holds shared definitions).
        var used = _table.Responses.Select(r => r.Schema).OfType<string>().Concat(_table.Requests.Select(r => r.Schema)).Concat(profile.WebhookSchemas)
            .Concat(profile.AlsoValidated).Concat(profile.Referenced).Concat(profile.NotYetServed).Append("common.schema.json");
        _log.AddRange(SchemaRepository.Files(_table.Provider).Except(used).Select(f => $"schema {f} is not mapped to any route"));

        WriteSummary(calls.Count, renamesTried, webhooks.Count);
        var problems = _log.All;
        foreach (var problem in problems)
        {
            output.WriteLine("PROBLEM " + problem);
        }
        if (problems.Count > 0)
        {
            Assert.Fail($"{problems.Count} schema/coverage problem(s):\n\n" + string.Join("\n\n", problems));
        }
    }

    private async Task CheckResponseAsync(RecordedCall call, IResponseRow row)
    {
        _exercised[row]++;
        if (call.BodyTruncated)
        {
            _log.Add($"{call.Label}: the journal kept only part of the body; it cannot be validated");
            return;
        }
        if (row.Schema is null)
        {
            _binaryBodies++;
            if (call.Body is null || !profile.BinaryMediaTypes.Contains(call.ContentType))
            {
                _log.Add($"{call.Label}: expected a file download (one of {string.Join(", ", profile.BinaryMediaTypes)}) with bytes");
            }
            return;
        }
        if (call.ContentType is null || !call.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            _log.Add($"{call.Label}: {row.Schema} describes JSON; this body is {call.ContentType ?? "without a content type"}");
            return;
        }

        _jsonBodies++;
        var errors = await SchemaRepository.ValidateAsync(_table.Provider, row.Schema, call.Body ?? "");
        if (errors.Count > 0)
        {
            _log.Report($"{row}: body does not match {row.Schema}:\n    {string.Join("\n    ", errors)}", $"{call.Label}\n  body: {Clip(call.Body)}");
            return;
        }
        _renameSamples.TryAdd((row.Schema, Shape(call.Body!, profile.Owns)), (call.Label, call.Body!));
        var body = Json(call.Body!);
        if (row.Schema == _table.ErrorSchema && Text(body, _table.ErrorCodeField) is { } code)
        {
            _errorCodes.Add(code);
            if (!_table.StatusOfCode.TryGetValue(code, out var statuses))
            {
                _log.Add($"{call.Label}: {_table.ErrorCodeField} {code} is not in the reference's table");
            }
            else if (!statuses.Contains(call.Status))
            {
                _log.Add($"{call.Label}: {_table.ErrorCodeField} {code} with HTTP {call.Status}; the reference maps it to {string.Join("/", statuses)}");
            }
        }
        profile.Observe(call, row, body);
    }

    private async Task CheckAlsoAsync(RecordedCall call)
    {
        foreach (var (schema, json) in profile.AlsoValidate(call))
        {
            var errors = await SchemaRepository.ValidateAsync(_table.Provider, schema, json);
            if (errors.Count > 0)
            {
                _log.Report($"{call.Method} {profile.RouteOf(call.Path)}: does not match {schema}:\n    {string.Join("\n    ", errors)}\n  validated: {Clip(json)}", call.Label);
            }
            else
            {
                _alsoValidated[schema] = _alsoValidated.GetValueOrDefault(schema) + 1;
            }
        }
    }

    private async Task CheckRequestAsync(RecordedCall call, RequestRow row)
    {
        // Where the body may be why the call failed, the schema may (mostly should) reject it too; a 5xx proves nothing either way.
        var mustValidate = call.Status < 500 && !profile.BodyMayBeAtFault(call);
        var raw = call.RequestBody;
        if (string.IsNullOrEmpty(raw))
        {
            if (!row.Optional && mustValidate)
            {
                _log.Report($"{row.Method} {row.Route}: no request body, {row.Schema} needs one", call.Label);
            }
            return;
        }
        if (call.RequestBodyTruncated)
        {
            if (mustValidate)
            {
                _log.Report($"{row.Method} {row.Route}: the journal kept only part of the request body", call.Label);
            }
            else
            {
                _requestsRejected++;
            }
            return;
        }
        var errors = await ValidateRequestAsync(call, row, raw);
        if (errors.Count == 0)
        {
            _requestsValidated[row]++;
        }
        else if (mustValidate)
        {
            _log.Report($"{row.Method} {row.Route}: request body does not match {row.Schema}:\n    {string.Join("\n    ", errors)}\n  request body: {Clip(raw)}", call.Label);
        }
        else
        {
            _requestsRejected++;
        }
    }

    private async Task<IReadOnlyList<string>> ValidateRequestAsync(RecordedCall call, RequestRow row, string raw)
    {
        if (!row.Multipart)
        {
            return await SchemaRepository.ValidateAsync(_table.Provider, row.Schema, raw);
        }
        var contentType = call.Header("Content-Type");
        if (contentType is null || !contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return [$"not multipart/form-data but {contentType ?? "no content type"}"];
        }
        var bytes = raw.StartsWith("base64:", StringComparison.Ordinal) ? Convert.FromBase64String(raw[7..]) : Encoding.UTF8.GetBytes(raw);
        return await SchemaRepository.ValidateAsync(_table.Provider, row.Schema, await MultipartForm.DescribeAsync(bytes, contentType));
    }

    private async Task CheckWebhooksAsync(IReadOnlyList<ReceivedWebhook> webhooks)
    {
        var noun = profile.WebhookNoun;
        foreach (var (webhook, index) in webhooks.Select((w, i) => (w, i + 1)))
        {
            var label = $"{noun} {index} of {webhooks.Count} to {webhook.Url.AbsoluteUri}";
            var schema = profile.WebhookSchemaOf(webhook);
            var errors = await SchemaRepository.ValidateAsync(_table.Provider, schema, webhook.BodyText);
            if (errors.Count > 0)
            {
                _log.Report($"{noun} body does not match {schema}:\n    {string.Join("\n    ", errors)}", $"{label}\n  body: {Clip(webhook.BodyText)}");
            }
            else
            {
                _renameSamples.TryAdd((schema, Shape(webhook.BodyText, profile.Owns)), (label, webhook.BodyText));
            }
            profile.CheckWebhook(webhook, label, errors.Count == 0 ? Json(webhook.BodyText) : null, _log);
        }
        profile.CheckAllWebhooks(webhooks, _log);
    }

    private async Task<int> ProbeRenamesAsync()
    {
        var tried = 0;
        foreach (var ((schema, _), (label, body)) in _renameSamples)
        {
            foreach (var (path, renamed, stillValid) in await RenameEachFieldAsync(_table.Provider, schema, body, profile.Owns))
            {
                tried++;
                if (stillValid)
                {
                    _log.Add($"{label}: renaming {path} to {renamed} still matches {schema}; the schema is too loose there");
                }
            }
        }
        return tried;
    }

    private void WriteSummary(int entries, int renamesTried, int webhooks)
    {
        var bodies = _table.Responses.Any(r => r.Schema is null) ? $" ({_jsonBodies} JSON bodies, {_binaryBodies} file downloads)" : "";
        var routeStatusPairs = _exercised.Keys.Where(r => _exercised[r] > 0).Select(r => (r.Method, r.Route, r.Status)).Distinct().Count();
        output.WriteLine($"journal entries validated: {entries}{bodies}");
        output.WriteLine($"table rows exercised: {_exercised.Count(r => r.Value > 0)} of {_exercised.Count} ({routeStatusPairs} distinct method/route/status)");
        output.WriteLine($"request bodies validated: {_requestsValidated.Values.Sum()} ({_requestsRejected} rejected bodies {profile.RejectedBodiesNote})");
        foreach (var line in profile.JournalSummary(_errorCodes))
        {
            output.WriteLine(line);
        }
        output.WriteLine($"field renames tried: {renamesTried} over {_renameSamples.Count} distinct body shapes");
        output.WriteLine($"{profile.WebhookNoun}s validated: {webhooks} {profile.WebhookSummary}");
        if (_alsoValidated.Count > 0)
        {
            output.WriteLine($"also validated: {string.Join(", ", _alsoValidated.Select(s => $"{s.Key}={s.Value}"))}");
        }
        if (profile.NotYetServed.Count > 0)
        {
            output.WriteLine($"schemas left out, their endpoints not served yet: {string.Join(", ", profile.NotYetServed)}");
        }
        output.WriteLine($"scenario runs: {string.Join("; ", profile.ScenarioRuns.Select(r => $"{r.Key.Scenario}/{r.Key.On}={r.Value}"))}");
    }
}
