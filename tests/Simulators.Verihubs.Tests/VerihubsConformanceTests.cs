using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Simulators.Conformance;
using Simulators.Testing;

namespace Simulators.Verihubs.Tests;

/// <summary>The engine's behaviours, as Verihubs shows them.</summary>
public class VerihubsConformanceTests : JobConformanceTests
{
    private const string IdVerification = "/data-verification/id-verification/verify";

    private static readonly string Image = VerihubsApi.Image("conformance");

    protected override (string Running, string Settled) JobStatuses => ("processing", "finished");

    protected override IReadOnlyList<ProviderCall> AuthenticatedEndpoints =>
    [
        new("POST", "/v2/ktp/extract", """{"image":"KTP"}"""),
        new("POST", "/ktp/id/extract-async", """{"image":"KTP"}"""),
        new("GET", "/ktp/id/extract-async/result?reference_id=r1"),
        new("POST", "/ktp/id/extract-async/result?reference_id=r1"),
        new("POST", "/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1"}"""),
        new("POST", "/v1/face/liveness", """{"image":"LIVE_PERSON_A_1"}"""),
        new("POST", "/v1/face/enroll", """{"image":"LIVE_PERSON_A_1","subject_id":"s1"}"""),
        new("POST", "/v1/face/verify", """{"image":"LIVE_PERSON_A_1","subject_id":"s1"}"""),
        new("POST", "/v1/face/search", """{"image":"LIVE_PERSON_A_1"}"""),
        new("POST", IdVerification, """{"nik":"3171234567890123","name":"Budi","birth_date":"01-01-1990"}"""),
    ];

    protected override ProviderCall FaultTarget => new("POST", "/v2/ktp/extract", $$"""{"image":"{{Image}}"}""");

    protected override IReadOnlyList<string> ProviderControlReads => ["apps/{tenant}"];

    protected override Task<SimulatorHarness> StartAsync(Action<SimulatorHarnessOptions> configure) => SimulatorHarness.StartVerihubsAsync(configure);

    protected override Task<(HttpClient Client, string Tenant)> NewTenantAsync(string name)
    {
        var appId = $"app-{name}-{Guid.NewGuid():N}";
        return Task.FromResult((Sim.CreateClient(("App-ID", appId), ("API-Key", VerihubsApi.ApiKey)), appId));
    }

    protected override Task<IReadOnlyList<ProviderCall>> JsonEndpointsAsync(HttpClient client) => Task.FromResult<IReadOnlyList<ProviderCall>>(
    [
        .. AuthenticatedEndpoints.Where(c => c.Method == "POST" && !c.Path.Contains("/result", StringComparison.Ordinal)),
        new("POST", "/ktp/id/extract-async/result"),
    ]);

    protected override async Task AssertUnauthorizedAsync(HttpResponseMessage response, ProviderCall endpoint)
    {
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, endpoint.ToString());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (endpoint.Path == IdVerification)
        {
            body.GetRawText().Should().Be("""{"message":"Authorization Failed","error_code":"UNAUTHORIZED"}""");
        }
        else
        {
            body.GetRawText().Should().Be("""{"message":"Authorization failed"}""");
        }
    }

    protected override async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        var body = JsonDocument.Parse(text).RootElement;
        body.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
        if (status == HttpStatusCode.InternalServerError)
        {
            // The documented body: a message and nothing else.
            text.Should().Be("""{"message":"Internal server error"}""");
        }
        else if (body.TryGetProperty("error_code", out var code))
        {
            code.GetString().Should().MatchRegex(@"\A[A-Z0-9_ ]+\z");
        }
    }

    protected override IReadOnlyList<string> QueryParameters => ["reference_id"];

    protected override Task<BadInputBaseline> BadInputBaselineAsync(HttpClient client, string tenant, string jobId) => Task.FromResult(new BadInputBaseline(
        new Dictionary<string, string>
        {
            ["POST /v2/ktp/extract"] = """{"image":"KTP","reference_id":"bad-input-sync","validate_quality":true}""",
            ["POST /ktp/id/extract-async"] = """{"image":"KTP","reference_id":"bad-input-async","validate_quality":true,"callback_url":"https://receiver.example/hooks"}""",
            ["GET /ktp/id/extract-async/result"] = JsonSerializer.Serialize(new { reference_id = jobId }),
            ["POST /ktp/id/extract-async/result"] = JsonSerializer.Serialize(new { reference_id = jobId }),
            ["POST /v1/face/compare"] = """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1","is_quality":true,"validate_quality":true}""",
            ["POST /v1/face/liveness"] = """{"image":"LIVE_PERSON_A_1","is_attribute":true,"validate_attribute":true}""",
            ["POST /v1/face/enroll"] = """{"image":"LIVE_PERSON_A_1","subject_id":"bad-input"}""",
            ["POST /v1/face/verify"] = """{"image":"LIVE_PERSON_A_1","subject_id":"bad-input","is_liveness":true,"validate_liveness":true}""",
            ["POST /v1/face/search"] = """{"image":"LIVE_PERSON_A_1","threshold":50,"limit":5,"validate_nface":true}""",
            [$"POST {IdVerification}"] = """{"nik":"3171234567890123","name":"DEWI LESTARI","birth_date":"05-09-1988","reference_id":"idv-bad-input"}""",
            ["POST /__simulator/apps/{appId}"] = """{"mode":"live","testingQuota":100,"callbackUsername":"user","callbackPassword":"password","callbacksEnabled":true}""",
            // A state that stores little: each setup resets the tenant, and the table sends it a few hundred times.
            ["POST /__simulator/provider-states"] = JsonSerializer.Serialize(new
            {
                state = "an enrolled face subject exists",
                @params = new { appId = tenant, subject_id = "bad-input-subject", person = "B" },
                action = "setup",
            }),
        },
        new Dictionary<string, string> { ["appId"] = tenant }));

    protected override HttpStatusCode BusyStatus => HttpStatusCode.ServiceUnavailable;

    protected override int WebhooksPerJob => 1;

    protected override async Task<HttpResponseMessage> SendCreateJobAsync(HttpClient client, string? webhookUrl)
    {
        var referenceId = "ref-" + Guid.NewGuid().ToString("N")[..12];
        var body = webhookUrl is null
            ? new Dictionary<string, string> { ["image"] = "KTP", ["reference_id"] = referenceId }
            : new Dictionary<string, string> { ["image"] = "KTP", ["reference_id"] = referenceId, ["callback_url"] = webhookUrl };
        return await client.PostAsJsonAsync("/ktp/id/extract-async", body);
    }

    protected override async Task<string> CreatedJobIdAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("data").GetProperty("reference_id").GetString()!;
    }

    protected override async Task<string?> JobStatusAsync(HttpClient client, string id)
    {
        using var response = await client.GetAsync(new Uri($"/ktp/id/extract-async/result?reference_id={id}", UriKind.Relative));
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            await AssertErrorAsync(response, HttpStatusCode.NotFound);
            return null;
        }
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        // The seed's result carries no reference_id: a body with data is the finished extraction.
        return body.TryGetProperty("data", out _) ? "finished" : body.GetProperty("message").GetString();
    }

    protected override async Task<IReadOnlyList<string>> SendSecretsAsync()
    {
        var (client, _) = await NewTenantAsync("secrets");
        using var response = await client.PostAsJsonAsync("/v2/ktp/extract", new { image = "KTP" });
        response.EnsureSuccessStatusCode();
        return [VerihubsApi.ApiKey];
    }
}

/// <summary>The same, on the SQLite store: what the sandbox runs.</summary>
public sealed class VerihubsConformanceOnSqliteTests : VerihubsConformanceTests
{
    protected override bool OnSqlite => true;
}
