using System.Net;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Verihubs.Tests;

/// <summary>The KTP bodies as the seed page prints them, the card's printed prefixes, and the legacy-v2 sync shape.</summary>
public sealed class KtpShapeTests(VerihubsFixture fixture) : IClassFixture<VerihubsFixture>
{
    private readonly VerihubsApi _api = new(fixture.Sim);

    /// <summary>The public Rust client's KtpExtractResponse and KtpRecognitionImageQuality, field for field.</summary>
    private static readonly string[] LegacyFields =
        ["message", "nik", "city", "rt_rw", "state", "gender", "address", "district", "religion", "full_name", "blood_type", "occupation",
         "nationality", "date_of_birth", "marital_status", "place_of_birth", "administrative_village", "reference_id", "status_code", "image_quality"];

    [Fact]
    public async Task Result_UnknownReferenceId_Answers404TheSeedBody()
    {
        using var response = await _api.ResultAsync("never-submitted");
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"message":"Reference ID not found","error_code":"INVALID_PAYLOAD_REFERENCE_ID_NOT_FOUND"}""");
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task Result_InternalServerErrorHeader_Answers500TheSeedBody(string method)
    {
        await _api.SubmitAsync(new { image = "KTP", reference_id = "h500-" + method });
        await _api.AdvanceAsync(2);
        using var request = new HttpRequestMessage(new HttpMethod(method), "/ktp/id/extract-async/result?reference_id=h500-" + method);
        request.Headers.Add("X-Simulator-Scenario", "INTERNAL_SERVER_ERROR");
        using var response = await _api.Http.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"message":"Internal server error"}""");
    }

    [Fact]
    public async Task Result_FaultRule500_Answers500TheSeedBodyOnce()
    {
        await _api.SubmitAsync(new { image = "KTP", reference_id = "fault-1" });
        await _api.AdvanceAsync(2);
        await _api.Sim.Control.PostAsync("faults", new { method = "GET", path = "/ktp/id/extract-async/result", status = 500, count = 1, tenant = _api.AppId });
        using (var failed = await _api.ResultAsync("fault-1"))
        {
            failed.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
            (await failed.Content.ReadAsStringAsync()).Should().Be("""{"message":"Internal server error"}""");
        }
        using var next = await _api.ResultAsync("fault-1");
        (await VerihubsApi.ReadAsync(next, HttpStatusCode.OK)).GetProperty("message").GetString().Should().Be("success extract ktp data");
    }

    [Fact]
    public async Task ExtractResultAndCallback_SameImage_PrintStateWithProvinsiAndCityWithItsPrefix()
    {
        var image = VerihubsApi.Image("prefixes");
        using var sync = await _api.PostAsync("/v2/ktp/extract", new { image });
        var syncData = (await VerihubsApi.ReadAsync(sync, HttpStatusCode.OK)).GetProperty("data");
        var callbackUrl = $"https://client.example/{_api.AppId}/prefixes";
        await _api.SubmitAsync(new { image, reference_id = "prefixes-1", callback_url = callbackUrl });
        await _api.AdvanceAsync(2);
        using var polled = await _api.ResultAsync("prefixes-1");
        var resultData = (await VerihubsApi.ReadAsync(polled, HttpStatusCode.OK)).GetProperty("data");
        var callbackData = JsonDocument.Parse(fixture.Sim.Webhooks.Received.Single(w => w.Url.AbsoluteUri == callbackUrl).Body).RootElement.GetProperty("data");

        var persona = Personas.ForImage(Convert.FromBase64String(image));
        foreach (var data in new[] { syncData, resultData, callbackData })
        {
            data.GetProperty("state").GetString().Should().Be("PROVINSI " + persona.Province);
            data.GetProperty("city").GetString().Should().Be(persona.City).And.MatchRegex("^(KABUPATEN |KOTA |JAKARTA )");
        }
    }

    [Fact]
    public async Task Extract_LegacyV2AppSetting_ServesTheFlatShapeWithScores()
    {
        await _api.SettingsAsync(new { responseShape = "legacy-v2" });
        using var response = await _api.PostAsync("/v2/ktp/extract", new { image = "KTP_B", reference_id = "legacy-1" });
        var body = await VerihubsApi.ReadAsync(response, HttpStatusCode.OK);

        body.EnumerateObject().Select(p => p.Name).Should().Equal(LegacyFields);
        body.GetProperty("reference_id").GetString().Should().Be("legacy-1");
        body.GetProperty("status_code").ValueKind.Should().Be(JsonValueKind.String);
        var quality = body.GetProperty("image_quality");
        quality.EnumerateObject().Select(p => p.Name).Should().Equal("blur", "dark", "grayscale", "blur_score", "dark_score", "flashlight");
        quality.GetProperty("blur").GetBoolean().Should().BeTrue();
        quality.GetProperty("blur_score").GetDouble().Should().BeInRange(0.5, 1, "a blurred card scores high");
        quality.GetProperty("dark_score").GetDouble().Should().BeInRange(0, 0.5);
        foreach (var name in LegacyFields[1..^1])
        {
            body.GetProperty(name).ValueKind.Should().Be(JsonValueKind.String, "{0} is a String in the client's struct", name);
        }
    }

    [Fact]
    public async Task Extract_DefaultShape_KeepsTheDataWrapperWithoutScores()
    {
        using var response = await _api.PostAsync("/v2/ktp/extract", new { image = "KTP" });
        var body = await VerihubsApi.ReadAsync(response, HttpStatusCode.OK);
        body.EnumerateObject().Select(p => p.Name).Should().Equal("message", "data");
        body.GetProperty("data").GetProperty("image_quality").TryGetProperty("blur_score", out _).Should().BeFalse();
        (await _api.Sim.Control.GetAsync($"apps/{_api.AppId}")).GetProperty("responseShape").GetString().Should().Be("current");
    }

    [Fact]
    public async Task Extract_ResponseShapeOption_IsTheDefaultOfEveryAppId()
    {
        await using var sim = await SimulatorHarness.StartVerihubsAsync(o => o.Configuration["Verihubs:ResponseShape"] = "legacy-v2");
        var api = new VerihubsApi(sim);
        using var legacy = await api.PostAsync("/v2/ktp/extract", new { image = "KTP" });
        (await VerihubsApi.ReadAsync(legacy, HttpStatusCode.OK)).TryGetProperty("data", out _).Should().BeFalse();
        await api.SettingsAsync(new { responseShape = "current" });
        using var current = await api.PostAsync("/v2/ktp/extract", new { image = "KTP" });
        (await VerihubsApi.ReadAsync(current, HttpStatusCode.OK)).TryGetProperty("data", out _).Should().BeTrue();
    }

    [Fact]
    public async Task AppSettings_UnknownResponseShape_Is400()
    {
        var act = () => _api.SettingsAsync(new { responseShape = "v1" });
        (await act.Should().ThrowAsync<HttpRequestException>()).Which.Message.Should().Contain("400");
    }

    [Fact]
    public async Task Result_FinishedAfterSecondsOption_MovesTheFinish()
    {
        await using var sim = await SimulatorHarness.StartVerihubsAsync(o => o.Configuration["Verihubs:FinishedAfterSeconds"] = "5");
        var api = new VerihubsApi(sim);
        await api.SubmitAsync(new { image = "KTP", reference_id = "slow-option" });
        await api.AdvanceAsync(4.9);
        using (var pending = await api.ResultAsync("slow-option"))
        {
            (await VerihubsApi.ReadAsync(pending, HttpStatusCode.OK)).GetProperty("message").GetString().Should().Be("processing");
        }
        await api.AdvanceAsync(0.1);
        using var done = await api.ResultAsync("slow-option");
        (await VerihubsApi.ReadAsync(done, HttpStatusCode.OK)).GetProperty("message").GetString().Should().Be("success extract ktp data");
    }

    [Fact]
    public async Task Submit_FixtureKtpSmallerThanTheMinimum_IsAccepted()
    {
        var submitted = await _api.SubmitAsync(new { image = Convert.ToBase64String(Fixtures.Image("ktp-ok-male.jpg")) });
        submitted.GetProperty("data").GetProperty("reference_id").GetString().Should().NotBeNullOrEmpty();
    }
}
