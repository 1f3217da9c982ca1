using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Simulators.Conformance;
using Simulators.Testing;

namespace Simulators.AdvanceAi.Tests;

/// <summary>The engine's behaviours, as ADVANCE.AI shows them: business errors are HTTP 200 with the code in the envelope.</summary>
public class AdvanceAiConformanceTests : JobConformanceTests
{
    private const string P = AdvanceAiApi.Prefix;

    private static readonly string JourneyJson = JsonSerializer.Serialize(AdvanceAiApi.JourneyBody());

    protected override (string Running, string Settled) JobStatuses => ("SUBMITTED", "PASS");

    protected override double SettledAfterSeconds => 5;

    protected override IReadOnlyList<ProviderCall> AuthenticatedEndpoints =>
    [
        new("POST", P + "generate-ekyc-verification-url", JourneyJson),
        new("POST", P + "generate-url", JourneyJson),
        new("POST", P + "generate-document-verification-url", JourneyJson),
        new("POST", P + "generate-liveness-detection-url", JourneyJson),
        new("POST", P + "generate-face-authentication-url", JourneyJson),
        new("POST", P + "generate-non-document-verification-url", JourneyJson),
        new("POST", P + "get-result", """{"signatureId":"0000000000000000"}"""),
        new("POST", P + "clear-data?signatureId=0000000000000000"),
        new("POST", P + "face-search", """{"signatureId":"0000000000000000"}"""),
        new("POST", P + "api/document", """{"bizId":"b","region":"IDN","frontImageUrl":"https://merchant.example/ktp.jpg"}"""),
        new("POST", P + "api/address-verification/start-verification", """{"bizId":"b","userId":"u","region":"PHL","proofFileUrl":"https://merchant.example/bill.pdf"}"""),
        new("POST", P + "api/database-id-verification", """{"bizId":"b","userId":"u","region":"NGA","numberType":"BVN","numberValue":"22222222222"}"""),
    ];

    protected override ProviderCall FaultTarget => new("POST", P + "get-result", """{"signatureId":"0000000000000000"}""");

    protected override IReadOnlyList<string> ProviderControlReads => ["accounts/{tenant}/webhook", "accounts"];

    protected override IReadOnlyList<string> QueryParameters => ["signatureId", "expires", "sign"];

    protected override HttpStatusCode BusyStatus => HttpStatusCode.TooManyRequests;

    // SUBMIT_COMPLETED and COMPLETED.
    protected override int WebhooksPerJob => 2;

    protected override Task<SimulatorHarness> StartAsync(Action<SimulatorHarnessOptions> configure) => SimulatorHarness.StartAdvanceAiAsync(configure);

    protected override async Task<(HttpClient Client, string Tenant)> NewTenantAsync(string name)
    {
        var accessKey = $"ak-{name}-{Guid.NewGuid():N}";
        const string secretKey = "conformance-secret-key";
        await Sim.Control.PostAsync("accounts", new { accessKey, secretKey });
        var now = (await Sim.Control.GetNowAsync()).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var client = Sim.CreateClient();
        using var response = await client.PostAsJsonAsync(AdvanceAiApi.TokenPath, new { accessKey, timestamp = now, signature = AdvanceAiApi.Sign(accessKey, secretKey, now) });
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetProperty("token").GetString()!;
        client.DefaultRequestHeaders.Add("X-ACCESS-TOKEN", token);
        return (client, accessKey);
    }

    protected override Task<IReadOnlyList<ProviderCall>> JsonEndpointsAsync(HttpClient client) => Task.FromResult<IReadOnlyList<ProviderCall>>(
    [
        new("POST", AdvanceAiApi.TokenPath),
        .. AuthenticatedEndpoints.Where(c => !c.Path.Contains("clear-data", StringComparison.Ordinal)),
    ]);

