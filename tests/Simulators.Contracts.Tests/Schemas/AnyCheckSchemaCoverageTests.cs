using System.Text;
using System.Text.Json;
using Newtonsoft.Json.Linq;
using Simulators.Testing;
using Xunit.Abstractions;
using static Simulators.Contracts.Tests.Schemas.SchemaCoverage;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// The JSON Schemas in <c>schemas/anycheck/</c> against everything the AnyCheck simulator actually
/// says: one tour of every endpoint, error kind and scenario, then every journal entry's response
/// (and request) body and every webhook validated against the schema its (method, route, status) maps to.
/// </summary>
public sealed class AnyCheckSchemaCoverageTests(ITestOutputHelper output)
{
    private static readonly string[] PolledStatuses = ["IN_QUEUE", "IN_PROGRESS", "COMPLETED", "FAILED", "CANCELLED", "NEED_REVIEW"];
    private static readonly string[] AnnouncedStatuses =
        ["IN_PROGRESS", "NEED_REVIEW", "COMPLETED", "PARTIALLY_COMPLETED", "FAILED", "PARTIALLY_FAILED", "FRAUD_DETECTED", "CANCELLED"];
    private static readonly string[] BinaryMediaTypes = ["image/jpeg", "image/png", "application/pdf"];

    /// <summary>Free-form objects (client data echoed, or open by design): renaming their keys is not a contract break.</summary>
    private static readonly HashSet<string> FreeFormObjects = new(["input_config", "webhook_metadata", "action_param", "input_file_url"], StringComparer.Ordinal);

    /// <summary>The keys the simulator itself writes into <c>output</c>; a review may add others.</summary>
    private static readonly HashSet<string> OutputKeys = new(
        ["face_match_confidence_level", "face_match_confidence_score", "is_match_face", "nik", "name", "birth_date", "is_pep"], StringComparer.Ordinal);

