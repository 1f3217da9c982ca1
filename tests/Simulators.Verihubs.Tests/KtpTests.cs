using System.Net;
using System.Text.Json;

namespace Simulators.Verihubs.Tests;

public sealed class KtpTests(VerihubsFixture fixture) : IClassFixture<VerihubsFixture>
{
    private readonly VerihubsApi _api = new(fixture.Sim);

    public static readonly string[] KtpFields =
        ["reference_id", "status_code", "nik", "full_name", "place_of_birth", "date_of_birth", "gender", "blood_type", "address", "rt_rw",
         "administrative_village", "district", "city", "state", "religion", "marital_status", "occupation", "nationality", "image_quality"];

    /// <summary>The async result's data: the seed page's sample, key for key and in its order.</summary>
    public static readonly string[] ResultFields =
        ["nik", "city", "rt_rw", "state", "gender", "address", "district", "religion", "full_name", "blood_type", "occupation",
         "nationality", "date_of_birth", "marital_status", "place_of_birth", "administrative_village", "image_quality"];

    [Fact]
    public async Task Extract_RealImage_ReturnsEveryKtpFieldInOrderFromADeterministicPersona()
    {
        var image = VerihubsApi.Image("my ktp");
        using var first = await _api.PostAsync("/v2/ktp/extract", new { image, reference_id = "sync-1" });
        var body = await VerihubsApi.ReadAsync(first, HttpStatusCode.OK);
        body.GetProperty("message").GetString().Should().Be("Request Success");
        var data = body.GetProperty("data");
        data.EnumerateObject().Select(p => p.Name).Should().Equal(KtpFields);
        data.GetProperty("reference_id").GetString().Should().Be("sync-1");
        data.GetProperty("nik").GetString().Should().MatchRegex(@"^\d{16}$");
        data.GetProperty("date_of_birth").GetString().Should().MatchRegex(@"^\d{2}-\d{2}-\d{4}$");
        data.GetProperty("gender").GetString().Should().BeOneOf("LAKI-LAKI", "PEREMPUAN");
        data.GetProperty("image_quality").EnumerateObject().Select(p => p.Name).Should().Equal("blur", "dark", "grayscale", "flashlight");
        data.TryGetProperty("blur_score", out _).Should().BeFalse();

        using var again = await _api.PostAsync("/v2/ktp/extract", new { image });
        var second = (await VerihubsApi.ReadAsync(again, HttpStatusCode.OK)).GetProperty("data");
        second.GetProperty("nik").GetString().Should().Be(data.GetProperty("nik").GetString(), "the same image gives the same persona");
        second.GetProperty("reference_id").GetString().Should().NotBeNullOrEmpty();
    }

    public static TheoryData<string, bool, bool, bool, bool> QualityCodes => new()
    {
        { "KTP", false, false, false, false },
        { "KTP_B", true, false, false, false },
        { "KTP_D", false, true, false, false },
        { "KTP_BD", true, true, false, false },
        { "KTP_BF", true, false, false, true },
        { "KTP_F", false, false, false, true },
        { "KTP_G", false, false, true, false },
        { "KTP_FG", false, false, true, true },
        { "KTP_BG", true, false, true, false },
        { "KTP_DG", false, true, true, false },
    };

    [Theory]
    [MemberData(nameof(QualityCodes))]
    public async Task SubmitAndResult_KtpImageCode_ReportsItsQuality(string code, bool blur, bool dark, bool grayscale, bool flashlight)
    {
        var submitted = await _api.SubmitAsync(new { image = code });
        var referenceId = submitted.GetProperty("data").GetProperty("reference_id").GetString()!;
        await _api.AdvanceAsync(3);
        using var response = await _api.ResultAsync(referenceId);
        var quality = (await VerihubsApi.ReadAsync(response, HttpStatusCode.OK)).GetProperty("data").GetProperty("image_quality");
        (quality.GetProperty("blur").GetBoolean(), quality.GetProperty("dark").GetBoolean(), quality.GetProperty("grayscale").GetBoolean(), quality.GetProperty("flashlight").GetBoolean())
            .Should().Be((blur, dark, grayscale, flashlight));
    }

