using System.Net;
using System.Text;
using System.Text.Json;

namespace Simulators.Verihubs.Tests;

public sealed class ControlTests(VerihubsFixture fixture) : IClassFixture<VerihubsFixture>
{
    [Theory]
    [InlineData("GET", "/no/such/route", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("GET", "/v2/ktp/extract", HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED")]
    [InlineData("DELETE", "/v1/face/compare", HttpStatusCode.MethodNotAllowed, "METHOD_NOT_ALLOWED")]
    public async Task UnknownRouteOrMethod_AnswersInVerihubsShape(string method, string path, HttpStatusCode status, string code)
    {
        var api = new VerihubsApi(fixture.Sim);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await api.Http.SendAsync(request);
        var body = await VerihubsApi.ReadErrorAsync(response, status, code);
        body.EnumerateObject().Select(p => p.Name).Should().Equal("message", "error_code");
    }

    [Fact]
    public async Task Scenarios_ListTheFixtureCatalogNames()
    {
        var scenarios = await fixture.Sim.Control.GetScenariosAsync();
        scenarios.GetProperty("items").EnumerateArray().Select(s => s.GetProperty("name").GetString())
            .Should().Contain(["KTP_OK", "KTP_BLUR", "KTP_NOT_DETECTED", "FACE_MATCH", "FACE_MISMATCH", "FACE_NOT_DETECTED", "LIVENESS_FAIL", "SLOW_PROCESSING", "INSUFFICIENT_QUOTA"]);
    }

    [Fact]
    public async Task Apps_SettingsRoundTrip_AndRejectUnknownMode()
    {
        var api = new VerihubsApi(fixture.Sim);
        await api.SettingsAsync(new { mode = "testing", testingQuota = 7, callbackUsername = "u", callbackPassword = "p", callbacksEnabled = false });
        var settings = await fixture.Sim.Control.GetAsync($"apps/{api.AppId}");
        settings.GetProperty("mode").GetString().Should().Be("testing");
        settings.GetProperty("testingQuota").GetInt32().Should().Be(7);
        settings.GetProperty("callbackUsername").GetString().Should().Be("u");
        settings.GetProperty("callbacksEnabled").GetBoolean().Should().BeFalse();
        var act = () => api.SettingsAsync(new { mode = "prod" });
        (await act.Should().ThrowAsync<HttpRequestException>()).Which.Message.Should().Contain("400");
    }

    [Fact]
    public async Task ProviderState_FinishedKtpExtraction_IsRetrievable()
    {
        var appId = "state-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Sim.Control.PostAsync("provider-states", new { state = "a finished KTP extraction exists", @params = new { reference_id = "contract-ref", appId } });
        using var response = await new VerihubsApi(fixture.Sim, appId).ResultAsync("contract-ref");
        var body = await VerihubsApi.ReadAsync(response, HttpStatusCode.OK);
        body.GetProperty("message").GetString().Should().Be("success extract ktp data");
        body.GetProperty("data").GetProperty("nik").GetString().Should().MatchRegex(@"^\d{16}$");
    }

    [Fact]
    public async Task ProviderState_KtpInProgress_StaysInProgress()
    {
        var appId = "state-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Sim.Control.PostAsync("provider-states", new { state = "a KTP extraction is in progress", @params = new { reference_id = "running-ref", appId } });
        using var response = await new VerihubsApi(fixture.Sim, appId).ResultAsync("running-ref");
        (await VerihubsApi.ReadAsync(response, HttpStatusCode.OK)).GetProperty("message").GetString().Should().Be("processing");
    }

    [Fact]
    public async Task ProviderState_EnrolledSubject_CanBeVerified()
    {
        var appId = "state-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Sim.Control.PostAsync("provider-states", new { state = "an enrolled face subject exists", @params = new { subject_id = "subject-42", appId } });
        using var response = await new VerihubsApi(fixture.Sim, appId).PostAsync("/v1/face/verify", new { image = "LIVE_PERSON_A_1", subject_id = "subject-42" });
        (await VerihubsApi.ReadAsync(response, HttpStatusCode.OK)).GetProperty("similarity_status").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task ProviderState_NoQuota_Answers403()
    {
        var appId = "state-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.Sim.Control.PostAsync("provider-states", new { state = "the App-ID is in testing mode with no quota left", @params = new { appId } });
        using var response = await new VerihubsApi(fixture.Sim, appId).PostAsync("/v2/ktp/extract", new { image = "KTP" });
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.Forbidden, "INSUFFICIENT_QUOTA");
    }

    [Fact]
    public async Task ProviderState_Unknown_Returns400()
    {
        using var client = fixture.Sim.CreateClient();
        using var response = await client.PostAsync(new Uri("/__simulator/provider-states", UriKind.Relative),
            new StringContent("""{"state":"no such state"}""", Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString().Should().Be("unknown_state");
    }

    [Fact]
    public async Task ProviderState_EmptyAppId_Returns400InvalidParams()
    {
        using var client = fixture.Sim.CreateClient();
        using var response = await client.PostAsync(new Uri("/__simulator/provider-states", UriKind.Relative),
            new StringContent("""{"state":"the sandbox App-ID exists","params":{"appId":""}}""", Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString().Should().Be("invalid_params");
    }

    [Fact]
    public async Task Journal_RecordsTheCallerAppIdAndMasksTheKey()
    {
        var api = new VerihubsApi(fixture.Sim);
        using (await api.PostAsync("/v2/ktp/extract", new { image = "KTP" }))
        {
        }
        var entry = (await fixture.Sim.Control.GetRequestsAsync(api.AppId)).Should().ContainSingle().Subject;
        entry.GetProperty("headers").GetProperty("API-Key").GetString().Should().NotContain("sandbox-api-key");
    }
}
