using System.Text.Json;
using Newtonsoft.Json.Linq;
using Simulators.Testing;
using Xunit.Abstractions;
using static Simulators.Contracts.Tests.Schemas.SchemaCoverage;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// The JSON Schemas in <c>schemas/verihubs/</c> against everything the Verihubs simulator actually
/// says: one tour of every endpoint, error code, sandbox magic code family and scenario, then every
/// journal entry's response (and request) body and every callback validated against the schema its
/// (method, route, status, shape) maps to.
/// </summary>
public sealed class VerihubsSchemaCoverageTests(ITestOutputHelper output)
{
    private const string Provider = SchemaRepository.Verihubs;

    /// <summary>The FAIL_ON bits each (alone) must have been seen at least once, and every KTP result failure.</summary>
    private static readonly string[] ExpectedFailures =
        ["FAIL_ON_1", "FAIL_ON_2", "FAIL_ON_4", "FAIL_ON_8", "FAIL_ON_16", "KTP_NOT_DETECTED", "INTERNAL_SERVER_ERROR"];

    [Fact]
    public async Task VerihubsJournal_EveryEndpointErrorMagicCodeAndScenarioExercised_EveryBodyMatchesItsSchema()
    {
        await using var sim = await SimulatorHarness.StartVerihubsAsync(o => o.Configuration["Verihubs:ImageFetchTimeoutSeconds"] = VerihubsTour.ImageFetchTimeoutSeconds);
        using var tour = new VerihubsTour(sim);
        await tour.RunAsync();

        var log = new ProblemLog();
        foreach (var pair in tour.ScenarioCatalogue.Where(p => !tour.ScenarioRuns.ContainsKey(p)))
        {
            log.Add($"scenario {pair.Scenario} on {pair.Kind} was listed by /__simulator/scenarios but never run");
        }

        var entries = await SchemaCoverage.ReadWholeJournalAsync(sim);

        var rows = VerihubsSchemaMap.Responses.ToDictionary(r => (r.Method, r.Route, r.Status, r.Variant));
        var requestRows = VerihubsSchemaMap.Requests.ToDictionary(r => (r.Method, r.Route));
        var exercised = VerihubsSchemaMap.Responses.ToDictionary(r => r, _ => 0);
        var requestsValidated = VerihubsSchemaMap.Requests.ToDictionary(r => r, _ => 0);
        var requestsRejected = 0;
        var errorCodes = new HashSet<string>(StringComparer.Ordinal);
        var failuresAt200 = new HashSet<string>(StringComparer.Ordinal);
        var renameSamples = new Dictionary<(string Schema, string Shape), (string Label, string Body)>();

        foreach (var entry in entries)
        {
            var method = entry.GetProperty("method").GetString()!;
            var path = entry.GetProperty("path").GetString()!;
            var status = entry.GetProperty("status").GetInt32();
            var contentType = Text(entry, "responseContentType");
            var body = Text(entry, "responseBody");
            var route = VerihubsSchemaMap.RouteOf(path);
            var variant = VerihubsSchemaMap.VariantOf(route, status, body);
            var label = $"#{entry.GetProperty("id").GetInt64()} {method} {path}{Text(entry, "query")} -> {status} ({contentType ?? "no content type"})";

            if (!rows.TryGetValue((method, route, status, variant), out var row))
            {
                log.Report($"no table row for ({method}, {route}, {status}, '{variant}')", $"{label}\n  body: {Clip(body)}");
            }
            else
            {
                exercised[row]++;
                if (entry.GetProperty("responseBodyTruncated").GetBoolean())
                {
                    log.Add($"{label}: the journal kept only part of the body; it cannot be validated");
                }
                else if (contentType is null || !contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                {
                    log.Add($"{label}: every Verihubs answer is JSON; this one is {contentType ?? "without a content type"}");
                }
                else
                {
                    var errors = await SchemaRepository.ValidateAsync(Provider, row.Schema, body ?? "");
                    if (errors.Count > 0)
                    {
                        log.Report($"{row}: body does not match {row.Schema}:\n    {string.Join("\n    ", errors)}", $"{label}\n  body: {Clip(body)}");
                    }
                    else
                    {
                        renameSamples.TryAdd((row.Schema, SchemaCoverage.Shape(body!, Owned)), (label, body!));
                        if (Json(body!).TryGetProperty("error_code", out var codeElement))
                        {
                            var code = codeElement.GetString()!;
                            if (status == 200)
                            {
                                failuresAt200.Add(code);
                            }
                            else if (row.Schema == VerihubsSchemaMap.Error)
                            {
                                errorCodes.Add(code);
                                if (!VerihubsSchemaMap.StatusOfCode[code].Contains(status))
                                {
                                    log.Add($"{label}: error_code {code} with HTTP {status}; the reference maps it to {string.Join("/", VerihubsSchemaMap.StatusOfCode[code])}");
                                }
                            }
                        }
                    }
                }
            }

            if (requestRows.TryGetValue((method, route), out var requestRow))
            {
                var (validated, problem) = await CheckRequestAsync(entry, requestRow, status);
                if (problem is not null)
                {
                    log.Report($"{requestRow.Method} {requestRow.Route}: {problem}", label);
                }
                else if (validated == true)
                {
                    requestsValidated[requestRow]++;
                }
                else if (validated == false)
                {
                    requestsRejected++;
                }
            }
        }

        log.AddRange(exercised.Where(r => r.Value == 0).Select(r => $"table row never exercised: {r.Key}"));
        log.AddRange(requestsValidated.Where(r => r.Value == 0).Select(r => $"no valid request body was ever sent to {r.Key.Method} {r.Key.Route} ({r.Key.Schema})"));
        log.AddRange(VerihubsSchemaMap.StatusOfCode.Keys.Except(VerihubsSchemaMap.UnreachableCodes).Except(errorCodes).Select(c => $"error_code {c} never seen"));
        log.AddRange(ExpectedFailures.Except(failuresAt200).Select(c => $"no 200 ever carried error_code {c}"));

        // Callbacks: every attempt is a result body with the App-ID's Basic credentials; failing receivers get 1 + 3 retries.
        var callbacks = sim.Webhooks.Received;
        var attempts = callbacks.GroupBy(c => c.Url.AbsoluteUri).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var delivered = 0;
        foreach (var (callback, index) in callbacks.Select((c, i) => (c, i + 1)))
        {
            var url = callback.Url.AbsoluteUri;
            var label = $"callback {index} of {callbacks.Count} to {url}";
            var errors = await SchemaRepository.ValidateAsync(Provider, VerihubsSchemaMap.Callback, callback.BodyText);
            if (errors.Count > 0)
            {
                log.Report($"callback body does not match {VerihubsSchemaMap.Callback}:\n    {string.Join("\n    ", errors)}", $"{label}\n  body: {Clip(callback.BodyText)}");
            }
            else
            {
                renameSamples.TryAdd((VerihubsSchemaMap.Callback, SchemaCoverage.Shape(callback.BodyText, Owned)), (label, callback.BodyText));
            }
            var expectedAuthorization = tour.CallbackAuthorization.GetValueOrDefault(url)
                ?? "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{VerihubsTour.CallbackUser}:{VerihubsTour.CallbackPassword}"));
            if (callback.Headers.GetValueOrDefault("Authorization") != expectedAuthorization)
            {
                log.Add($"{label}: Authorization '{callback.Headers.GetValueOrDefault("Authorization")}', expected '{expectedAuthorization}'");
            }
            if (callback.Headers.GetValueOrDefault("Content-Type")?.StartsWith("application/json", StringComparison.Ordinal) != true)
            {
                log.Add($"{label}: Content-Type '{callback.Headers.GetValueOrDefault("Content-Type")}', expected application/json");
            }
            if (tour.ResultsByCallbackUrl.TryGetValue(url, out var polled) && polled != callback.BodyText)
            {
                log.Add($"{label}: the callback body differs from the polled result\n  callback: {Clip(callback.BodyText)}\n  polled:   {Clip(polled)}");
            }
            if (!tour.FailingCallbackUrls.Contains(url))
            {
                delivered++;
            }
        }
        var failingJobs = tour.FailingCallbackUrls.Where(tour.ResultsByCallbackUrl.ContainsKey).ToList();
        log.AddRange(failingJobs.Where(u => attempts.GetValueOrDefault(u) != 4).Select(u => $"callback to failing receiver {u}: {attempts.GetValueOrDefault(u)} attempt(s), expected 1 + 3 retries"));
        log.AddRange(tour.ResultsByCallbackUrl.Keys.Except(tour.MutedCallbackUrls).Where(u => !attempts.ContainsKey(u)).Select(u => $"no callback arrived at {u}"));
        log.AddRange(tour.MutedCallbackUrls.Where(attempts.ContainsKey).Select(u => $"a callback arrived at {u} although its App-ID has callbacks disabled"));
        if (delivered == 0 || failingJobs.Count == 0)
        {
            log.Add($"callbacks: {delivered} delivered and {failingJobs.Count} failing job(s); both were expected");
        }