    [Theory]
    [MemberData(nameof(QualityCodes))]
    public async Task Submit_KtpImageCodeWithValidateQuality_FailsOn1OnlyOnBlurDarkOrFlashlight(string code, bool blur, bool dark, bool grayscale, bool flashlight)
    {
        var submitted = await _api.SubmitAsync(new { image = code, validate_quality = true });
        await _api.AdvanceAsync(3);
        using var response = await _api.ResultAsync(submitted.GetProperty("data").GetProperty("reference_id").GetString()!);
        var body = await VerihubsApi.ReadAsync(response, HttpStatusCode.OK);
        VerihubsApi.ErrorCode(body).Should().Be(blur || dark || flashlight ? "FAIL_ON_1" : null, "async validation covers blur, dark and flashlight, not grayscale ({0})", grayscale);
    }

    [Fact]
    public async Task Extract_SyncBadQualityWithValidation_Returns200FailOn1()
    {
        using var response = await _api.PostAsync("/v2/ktp/extract", new { image = "KTP_BD", validate_quality = true });
        var body = await VerihubsApi.ReadAsync(response, HttpStatusCode.OK);
        VerihubsApi.ErrorCode(body).Should().Be("FAIL_ON_1");
        body.GetProperty("data").GetProperty("image_quality").GetProperty("dark").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Submit_NoKtpDetectedCode_Submits200ThenResultIs200WithKtpNotDetected()
    {
        var submitted = await _api.SubmitAsync(new { image = "NO_KTP_DETECTED", reference_id = "nd-1" });
        submitted.GetProperty("data").GetProperty("reference_id").GetString().Should().Be("nd-1");
        Guid.TryParse(submitted.GetProperty("data").GetProperty("id").GetString(), out _).Should().BeTrue();
        await _api.AdvanceAsync(3);
        using var response = await _api.ResultAsync("nd-1");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be("""{"data":{},"error_code":"KTP_NOT_DETECTED","message":"ktp not detected"}""", "the seed page prints this body");
    }

    [Fact]
    public async Task Extract_SyncNoKtpDetected_Returns400KtpNotDetected()
    {
        using var response = await _api.PostAsync("/v2/ktp/extract", new { image = "NO_KTP_DETECTED" });
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "KTP_NOT_DETECTED");
    }

    [Theory]
    [InlineData("REFERENCE_ID_KTP", false, false, false, false, null)]
    [InlineData("REFERENCE_ID_KTP_B", true, false, false, false, null)]
    [InlineData("REFERENCE_ID_KTP_D", false, true, false, false, null)]
    [InlineData("REFERENCE_ID_KTP_BD", true, true, false, false, null)]
    [InlineData("REFERENCE_ID_KTP_F", false, false, false, true, null)]
    [InlineData("REFERENCE_ID_KTP_G", false, false, true, false, null)]
    [InlineData("REFERENCE_ID_KTP_FG", false, false, true, true, null)]
    [InlineData("REFERENCE_ID_KTP_DG", false, true, true, false, null)]
    [InlineData("REFERENCE_ID_KTP_BF", true, false, false, true, null)]
    [InlineData("REFERENCE_ID_KTP_BG", true, false, true, false, null)]
    [InlineData("REFERENCE_ID_KTP_B_V", true, false, false, false, "FAIL_ON_1")]
    [InlineData("REFERENCE_ID_KTP_D_V", false, true, false, false, "FAIL_ON_1")]
    [InlineData("REFERENCE_ID_KTP_BD_V", true, true, false, false, "FAIL_ON_1")]
    [InlineData("REFERENCE_ID_KTP_F_V", false, false, false, true, "FAIL_ON_1")]
    [InlineData("REFERENCE_ID_KTP_G_V", false, false, true, false, null)]
    [InlineData("REFERENCE_ID_KTP_FG_V", false, false, true, true, "FAIL_ON_1")]
    [InlineData("REFERENCE_ID_KTP_DG_V", false, true, true, false, "FAIL_ON_1")]
    [InlineData("REFERENCE_ID_KTP_BF_V", true, false, false, true, "FAIL_ON_1")]
    [InlineData("REFERENCE_ID_KTP_BG_V", true, false, true, false, "FAIL_ON_1")]
    public async Task Result_SandboxResultCode_AnswersAsDocumented(string code, bool blur, bool dark, bool grayscale, bool flashlight, string? errorCode)
    {
        using var response = await _api.ResultAsync(code);
        var body = await VerihubsApi.ReadAsync(response, HttpStatusCode.OK);
        VerihubsApi.ErrorCode(body).Should().Be(errorCode);
        var data = body.GetProperty("data");
        data.TryGetProperty("reference_id", out _).Should().BeFalse("the seed's result data has no reference_id");
        var quality = data.GetProperty("image_quality");
        (quality.GetProperty("blur").GetBoolean(), quality.GetProperty("dark").GetBoolean(), quality.GetProperty("grayscale").GetBoolean(), quality.GetProperty("flashlight").GetBoolean())
            .Should().Be((blur, dark, grayscale, flashlight));
        if (errorCode is null)
        {
            body.GetProperty("message").GetString().Should().Be("success extract ktp data");
            data.EnumerateObject().Select(p => p.Name).Should().Equal(ResultFields);
            data.GetProperty("nik").GetString().Should().MatchRegex(@"^\d{16}$");
            data.GetProperty("state").GetString().Should().StartWith("PROVINSI ");
        }
    }

