using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Simulators.Testing;

namespace Simulators.Verihubs.Tests;

/// <summary>POST /data-verification/certificate-electronic/verify: identity data, selfie and KTP photo against Dukcapil.</summary>
public sealed class CertificateTests(VerihubsFixture fixture) : IClassFixture<VerihubsFixture>
{
    private const string Path = "/data-verification/certificate-electronic/verify";

    private readonly VerihubsApi _api = new(fixture.Sim);

    private static JsonObject Body(string? selfie = null, string? ktp = null) => new()
    {
        ["nik"] = "3174054509880002",
        ["name"] = "DEWI LESTARI",
        ["birth_date"] = "05-09-1988",
        ["email"] = "dewi@example.com",
        ["phone"] = "+6281234567890",
        ["selfie_photo"] = selfie ?? VerihubsApi.Image("selfie"),
        ["ktp_photo"] = ktp ?? VerihubsApi.Image("ktp"),
    };

    private async Task<JsonElement> DataAsync(JsonObject body, string? scenario = null)
    {
        using var response = await _api.PostAsync(Path, body.ToJsonString(), scenario);
        var json = await VerihubsApi.ReadAsync(response, HttpStatusCode.OK);
        json.GetProperty("message").GetString().Should().Be("Certificate electronic verification has been done");
        return json.GetProperty("data");
    }

    [Fact]
    public async Task Verify_ValidRequest_IsVerifiedWithNoRejectedField()
    {
        var body = Body();
        body["reference_id"] = "cert-ok-1";
        var data = await DataAsync(body);
        data.EnumerateObject().Select(p => p.Name).Should().Equal("id", "status", "reject_field", "reference_id");
        data.GetProperty("status").GetString().Should().Be("verified");
        data.GetProperty("reject_field").GetArrayLength().Should().Be(0);
        data.GetProperty("reference_id").GetString().Should().Be("cert-ok-1");
        Guid.TryParse(data.GetProperty("id").GetString(), out _).Should().BeTrue();
    }

    [Theory]
    [InlineData("IDV_NAME_MISMATCH", "name")]
    [InlineData("IDV_BIRTH_DATE_MISMATCH", "birth_date")]
    [InlineData("IDV_NOT_FOUND", "nik")]
    [InlineData("CERT_SELFIE_MISMATCH", "selfie_photo")]
    public async Task Verify_MismatchScenario_IsNotVerifiedNamingTheField(string scenario, string field)
    {
        var data = await DataAsync(Body(), scenario);
        data.GetProperty("status").GetString().Should().Be("not_verified");
        data.GetProperty("reject_field").EnumerateArray().Select(f => f.GetString()).Should().Equal(field);
    }

    [Fact]
    public async Task Verify_QueuedOutcomeAndMarker_DecideLikeTheHeader()
    {
        await _api.Sim.Control.QueueOutcomeAsync("IDV_NOT_FOUND", _api.AppId);
        (await DataAsync(Body())).GetProperty("reject_field")[0].GetString().Should().Be("nik");
        var marked = VerihubsApi.B64(VerihubsApi.JpegWith("SIMULATOR:CERT_SELFIE_MISMATCH"));
        (await DataAsync(Body(selfie: marked))).GetProperty("reject_field")[0].GetString().Should().Be("selfie_photo");
    }

    [Theory]
    [InlineData("selfie-match.jpg", "verified")]
    [InlineData("selfie-mismatch.png", "not_verified")]
    public async Task Verify_FixtureSelfieWithFixtureKtp_MatchesOnThePersona(string selfie, string status)
    {
        var data = await DataAsync(Body(VerihubsApi.B64(Fixtures.Image(selfie)), VerihubsApi.B64(Fixtures.Image("ktp-ok-male.jpg"))));
        data.GetProperty("status").GetString().Should().Be(status);
    }

    [Fact]
    public async Task Verify_NoFacePhotoCode_RejectsTheSelfie()
    {
        (await DataAsync(Body(selfie: "NO_FACE_PHOTO"))).GetProperty("reject_field").EnumerateArray().Select(f => f.GetString()).Should().Equal("selfie_photo");
    }

    [Fact]
    public async Task Verify_BadFields_Answers400ListingEveryOne()
    {
        var body = Body(selfie: "", ktp: "bm90IGFuIGltYWdl");
        body["nik"] = "31740545";
        body["email"] = "not-an-email";
        body["phone"] = "12345";
        body.Remove("birth_date");
        using var response = await _api.PostAsync(Path, body.ToJsonString());
        var error = await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PAYLOAD");
        error.GetProperty("message").GetString().Should().Be("Invalid payload");
        error.GetProperty("error_fields").EnumerateArray().Select(f => f.GetProperty("field").GetString())
            .Should().BeEquivalentTo("nik", "birth_date", "email", "phone", "selfie_photo", "ktp_photo");
    }

    [Fact]
    public async Task Verify_ReusedReferenceId_Is400()
    {
        var body = Body();
        body["reference_id"] = "cert-dup";
        await DataAsync(body);
        using var again = await _api.PostAsync(Path, body.ToJsonString());
        (await VerihubsApi.ReadErrorAsync(again, HttpStatusCode.BadRequest, "INVALID_PAYLOAD")).GetProperty("error_fields")[0].GetProperty("field").GetString().Should().Be("reference_id");
    }

    [Theory]
    [InlineData("INTERNAL_SERVER_ERROR", HttpStatusCode.InternalServerError)]
    [InlineData("INSUFFICIENT_QUOTA", HttpStatusCode.Forbidden)]
    public async Task Verify_ErrorScenario_AnswersItsStatus(string scenario, HttpStatusCode status)
    {
        using var response = await _api.PostAsync(Path, Body().ToJsonString(), scenario);
        await VerihubsApi.ReadErrorAsync(response, status, scenario);
    }

    [Fact]
    public async Task Verify_WrongApiKey_Answers401OfTheDataVerificationFamily()
    {
        using var client = fixture.Sim.CreateClient(("App-ID", _api.AppId), ("API-Key", "wrong"));
        using var response = await client.PostAsync(new Uri(Path, UriKind.Relative), new StringContent(Body().ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"message":"Authorization Failed","error_code":"UNAUTHORIZED"}""");
    }

    [Fact]
    public async Task Verify_TestingModeWithoutQuota_Is403()
    {
        await _api.SettingsAsync(new { mode = "testing", testingQuota = 1 });
        await DataAsync(Body());
        using var response = await _api.PostAsync(Path, Body().ToJsonString());
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.Forbidden, "INSUFFICIENT_QUOTA");
    }

    [Fact]
    public async Task Verify_VendorSandbox_IsVerifiedUnlessForced()
    {
        await _api.SettingsAsync(new { mode = "vendor-sandbox" });
        (await DataAsync(Body(selfie: VerihubsApi.B64(Fixtures.Image("selfie-mismatch.png")), ktp: VerihubsApi.B64(Fixtures.Image("ktp-ok-male.jpg"))))).GetProperty("status").GetString().Should().Be("verified");
        (await DataAsync(Body(), "IDV_NAME_MISMATCH")).GetProperty("status").GetString().Should().Be("not_verified");
    }
}
