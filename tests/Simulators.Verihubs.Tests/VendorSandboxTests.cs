using System.Net;

namespace Simulators.Verihubs.Tests;

public sealed class VendorSandboxTests(VerihubsFixture fixture) : IClassFixture<VerihubsFixture>, IAsyncLifetime
{
    private readonly VerihubsApi _api = new(fixture.Sim);

    public Task InitializeAsync() => _api.SettingsAsync(new { mode = "vendor-sandbox" });

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("/v2/ktp/extract", """{"image":"BASE64"}""")]
    [InlineData("/ktp/id/extract-async", """{"image":"KTP_X"}""")]
    [InlineData("/ktp/id/extract-async", """{"image":"KTP","reference_id":"my-own-id"}""")]
    [InlineData("/v1/face/liveness", """{"image":"LIVE_PERSON_K_1"}""")]
    [InlineData("/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":"KTP"}""")]
    public async Task VendorSandbox_AnythingButACode_Returns400InvalidSandboxCode(string path, string json)
    {
        using var response = await _api.PostAsync(path, json);
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_SANDBOX_CODE");
    }

    [Fact]
    public async Task VendorSandbox_RealImage_Returns400InvalidSandboxCode()
    {
        using var response = await _api.PostAsync("/ktp/id/extract-async", new { image = VerihubsApi.Image() });
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_SANDBOX_CODE");
    }

    [Fact]
    public async Task VendorSandbox_ResultOfAnythingButAResultCode_Returns400InvalidSandboxCode()
    {
        using (var code = await _api.ResultAsync("REFERENCE_ID_KTP_B_V"))
        {
            await VerihubsApi.ReadErrorAsync(code, HttpStatusCode.OK, "FAIL_ON_1");
        }
        using var other = await _api.ResultAsync("my-own-id");
        await VerihubsApi.ReadErrorAsync(other, HttpStatusCode.BadRequest, "INVALID_SANDBOX_CODE");
    }

    [Theory]
    [InlineData("/ktp/id/extract-async", """{"image":"KTP_FG","reference_id":"REFERENCE_ID"}""")]
    [InlineData("/v2/ktp/extract", """{"image":"KTP"}""")]
    [InlineData("/v1/face/liveness", """{"image":"LIVE_PERSON_BLUR_MS_A_1"}""")]
    [InlineData("/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1"}""")]
    public async Task VendorSandbox_Codes_AreAccepted(string path, string json)
    {
        using var response = await _api.PostAsync(path, json);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task VendorSandbox_IdVerification_IsAllTrue()
    {
        using var response = await _api.PostAsync("/data-verification/id-verification/verify", new { nik = "3174054509880002", name = "ANYONE", birth_date = "01-01-1990" });
        var data = (await VerihubsApi.ReadAsync(response, HttpStatusCode.OK)).GetProperty("data");
        (data.GetProperty("nik").GetBoolean(), data.GetProperty("name").GetBoolean(), data.GetProperty("birth_date").GetBoolean()).Should().Be((true, true, true));
    }
}
