using System.Net;
using System.Text;

namespace Simulators.Verihubs.Tests;

public sealed class AuthTests(VerihubsFixture fixture) : IClassFixture<VerihubsFixture>
{
    public static readonly string[] KtpAndFacePaths =
        ["/v2/ktp/extract", "/ktp/id/extract-async", "/v1/face/compare", "/v1/face/liveness", "/v1/face/enroll", "/v1/face/verify", "/v1/face/search"];

    public static TheoryData<string, string?, string?> Unauthenticated()
    {
        var data = new TheoryData<string, string?, string?>();
        foreach (var path in KtpAndFacePaths.Append("/data-verification/id-verification/verify"))
        {
            data.Add(path, null, null);
            data.Add(path, "some-app", null);
            data.Add(path, null, "sandbox-api-key");
            data.Add(path, "some-app", "wrong-key");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Unauthenticated))]
    public async Task Call_WithoutValidCredentials_Returns401InTheEndpointsDocumentedShape(string path, string? appId, string? apiKey)
    {
        using var client = fixture.Sim.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("""{"image":"KTP"}""", Encoding.UTF8, "application/json") };
        if (appId is not null)
        {
            request.Headers.Add("App-ID", appId);
        }
        if (apiKey is not null)
        {
            request.Headers.Add("API-Key", apiKey);
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        text.Should().Be(path.StartsWith("/data-verification", StringComparison.Ordinal)
            ? """{"message":"Authorization Failed","error_code":"UNAUTHORIZED"}"""
            : """{"message":"Authorization failed"}""");
    }

    [Fact]
    public async Task Result_WithoutCredentials_Returns401()
    {
        using var client = fixture.Sim.CreateClient();
        using var response = await client.GetAsync(new Uri("/ktp/id/extract-async/result?reference_id=REFERENCE_ID_KTP", UriKind.Relative));
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"message":"Authorization failed"}""");
    }

    [Theory]
    [InlineData("App-ID", "API-Key")]
    [InlineData("app-id", "api-key")]
    [InlineData("APP-ID", "Api-Key")]
    public async Task Call_HeaderNamesInAnyCase_AreAccepted(string appHeader, string keyHeader)
    {
        using var client = fixture.Sim.CreateClient((appHeader, "case-app"), (keyHeader, "sandbox-api-key"));
        using var response = await client.PostAsync(new Uri("/v2/ktp/extract", UriKind.Relative), new StringContent("""{"image":"KTP"}""", Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AppIds_AreIsolatedTenants()
    {
        var a = new VerihubsApi(fixture.Sim);
        var b = new VerihubsApi(fixture.Sim);
        await a.SubmitAsync(new { image = "KTP", reference_id = "shared-ref" });
        await b.SubmitAsync(new { image = "KTP", reference_id = "shared-ref" });
        await a.AdvanceAsync(3);
        using (var fromA = await a.ResultAsync("shared-ref"))
        {
            fromA.StatusCode.Should().Be(HttpStatusCode.OK);
            (await VerihubsApi.ReadAsync(fromA, HttpStatusCode.OK)).TryGetProperty("data", out _).Should().BeTrue();
        }
        using var fromB = await b.ResultAsync("shared-ref");
        (await VerihubsApi.ReadAsync(fromB, HttpStatusCode.OK)).GetProperty("message").GetString().Should().Be("processing", "B's clock did not move");
        using var unknownToC = await new VerihubsApi(fixture.Sim).ResultAsync("shared-ref");
        unknownToC.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/v2/ktp/extract", """{"image":"KTP"}""")]
    [InlineData("/ktp/id/extract-async", """{"image":"KTP"}""")]
    [InlineData("/v1/face/liveness", """{"image":"LIVE_PERSON_A_1"}""")]
    [InlineData("/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1"}""")]
    [InlineData("/data-verification/id-verification/verify", """{"nik":"3174054509880002","name":"DEWI LESTARI","birth_date":"05-09-1988"}""")]
    public async Task TestingMode_QuotaUsedUp_Returns403InsufficientQuota(string path, string json)
    {
        var api = new VerihubsApi(fixture.Sim);
        await api.SettingsAsync(new { mode = "testing", testingQuota = 1 });
        using (var first = await api.PostAsync(path, json))
        {
            first.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        using var second = await api.PostAsync(path, json);
        await VerihubsApi.ReadErrorAsync(second, HttpStatusCode.Forbidden, "INSUFFICIENT_QUOTA");
        (await api.Sim.Control.GetAsync($"apps/{api.AppId}")).GetProperty("testingQuota").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task LiveMode_NoQuota_IsNeverLimited()
    {
        var api = new VerihubsApi(fixture.Sim);
        await api.SettingsAsync(new { testingQuota = 0 });
        using var response = await api.PostAsync("/v2/ktp/extract", new { image = "KTP" });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task TestingMode_FailedRequest_UsesNoQuota()
    {
        var api = new VerihubsApi(fixture.Sim);
        await api.SettingsAsync(new { mode = "testing", testingQuota = 1 });
        using (var bad = await api.PostAsync("/v2/ktp/extract", new { image = "" }))
        {
            bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }
        using var good = await api.PostAsync("/v2/ktp/extract", new { image = "KTP" });
        good.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Credentials_ListTheDefaults()
    {
        var credentials = await fixture.Sim.Control.GetCredentialsAsync();
        credentials.GetProperty("defaults").GetProperty("appId").GetString().Should().Be("sandbox-app-id");
        credentials.GetProperty("defaults").GetProperty("apiKey").GetString().Should().Be("sandbox-api-key");
    }
}