    protected override async Task AssertUnauthorizedAsync(HttpResponseMessage response, ProviderCall endpoint)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, endpoint.ToString());
        JsonDocument.Parse(text).RootElement.ShouldBeEnvelope("IAM_FAILED", "Token not found or expired");
    }

    protected override async Task AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        if (response.RequestMessage?.RequestUri?.AbsolutePath.StartsWith("/h5/idvs/", StringComparison.Ordinal) == true && response.Content.Headers.ContentType?.MediaType == "text/html")
        {
            // The hosted page is the end user's: its errors are HTML pages that say what is wrong (a method it
            // has no route for is the engine's, in the provider's envelope).
            ((int)status).Should().BeInRange(400, 499, text);
            text.Should().StartWith("<!DOCTYPE html>").And.Contain("<h1>").And.Contain("role=\"alert\"");
            return;
        }
        var body = JsonDocument.Parse(text).RootElement;
        var expected = (int)status switch
        {
            >= 500 and not 503 => "ERROR",
            429 or 503 => "SERVICE_BUSY",
            401 or 403 when body.GetProperty("code").GetString() == "IAM_FAILED" => "IAM_FAILED",
            _ => "CLIENT_ERROR",
        };
        body.ShouldBeEnvelope(expected);
        if (expected == "SERVICE_BUSY")
        {
            response.Headers.GetValues("Retry-After").Should().Equal("10s");
        }
    }

    protected override async Task<HttpResponseMessage> SendCreateJobAsync(HttpClient client, string? webhookUrl)
    {
        // A job is a hosted journey the user has submitted: it settles after the processing time.
        using var created = await client.PostAsJsonAsync(P + "generate-ekyc-verification-url", AdvanceAiApi.JourneyBody(webhookUrl));
        var text = await created.Content.ReadAsStringAsync();
        var body = JsonDocument.Parse(text).RootElement;
        if (created.StatusCode == HttpStatusCode.OK && body.GetProperty("code").GetString() == "SUCCESS")
        {
            var signatureId = body.GetProperty("data").GetProperty("signatureId").GetString();
            using var submitted = await client.PostAsJsonAsync($"/__simulator/journeys/{signatureId}", new { action = "submit" });
            submitted.StatusCode.Should().Be(HttpStatusCode.OK, await submitted.Content.ReadAsStringAsync());
        }
        var copy = new HttpResponseMessage(created.StatusCode) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
        foreach (var header in created.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        return copy;
    }

    protected override async Task<string> CreatedJobIdAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        var body = JsonDocument.Parse(text).RootElement;
        body.ShouldBeEnvelope("SUCCESS");
        return body.GetProperty("data").GetProperty("signatureId").GetString()!;
    }

    protected override async Task<string?> JobStatusAsync(HttpClient client, string id)
    {
        using var response = await client.PostAsJsonAsync(P + "get-result", new { signatureId = id });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        if (body.GetProperty("code").GetString() == "SIGNATURE_NOT_EXIST")
        {
            return null;
        }
        var data = body.GetProperty("data");
        return data.GetProperty("overallResult").GetString() ?? (data.GetProperty("submissionCompleted").GetBoolean() ? "SUBMITTED" : "PENDING");
    }

    protected override async Task<IReadOnlyList<string>> SendSecretsAsync()
    {
        var (client, _) = await NewTenantAsync("secrets");
        var token = client.DefaultRequestHeaders.GetValues("X-ACCESS-TOKEN").Single();
        using var response = await client.PostAsJsonAsync(P + "get-result", new { signatureId = "0000000000000000" });
        response.EnsureSuccessStatusCode();
        return [token, "conformance-secret-key"];
    }

    protected override Task<BadInputBaseline> BadInputBaselineAsync(HttpClient client, string tenant, string jobId)
    {
        var bodies = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [$"POST {AdvanceAiApi.TokenPath}"] = JsonSerializer.Serialize(new { accessKey = tenant, timestamp = "1762156800000", signature = "00", periodSecond = "3600" }),
            [$"POST {P}get-result"] = JsonSerializer.Serialize(new { signatureId = jobId, returnImageType = "URL" }),
            [$"POST {P}face-search"] = JsonSerializer.Serialize(new { signatureId = jobId }),
            ["POST /__simulator/accounts"] = """{"accessKey":"bad-input-account","secretKey":"bad-input-secret","disabled":false}""",
            ["POST /__simulator/accounts/{accessKey}"] = """{"disabled":false}""",
            ["POST /__simulator/accounts/{accessKey}/webhook"] = """{"url":"https://receiver.example/hooks","secretKey":"c2VjcmV0","algorithm":"HmacSHA256"}""",
            ["POST /__simulator/journeys/{signatureId}"] = """{"action":"open"}""",
        };
        foreach (var call in AuthenticatedEndpoints.Where(c => c.Body is not null))
        {
            bodies.TryAdd($"{call.Method} {call.Path}", call.Body!);
        }
        return Task.FromResult(new BadInputBaseline(bodies, new Dictionary<string, string> { ["accessKey"] = tenant, ["signatureId"] = jobId, ["file"] = "front.jpg" }));
    }
}

/// <summary>The same, on the SQLite store: what the sandbox runs.</summary>
public sealed class AdvanceAiConformanceOnSqliteTests : AdvanceAiConformanceTests
{
    protected override bool OnSqlite => true;
}