    [Fact]
    public async Task AnyCheckJournal_EveryEndpointErrorAndScenarioExercised_EveryBodyMatchesItsSchema()
    {
        await using var sim = await SimulatorHarness.StartAnyCheckAsync(o =>
        {
            o.Configuration["AnyCheck:RateLimitPerMinute"] = AnyCheckTour.RateLimitPerMinute;
            // The journal masks passwords and tokens by default; validating their shapes needs them as sent.
            o.Configuration["Journal:MaskSecretFields"] = "false";
        });
        var tour = new AnyCheckTour(sim);
        await tour.RunAsync();

        var log = new ProblemLog();
        foreach (var pair in tour.ScenarioCatalogue.Where(p => !tour.ScenarioRuns.ContainsKey(p)))
        {
            log.Add($"scenario {pair.Scenario} on {pair.Type} was listed by /__simulator/scenarios but never run");
        }

        var entries = await SchemaCoverage.ReadWholeJournalAsync(sim);

        var rows = AnyCheckSchemaMap.Responses.ToDictionary(r => (r.Method, r.Route, r.Status, r.Kind));
        var requestRows = AnyCheckSchemaMap.Requests.ToDictionary(r => (r.Method, r.Route));
        var exercised = AnyCheckSchemaMap.Responses.ToDictionary(r => r, _ => 0);
        var requestsValidated = AnyCheckSchemaMap.Requests.ToDictionary(r => r, _ => 0);
        var requestsRejectedWith400 = 0;
        var polledStatuses = new HashSet<string>(StringComparer.Ordinal);
        var errorCodes = new HashSet<string>(StringComparer.Ordinal);
        var jsonBodies = 0;
        var binaryBodies = 0;
        var renameSamples = new Dictionary<(string Schema, string Shape), (string Label, string Body)>();

        foreach (var entry in entries)
        {
            var method = entry.GetProperty("method").GetString()!;
            var path = entry.GetProperty("path").GetString()!;
            var status = entry.GetProperty("status").GetInt32();
            var contentType = Text(entry, "responseContentType");
            var body = Text(entry, "responseBody");
            var route = AnyCheckSchemaMap.RouteOf(path);
            var kind = AnyCheckSchemaMap.KindOf(contentType);
            var label = $"#{entry.GetProperty("id").GetInt64()} {method} {path}{Text(entry, "query")} -> {status} ({contentType ?? "no content type"})";

            if (!rows.TryGetValue((method, route, status, kind), out var row))
            {
                log.Report($"no table row for ({method}, {route}, {status}, {kind})", $"{label}\n  body: {Clip(body)}");
            }
            else
            {
                exercised[row]++;
                if (entry.GetProperty("responseBodyTruncated").GetBoolean())
                {
                    log.Add($"{label}: the journal kept only part of the body; it cannot be validated");
                }
                else if (row.Schema is null)
                {
                    binaryBodies++;
                    if (body is null || !BinaryMediaTypes.Contains(contentType))
                    {
                        log.Add($"{label}: expected a file download (one of {string.Join(", ", BinaryMediaTypes)}) with bytes");
                    }
                }
                else
                {
                    jsonBodies++;
                    var errors = await SchemaRepository.ValidateAsync(row.Schema, body ?? "");
                    if (errors.Count > 0)
                    {
                        log.Report($"{row}: body does not match {row.Schema}:\n    {string.Join("\n    ", errors)}", $"{label}\n  body: {Clip(body)}");
                    }
                    else
                    {
                        renameSamples.TryAdd((row.Schema, SchemaCoverage.Shape(body!, Owned)), (label, body!));
                    }
                    if (errors.Count == 0 && row.Schema == AnyCheckSchemaMap.Error)
                    {
                        var code = Json(body!).GetProperty("error_code").GetString()!;
                        errorCodes.Add(code);
                        if (!AnyCheckSchemaMap.StatusOfCode[code].Contains(status))
                        {
                            log.Add($"{label}: error_code {code} with HTTP {status}; the reference maps it to {string.Join("/", AnyCheckSchemaMap.StatusOfCode[code])}");
                        }
                    }
                    else if (errors.Count == 0 && row.Route == "/verifications/{id}" && method == "GET")
                    {
                        polledStatuses.Add(Json(body!).GetProperty("status").GetString()!);
                    }
                }
            }

            if (requestRows.TryGetValue((method, route), out var requestRow))
            {
                var (validated, problem) = await CheckRequestAsync(entry, requestRow, status);
                if (problem is not null)
                {
                    log.Add($"{label}: {problem}");
                }
                else if (validated == true)
                {
                    requestsValidated[requestRow]++;
                }
                else if (validated == false)
                {
                    requestsRejectedWith400++;
                }
            }
        }

        log.AddRange(exercised.Where(r => r.Value == 0).Select(r => $"table row never exercised: {r.Key}"));
        log.AddRange(requestsValidated.Where(r => r.Value == 0).Select(r => $"no valid request body was ever sent to {r.Key.Method} {r.Key.Route} ({r.Key.Schema})"));
        log.AddRange(PolledStatuses.Except(polledStatuses).Select(s => $"GET /verifications/{{id}} never answered status {s}"));
        log.AddRange(AnyCheckSchemaMap.StatusOfCode.Keys.Except(AnyCheckSchemaMap.UnreachableCodes).Except(errorCodes).Select(c => $"error_code {c} never seen"));

        // Webhooks: every delivery received, signed (with a webhook_secret) and unsigned.
        var webhooks = sim.Webhooks.Received;
        var announced = new HashSet<string>(StringComparer.Ordinal);
        var signed = 0;
        foreach (var (webhook, index) in webhooks.Select((w, i) => (w, i + 1)))
        {
            var label = $"webhook {index} of {webhooks.Count} to {webhook.Url}";
            var errors = await SchemaRepository.ValidateAsync(AnyCheckSchemaMap.Webhook, webhook.BodyText);
            if (errors.Count > 0)
            {
                log.Report($"webhook body does not match {AnyCheckSchemaMap.Webhook}:\n    {string.Join("\n    ", errors)}", $"{label}\n  body: {Clip(webhook.BodyText)}");
                continue;
            }
            renameSamples.TryAdd((AnyCheckSchemaMap.Webhook, SchemaCoverage.Shape(webhook.BodyText, Owned)), (label, webhook.BodyText));
            var payload = Json(webhook.BodyText);
            var status = payload.GetProperty("status").GetString()!;
            announced.Add(status);
            if (payload.GetProperty("data").GetProperty("status").GetString() != status
                || payload.GetProperty("data").GetProperty("id").GetString() != payload.GetProperty("verification_id").GetString()
                || payload.GetProperty("data").GetProperty("result_id").GetString() != payload.GetProperty("result_id").GetString())
            {
                log.Add($"{label}: status/verification_id/result_id disagree with data: {Clip(webhook.BodyText)}");
            }
            if (webhook.Headers.TryGetValue("X-AnyCheck-Signature", out var signature))
            {
                signed++;
                if (!System.Text.RegularExpressions.Regex.IsMatch(signature, "^sha256=[0-9a-f]{64}$") || !webhook.Headers.ContainsKey("X-AnyCheck-Timestamp"))
                {
                    log.Add($"{label}: signature header '{signature}' is not sha256=<64 lowercase hex> with a timestamp header");
                }
            }
        }
        if (signed == 0 || signed == webhooks.Count)
        {
            log.Add($"webhooks: {signed} of {webhooks.Count} signed; both signed and unsigned deliveries were expected");
        }
        log.AddRange(AnnouncedStatuses.Except(announced).Select(s => $"no webhook announced {s}"));

        // Strictness: renaming any field the simulator writes, in one body of each shape, must break validation.
        var renamesTried = 0;
        foreach (var ((schema, _), (label, body)) in renameSamples)
        {
            foreach (var (path, renamed, stillValid) in await SchemaCoverage.RenameEachFieldAsync(SchemaRepository.AnyCheck, schema, body, Owned))
            {
                renamesTried++;
                if (stillValid)
                {
                    log.Add($"{label}: renaming {path} to {renamed} still matches {schema}; the schema is too loose there");
                }
            }
        }

        // Every schema file is used by the table (common.schema.json only holds shared definitions).
        var used = AnyCheckSchemaMap.Responses.Select(r => r.Schema).Concat(AnyCheckSchemaMap.Requests.Select(r => r.Schema)).Append(AnyCheckSchemaMap.Webhook).Append("common.schema.json");
        log.AddRange(SchemaRepository.AnyCheckFiles.Except(used).Select(f => $"schema {f} is not mapped to any route"));

        var problems = log.All;

        var routeStatusPairs = exercised.Keys.Where(r => exercised[r] > 0).Select(r => (r.Method, r.Route, r.Status)).Distinct().Count();
        output.WriteLine($"journal entries validated: {entries.Count} ({jsonBodies} JSON bodies, {binaryBodies} file downloads)");
        output.WriteLine($"table rows exercised: {exercised.Count(r => r.Value > 0)} of {exercised.Count} ({routeStatusPairs} distinct method/route/status)");
        output.WriteLine($"request bodies validated: {requestsValidated.Values.Sum()} ({requestsRejectedWith400} rejected bodies answered 400, as they should be allowed to)");
        output.WriteLine($"field renames tried: {renamesTried} over {renameSamples.Count} distinct body shapes");
        output.WriteLine($"webhooks validated: {webhooks.Count} ({signed} signed), statuses {string.Join(", ", announced.Order(StringComparer.Ordinal))}");
        output.WriteLine($"scenario runs: {string.Join("; ", tour.ScenarioRuns.Select(r => $"{r.Key.Scenario}/{r.Key.Type}={r.Value}"))}");
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
    [InlineData("output_status", "outputStatus", "PropertyRequired at #/output_status")]
    [InlineData("output.face_match_confidence_level", "faceMatchConfidenceLevel", "NotAnyOf at #/output")]
    [InlineData("service.name", "service_name", "PropertyRequired at #/service.name")]
    [InlineData("external_job_id.ocr_job_id", "ocr_job_ids", "PropertyRequired at #/external_job_id.ocr_job_id")]
    [InlineData("updated_at", "modified_at", "NoAdditionalPropertiesAllowed at #/modified_at")]
    public async Task VerificationSchema_RealResponseWithFieldRenamed_ReportsError(string field, string renamed, string expected)
    {
        await using var sim = await SimulatorHarness.StartAnyCheckAsync();
        var json = await AnyCheckTour.CompletedVerificationJsonAsync(sim);
        (await SchemaRepository.ValidateAsync(AnyCheckSchemaMap.Verification, json)).Should().BeEmpty("the untouched response is valid");

        var tampered = (JObject)SchemaRepository.Parse(json);
        var names = field.Split('.');
        var parent = names[..^1].Aggregate(tampered, (node, name) => (JObject)node[name]!);
        var property = parent.Property(names[^1], StringComparison.Ordinal)!;
        property.Replace(new JProperty(renamed, property.Value));

        var errors = await SchemaRepository.ValidateAsync(AnyCheckSchemaMap.Verification, tampered);
        output.WriteLine(string.Join("\n", errors));
        errors.Should().Contain(e => e.Trim() == expected, "renaming {0} to {1} must break the contract", field, renamed);
    }

    /// <summary>
    /// README: "a body over 64 MB 413 in the same shape". Kept out of the journal tour because it needs
    /// its own 65 MB request; the answer must be a 413 that matches error.schema.json. Under Kestrel the
    /// host's MaxRequestBodySize produces it; the in-process harness (TestServer) has no such limit, so
    /// this checks what the journal's own 64 MB buffer limit turns into there.
    /// </summary>
    [Theory]
    [InlineData("/uploads", "multipart")]
    [InlineData("/folders", "json")]
    public async Task PostBodyOver64Megabytes_InProcessHarness_Answers413ErrorBody(string path, string kind)
    {
        await using var sim = await SimulatorHarness.StartAnyCheckAsync();
        using var client = sim.CreateClient(("X-API-Key", "ak_test_schema_huge"));
        var huge = new byte[65 * 1024 * 1024];
        HttpContent content;
        if (kind == "multipart")
        {
            huge[0] = 0xFF;
            huge[1] = 0xD8;
            huge[2] = 0xFF;
            content = new MultipartFormDataContent { { new StringContent("VERIFICATION_INPUT_FILE"), "file_category" }, { new ByteArrayContent(huge), "files", "huge.jpg" } };
        }
        else
        {
            Array.Fill(huge, (byte)'x');
            content = new ByteArrayContent([.. "{\"name\":\""u8, .. huge, .. "\"}"u8]);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }
        using (content)
        {
            using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
            var body = await response.Content.ReadAsStringAsync();
            ((int)response.StatusCode).Should().Be(413, "README promises 413 in AnyCheck's error shape for a body over 64 MB; the body was {0}", body);
            (await SchemaRepository.ValidateAsync(AnyCheckSchemaMap.Error, body)).Should().BeEmpty();
            Json(body).GetProperty("error_code").GetString().Should().Be("INVALID_REQUEST");
        }
    }

    /// <summary>Checks a recorded request body against its schema. Validated: true (valid), false (invalid, answered 400), null (no body where none is needed).</summary>
    private static async Task<(bool? Validated, string? Problem)> CheckRequestAsync(JsonElement entry, RequestRow row, int status)
    {
        // A 400 (or a 413) may be the body's fault: there the schema is allowed (expected, mostly) to reject it too.
        // A 5xx proves nothing about the body either way.
        var mustValidate = status is not (400 or 413) && status < 500;
        var raw = Text(entry, "requestBody");
        if (raw is null)
        {
            return row.Optional || !mustValidate ? (null, null) : (null, $"no request body, {row.Schema} needs one");
        }
        if (entry.GetProperty("requestBodyTruncated").GetBoolean())
        {
            return mustValidate ? (null, "the journal kept only part of the request body") : (false, null);
        }
        IReadOnlyList<string> errors;
        if (row.Multipart)
        {
            var contentType = Header(entry, "Content-Type");
            if (contentType is null || !contentType.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            {
                errors = [$"not multipart/form-data but {contentType ?? "no content type"}"];
            }
            else
            {
                var bytes = raw.StartsWith("base64:", StringComparison.Ordinal) ? Convert.FromBase64String(raw[7..]) : Encoding.UTF8.GetBytes(raw);
                errors = await SchemaRepository.ValidateAsync(row.Schema, await MultipartForm.DescribeAsync(bytes, contentType));
            }
        }
        else
        {
            errors = await SchemaRepository.ValidateAsync(row.Schema, raw);
        }
        if (errors.Count == 0)
        {
            return (true, null);
        }
        return mustValidate
            ? (null, $"request body does not match {row.Schema}:\n    {string.Join("\n    ", errors)}\n  request body: {Clip(raw)}")
            : (false, null);
    }

    /// <summary>The properties the simulator owns: keys of free-form objects and unknown output keys excepted.</summary>
    private static bool Owned(JProperty p) =>
        !p.Ancestors().OfType<JProperty>().Any(a => FreeFormObjects.Contains(a.Name))
        && !(p.Ancestors().OfType<JProperty>().FirstOrDefault()?.Name == "output" && !OutputKeys.Contains(p.Name));

    private static string? Header(JsonElement entry, string name) =>
        entry.GetProperty("headers").EnumerateObject().Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value.GetString()).FirstOrDefault();
}