    [Theory]
    [InlineData("REFERENCE_ID", HttpStatusCode.OK, null)]
    [InlineData("REFERENCE_ID_EXIST", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_REFERENCE_ID_EXISTS")]
    [InlineData("REFERENCE_ID_TOO_LONG", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_REFERENCE_ID")]
    [InlineData("REFERENCE_ID_TOO_SHORT", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_REFERENCE_ID")]
    public async Task Submit_ReferenceIdCode_AnswersAsDocumented(string code, HttpStatusCode status, string? errorCode)
    {
        for (var i = 0; i < 2; i++)
        {
            using var response = await _api.PostAsync("/ktp/id/extract-async", new { image = "KTP", reference_id = code });
            var body = await VerihubsApi.ReadAsync(response, status);
            VerihubsApi.ErrorCode(body).Should().Be(errorCode, "a magic reference_id behaves the same every time");
        }
    }

    [Fact]
    public async Task Submit_ImageSizeExceedLimitCode_Returns400ImageSize()
    {
        using var response = await _api.PostAsync("/ktp/id/extract-async", new { image = "IMAGE_SIZE_EXCEED_LIMIT" });
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_IMAGE_SIZE");
    }

    public static TheoryData<string, string, string> SubmitErrors => new()
    {
        { "/ktp/id/extract-async", "", "INVALID_PAYLOAD" },
        { "/ktp/id/extract-async", "not json", "INVALID_PAYLOAD" },
        { "/ktp/id/extract-async", "[1]", "INVALID_PAYLOAD" },
        { "/ktp/id/extract-async", "{}", "INVALID_PAYLOAD" },
        { "/ktp/id/extract-async", """{"image":"","reference_id":""}""", "INVALID_PAYLOAD" },
        { "/ktp/id/extract-async", """{"image":""}""", "INVALID_PAYLOAD_IMAGE_MISSING" },
        { "/ktp/id/extract-async", """{"reference_id":"x-1"}""", "MISSING_PAYLOAD_IMAGE" },
        { "/ktp/id/extract-async", """{"image":"@@not base64@@"}""", "INVALID_PAYLOAD_IMAGE_FORMAT" },
        { "/ktp/id/extract-async", """{"image":"KTP","callback_url":""}""", "INVALID_PAYLOAD_CALLBACK_URL" },
        { "/ktp/id/extract-async", """{"image":"KTP","callback_url":null}""", "INVALID_PAYLOAD_CALLBACK_URL" },
        { "/ktp/id/extract-async", """{"image":"KTP","callback_url":"not a url"}""", "INVALID_PAYLOAD_CALLBACK_URL" },
        { "/ktp/id/extract-async", """{"image":"KTP","callback_url":"http://client.example/cb"}""", "INVALID_PAYLOAD_CALLBACK_URL" },
        { "/ktp/id/extract-async", """{"image":"KTP","reference_id":"has space"}""", "INVALID_PAYLOAD_REFERENCE_ID" },
        { "/ktp/id/extract-async", """{"image":"KTP","reference_id":"abc\n"}""", "INVALID_PAYLOAD_REFERENCE_ID" },
        { "/ktp/id/extract-async", """{"image":"KTP","reference_id":"abc\u0000"}""", "INVALID_PAYLOAD_REFERENCE_ID" },
        { "/ktp/id/extract-async", """{"image":"KTP","reference_id":"\u0661\u0662\u0663"}""", "INVALID_PAYLOAD_REFERENCE_ID" },
        { "/ktp/id/extract-async", """{"image":"KTP","callback_url":"https://client.example/cb\n"}""", "INVALID_PAYLOAD_CALLBACK_URL" },
        { "/ktp/id/extract-async", """{"image":"KTP","callback_url":" https://client.example/cb"}""", "INVALID_PAYLOAD_CALLBACK_URL" },
        { "/v2/ktp/extract", """{"image":"KTP","reference_id":"abc\n"}""", "INVALID_PAYLOAD_REFERENCE_ID" },
        { "/ktp/id/extract-async", """{"image":"KTP","reference_id":"x","validate_quality":true,"is_quality":false}""", "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY" },
        { "/ktp/id/extract-async", """{"image":"KTP","validate_quality":"yes"}""", "INVALID_PAYLOAD" },
        { "/v2/ktp/extract", """{"image":""}""", "INVALID_PAYLOAD_IMAGE_MISSING" },
        { "/v2/ktp/extract", """{"validate_quality":true}""", "MISSING_PAYLOAD_IMAGE" },
        { "/v2/ktp/extract", """{"image":"IMAGE_SIZE_EXCEED_LIMIT"}""", "INVALID_PAYLOAD_IMAGE_SIZE" },
        { "/v2/ktp/extract", """{"image":"KTP","reference_id":"REFERENCE_ID_TOO_LONG"}""", "INVALID_PAYLOAD_REFERENCE_ID" },
        { "/v2/ktp/extract", """{"image":"KTP","reference_id":"REFERENCE_ID_EXIST"}""", "INVALID_PAYLOAD_REFERENCE_ID_EXISTS" },
        { "/v2/ktp/extract", """{"image":"KTP","validate_quality":true,"is_quality":false}""", "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY" },
    };

    [Theory]
    [MemberData(nameof(SubmitErrors))]
    public async Task Extract_BadRequest_Returns400WithTheDocumentedCode(string path, string json, string code)
    {
        using var response = await _api.PostAsync(path, json);
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Theory]
    [InlineData(64, HttpStatusCode.OK)]
    [InlineData(65, HttpStatusCode.BadRequest)]
    public async Task Submit_ReferenceIdLength_LimitIs64(int length, HttpStatusCode status)
    {
        using var response = await _api.PostAsync("/ktp/id/extract-async", new { image = "KTP", reference_id = new string('r', length) });
        var body = await VerihubsApi.ReadAsync(response, status);
        VerihubsApi.ErrorCode(body).Should().Be(status == HttpStatusCode.OK ? null : "INVALID_PAYLOAD_REFERENCE_ID");
    }

    [Fact]
    public async Task Submit_DuplicateReferenceId_Returns400ExistsAcrossSyncAndAsync()
    {
        await _api.SubmitAsync(new { image = "KTP", reference_id = "dup-1" });
        using var again = await _api.PostAsync("/ktp/id/extract-async", new { image = "KTP", reference_id = "dup-1" });
        await VerihubsApi.ReadErrorAsync(again, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_REFERENCE_ID_EXISTS");
        using var sync = await _api.PostAsync("/v2/ktp/extract", new { image = "KTP", reference_id = "dup-1" });
        await VerihubsApi.ReadErrorAsync(sync, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_REFERENCE_ID_EXISTS");
    }

    [Fact]
    public async Task Submit_RejectedRequest_DoesNotReserveItsReferenceId()
    {
        using (var rejected = await _api.PostAsync("/ktp/id/extract-async", new { image = "IMAGE_SIZE_EXCEED_LIMIT", reference_id = "kept-free" }))
        {
            rejected.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }
        await _api.SubmitAsync(new { image = "KTP", reference_id = "kept-free" });
    }

    [Theory]
    [InlineData("", HttpStatusCode.NotFound, "INVALID_PAYLOAD_REFERENCE_ID_NOT_FOUND")]
    [InlineData("never-submitted", HttpStatusCode.NotFound, "INVALID_PAYLOAD_REFERENCE_ID_NOT_FOUND")]
    [InlineData("bad id!", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_REFERENCE_ID")]
    [InlineData("REFERENCE_ID_TOO_SHORT", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_REFERENCE_ID")]
    [InlineData("abc\n", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_REFERENCE_ID")]
    public async Task Result_BadReferenceId_ReturnsTheDocumentedError(string referenceId, HttpStatusCode status, string code)
    {
        using var response = await _api.ResultAsync(referenceId);
        await VerihubsApi.ReadErrorAsync(response, status, code);
    }

    [Fact]
    public async Task Result_ReferenceIdInJsonBody_IsAccepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ktp/id/extract-async/result")
        {
            Content = new StringContent("""{"reference_id":"REFERENCE_ID_KTP"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await _api.Http.SendAsync(request);
        (await VerihubsApi.ReadAsync(response, HttpStatusCode.OK)).GetProperty("message").GetString().Should().Be("success extract ktp data");
    }

    [Theory]
    [InlineData("KTP_OK", HttpStatusCode.OK, null)]
    [InlineData("KTP_BLUR", HttpStatusCode.OK, "FAIL_ON_1")]
    [InlineData("KTP_DARK", HttpStatusCode.OK, "FAIL_ON_1")]
    [InlineData("KTP_FLASHLIGHT", HttpStatusCode.OK, "FAIL_ON_1")]
    [InlineData("KTP_GRAYSCALE", HttpStatusCode.OK, "FAIL_ON_1")]
    [InlineData("KTP_NOT_DETECTED", HttpStatusCode.BadRequest, "KTP_NOT_DETECTED")]
    [InlineData("SLOW_PROCESSING", HttpStatusCode.OK, null)]
    [InlineData("INTERNAL_SERVER_ERROR", HttpStatusCode.InternalServerError, "INTERNAL_SERVER_ERROR")]
    [InlineData("INSUFFICIENT_QUOTA", HttpStatusCode.Forbidden, "INSUFFICIENT_QUOTA")]
    public async Task Extract_ScenarioHeader_DecidesTheSyncOutcome(string scenario, HttpStatusCode status, string? code)
    {
        using var response = await _api.PostAsync("/v2/ktp/extract", new { image = VerihubsApi.Image(), validate_quality = true }, scenario);
        var body = await VerihubsApi.ReadAsync(response, status);
        VerihubsApi.ErrorCode(body).Should().Be(code);
    }

    [Fact]
    public async Task Extract_ImageMarker_DecidesTheOutcome()
    {
        using var response = await _api.PostAsync("/v2/ktp/extract", new { image = VerihubsApi.B64(VerihubsApi.JpegWith("xx SIMULATOR:KTP_NOT_DETECTED xx")) });
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "KTP_NOT_DETECTED");
    }

    [Fact]
    public async Task Extract_UnknownScenarioHeader_Returns400InVerihubsShape()
    {
        using var response = await _api.PostAsync("/v2/ktp/extract", new { image = "KTP" }, "NO_SUCH_SCENARIO");
        var body = await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_PAYLOAD");
        body.GetProperty("message").GetString().Should().Contain("NO_SUCH_SCENARIO");
    }

    [Fact]
    public async Task Extract_QueuedOutcome_AppliesToTheNextKtpCallOfThatAppIdOnly()
    {
        await _api.Sim.Control.QueueOutcomeAsync("KTP_NOT_DETECTED", _api.AppId);
        using (var face = await _api.PostAsync("/v1/face/liveness", new { image = "LIVE_PERSON_A_1" }))
        {
            face.StatusCode.Should().Be(HttpStatusCode.OK, "a KTP scenario waits for a KTP call");
        }
        using (var first = await _api.PostAsync("/v2/ktp/extract", new { image = "KTP" }))
        {
            await VerihubsApi.ReadErrorAsync(first, HttpStatusCode.BadRequest, "KTP_NOT_DETECTED");
        }
        using var second = await _api.PostAsync("/v2/ktp/extract", new { image = "KTP" });
        second.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Responses_NeverWriteNullFields()
    {
        using var response = await _api.PostAsync("/v2/ktp/extract", new { image = "KTP" });
        (await response.Content.ReadAsStringAsync()).Should().NotContain("null");
    }

    internal static JsonElement Data(JsonElement body) => body.GetProperty("data");
}