        // Strictness: renaming any field the simulator writes, in one body of each shape, must break validation.
        var renamesTried = 0;
        foreach (var ((schema, _), (label, body)) in renameSamples)
        {
            foreach (var (path, renamed, stillValid) in await SchemaCoverage.RenameEachFieldAsync(Provider, schema, body, Owned))
            {
                renamesTried++;
                if (stillValid)
                {
                    log.Add($"{label}: renaming {path} to {renamed} still matches {schema}; the schema is too loose there");
                }
            }
        }

        // Every schema file is used by the table (common.schema.json only holds shared definitions).
        var used = VerihubsSchemaMap.Responses.Select(r => r.Schema).Concat(VerihubsSchemaMap.Requests.Select(r => r.Schema)).Append(VerihubsSchemaMap.Callback).Append("common.schema.json");
        log.AddRange(SchemaRepository.Files(Provider).Except(used).Select(f => $"schema {f} is not mapped to any route"));

        var problems = log.All;

        var routeStatusPairs = exercised.Keys.Where(r => exercised[r] > 0).Select(r => (r.Method, r.Route, r.Status)).Distinct().Count();
        output.WriteLine($"journal entries validated: {entries.Count}");
        output.WriteLine($"table rows exercised: {exercised.Count(r => r.Value > 0)} of {exercised.Count} ({routeStatusPairs} distinct method/route/status)");
        output.WriteLine($"request bodies validated: {requestsValidated.Values.Sum()} ({requestsRejected} rejected bodies answered 4xx, as they may be)");
        output.WriteLine($"error codes seen: {errorCodes.Count}; 200 failures seen: {string.Join(", ", failuresAt200.Order(StringComparer.Ordinal))}");
        output.WriteLine($"field renames tried: {renamesTried} over {renameSamples.Count} distinct body shapes");
        output.WriteLine($"callbacks validated: {callbacks.Count} ({delivered} to succeeding receivers, {failingJobs.Count} jobs with a failing receiver)");
        output.WriteLine($"scenario runs: {string.Join("; ", tour.ScenarioRuns.Select(r => $"{r.Key.Scenario}/{r.Key.Kind}={r.Value}"))}");
        foreach (var problem in problems)
        {
            output.WriteLine("PROBLEM " + problem);
        }
        if (problems.Count > 0)
        {
            Assert.Fail($"{problems.Count} schema/coverage problem(s):\n\n" + string.Join("\n\n", problems));
        }
    }

    [Theory]
    [InlineData("/v2/ktp/extract", """{"image":"KTP"}""", VerihubsSchemaMap.Extraction, "data.full_name", "fullName", "PropertyRequired at #/data.full_name")]
    [InlineData("/v2/ktp/extract", """{"image":"KTP"}""", VerihubsSchemaMap.Extraction, "data.image_quality.grayscale", "greyscale", "NoAdditionalPropertiesAllowed at #/data.image_quality.greyscale")]
    [InlineData("/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1"}""", "face-compare.response.schema.json", "similarity_status", "similarityStatus", "PropertyRequired at #/similarity_status")]
    [InlineData("/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_B_1"}""", "face-compare.failed.response.schema.json", "error_code", "errorCode", "PropertyRequired at #/error_code")]
    [InlineData("/data-verification/id-verification/verify", """{"nik":"123","name":"DEWI","birth_date":"05-09-1988"}""", VerihubsSchemaMap.IdvError, "error_fields", "errorFields", "PropertyRequired at #/error_fields")]
    [InlineData("/data-verification/id-verification/verify", """{"nik":"3174054509880002","name":"DEWI","birth_date":"05-09-1988"}""", "id-verification.response.schema.json", "data.birth_date", "birthDate", "PropertyRequired at #/data.birth_date")]
    public async Task VerihubsSchema_RealResponseWithFieldRenamed_ReportsError(string path, string request, string schema, string field, string renamed, string expected)
    {
        await using var sim = await SimulatorHarness.StartVerihubsAsync();
        using var client = sim.CreateClient(("App-ID", "schema-rename"), ("API-Key", VerihubsTour.ApiKey));
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(request, System.Text.Encoding.UTF8, "application/json"));
        var json = await response.Content.ReadAsStringAsync();
        (await SchemaRepository.ValidateAsync(Provider, schema, json)).Should().BeEmpty("the untouched response is valid: {0}", json);

        var tampered = (JObject)SchemaRepository.Parse(json);
        var names = field.Split('.');
        var parent = names[..^1].Aggregate(tampered, (node, name) => (JObject)node[name]!);
        var property = parent.Property(names[^1], StringComparison.Ordinal)!;
        property.Replace(new JProperty(renamed, property.Value));

        var errors = await SchemaRepository.ValidateAsync(Provider, schema, tampered);
        output.WriteLine(string.Join("\n", errors));
        errors.Should().Contain(e => e.Trim() == expected, "renaming {0} to {1} must break the contract", field, renamed);
    }

    /// <summary>
    /// README: "a body over 64 MB is 400 INVALID_PAYLOAD_IMAGE_SIZE". Kept out of the journal tour
    /// because it needs its own 65 MB request; the answer must match error.schema.json.
    /// </summary>
    [Fact]
    public async Task KtpExtract_BodyOver64Megabytes_Answers400ImageSizeErrorBody()
    {
        await using var sim = await SimulatorHarness.StartVerihubsAsync();
        using var client = sim.CreateClient(("App-ID", "schema-huge"), ("API-Key", VerihubsTour.ApiKey));
        var huge = new byte[65 * 1024 * 1024];
        Array.Fill(huge, (byte)'A');
        using var content = new ByteArrayContent([.. "{\"image\":\""u8, .. huge, .. "\"}"u8]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(new Uri(VerihubsSchemaMap.SyncKtp, UriKind.Relative), content);
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).Should().Be(400, "the body was {0}", body);
        (await SchemaRepository.ValidateAsync(Provider, VerihubsSchemaMap.Error, body)).Should().BeEmpty();
        Json(body).GetProperty("error_code").GetString().Should().Be("INVALID_PAYLOAD_IMAGE_SIZE");
    }

    /// <summary>Checks a recorded request body against its schema. Validated: true (valid), false (invalid, answered 4xx), null (no body where none is needed).</summary>
    private static async Task<(bool? Validated, string? Problem)> CheckRequestAsync(JsonElement entry, RequestRow row, int status)
    {
        // A 400 or 404 may be the body's fault: there the schema is allowed (expected, mostly) to reject it too. A 5xx proves nothing either way.
        var mustValidate = status is not (400 or 404) && status < 500;
        var raw = Text(entry, "requestBody");
        if (raw is null || raw.Length == 0)
        {
            return row.Optional || !mustValidate ? (null, null) : (null, $"no request body, {row.Schema} needs one");
        }
        if (entry.GetProperty("requestBodyTruncated").GetBoolean())
        {
            return mustValidate ? (null, "the journal kept only part of the request body") : (false, null);
        }
        var errors = await SchemaRepository.ValidateAsync(Provider, row.Schema, raw);
        if (errors.Count == 0)
        {
            return (true, null);
        }
        return mustValidate
            ? (null, $"request body does not match {row.Schema}:\n    {string.Join("\n    ", errors)}\n  request body: {Clip(raw)}")
            : (false, null);
    }

    /// <summary>Every property of a Verihubs body is the simulator's own.</summary>
    private static bool Owned(JProperty _) => true;
}
