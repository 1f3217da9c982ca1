using System.Net;
using System.Text.Json;

namespace Simulators.Verihubs.Tests;

public sealed class FaceTests(VerihubsFixture fixture) : IClassFixture<VerihubsFixture>
{
    private readonly VerihubsApi _api = new(fixture.Sim);

    private async Task<JsonElement> OkAsync(string path, object body, string? scenario = null)
    {
        using var response = await _api.PostAsync(path, body, scenario);
        return await VerihubsApi.ReadAsync(response, HttpStatusCode.OK);
    }

    [Fact]
    public async Task Compare_SamePerson_IsSimilarWithGroundedFields()
    {
        var body = await OkAsync("/v1/face/compare", new { image_1 = "LIVE_PERSON_A_1", image_2 = "LIVE_PERSON_A_2" });
        body.GetProperty("message").GetString().Should().Be("Request Success");
        body.GetProperty("status_code").GetString().Should().Be("200");
        body.GetProperty("similarity_status").GetBoolean().Should().BeTrue();
        body.GetProperty("similarity").GetDouble().Should().BeInRange(90, 100);
        body.GetProperty("image_2").GetProperty("nface").GetInt32().Should().Be(2);
        body.TryGetProperty("error_code", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Compare_DifferentPeople_Returns200FailOn16()
    {
        var body = await OkAsync("/v1/face/compare", new { image_1 = "LIVE_PERSON_A_1", image_2 = "LIVE_PERSON_B_1" });
        VerihubsApi.ErrorCode(body).Should().Be("FAIL_ON_16");
        body.GetProperty("similarity_status").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Compare_RealImages_MatchByDefault_AndMismatchByScenario()
    {
        var images = new { image_1 = VerihubsApi.Image(), image_2 = VerihubsApi.Image() };
        (await OkAsync("/v1/face/compare", images)).GetProperty("similarity_status").GetBoolean().Should().BeTrue();
        VerihubsApi.ErrorCode(await OkAsync("/v1/face/compare", images, "FACE_MISMATCH")).Should().Be("FAIL_ON_16");
    }

    public static TheoryData<string, object, string?> Bitmask => new()
    {
        // code, flags, expected error_code
        { "LIVE_PERSON_BLUR_A_1", new { validate_quality = true }, "FAIL_ON_4" },
        { "LIVE_PERSON_BLUR_A_1", new { }, null },
        { "LIVE_PERSON_DARK_A_1", new { validate_quality = true }, "FAIL_ON_4" },
        { "LIVE_PERSON_BLURDARK_A_1", new { validate_quality = true }, "FAIL_ON_4" },
        { "LIVE_PERSON_M_A_1", new { validate_attribute = true }, "FAIL_ON_2" },
        { "LIVE_PERSON_V_A_1", new { validate_attribute = true }, "FAIL_ON_2" },
        { "LIVE_PERSON_S_A_1", new { validate_attribute = true }, "FAIL_ON_2" },
        { "LIVE_PERSON_MV_A_1", new { validate_attribute = true }, "FAIL_ON_2" },
        { "LIVE_PERSON_MS_A_1", new { validate_attribute = true }, "FAIL_ON_2" },
        { "LIVE_PERSON_VS_A_1", new { validate_attribute = true }, "FAIL_ON_2" },
        { "LIVE_PERSON_MVS_A_1", new { validate_attribute = true }, "FAIL_ON_2" },
        { "LIVE_PERSON_M_A_1", new { }, null },
        { "LIVE_PERSON_A_2", new { validate_nface = true }, "FAIL_ON_8" },
        { "LIVE_PERSON_A_9", new { }, null },
        { "LIVE_PERSON_BLUR_MS_A_1", new { validate_quality = true, validate_attribute = true }, "FAIL_ON_6" },
        { "LIVE_PERSON_BLUR_MS_A_3", new { validate_quality = true, validate_attribute = true, validate_nface = true }, "FAIL_ON_14" },
        { "LIVE_PERSON_DARK_S_A_2", new { validate_attribute = true, validate_nface = true }, "FAIL_ON_10" },
        { "LIVE_PERSON_BLUR_A_2", new { validate_quality = true, validate_nface = true }, "FAIL_ON_12" },
        { "LIVE_PERSON_BLUR_MS_A_1", new { validate_quality = true, validate_attribute = true, is_quality = true }, "FAIL_ON_6" },
        { "LIVE_PERSON_A_1", new { validate_quality = true, validate_attribute = true, validate_nface = true, validate_liveness = true }, null },
        { "LIVE_PERSON_J_1", new { validate_quality = true, validate_attribute = true, validate_nface = true, validate_liveness = true }, "FAIL_ON_16" },
        { "LIVE_PERSON_BLUR_J_1", new { validate_quality = true }, "FAIL_ON_4" },
    };

    [Theory]
    [MemberData(nameof(Bitmask))]
    public async Task Compare_ValidateFlags_GiveTheFailOnBitmask(string code, object flags, string? expected)
    {
        var body = JsonSerializer.SerializeToNode(flags)!.AsObject();
        body["image_1"] = code;
        body["image_2"] = "LIVE_PERSON_A_1";
        var response = await OkAsync("/v1/face/compare", body.ToJsonString());
        VerihubsApi.ErrorCode(response).Should().Be(expected);
    }

    [Theory]
    [InlineData("LIVENESS_FAIL", """{"validate_liveness":true}""", "FAIL_ON_1")]
    [InlineData("LIVENESS_FAIL", """{}""", null)]
    [InlineData("LIVENESS_FAIL", """{"validate_liveness":true,"validate_quality":true}""", "FAIL_ON_1")]
    [InlineData("FACE_BLUR", """{"validate_liveness":true,"validate_quality":true}""", "FAIL_ON_4")]
    [InlineData("FACE_DARK", """{"validate_quality":true}""", "FAIL_ON_4")]
    [InlineData("FACE_MASK", """{"validate_attribute":true}""", "FAIL_ON_2")]
    [InlineData("FACE_SUNGLASSES", """{"validate_attribute":true}""", "FAIL_ON_2")]
    [InlineData("FACE_MULTIPLE", """{"validate_nface":true}""", "FAIL_ON_8")]
    [InlineData("FACE_MISMATCH", """{}""", "FAIL_ON_16")]
    [InlineData("FACE_MATCH", """{"validate_liveness":true,"validate_quality":true,"validate_attribute":true,"validate_nface":true}""", null)]
    public async Task Verify_Scenario_GivesTheDocumentedFailOn(string scenario, string flags, string? expected)
    {
        await OkAsync("/v1/face/enroll", new { image = "LIVE_PERSON_C_1", subject_id = "subject-1" });
        var body = JsonSerializer.Deserialize<Dictionary<string, object>>(flags)!;
        body["image"] = "LIVE_PERSON_C_1";
        body["subject_id"] = "subject-1";
        var response = await OkAsync("/v1/face/verify", body, scenario);
        VerihubsApi.ErrorCode(response).Should().Be(expected);
    }

    [Fact]
    public async Task Liveness_SpoofScenario_ReportsLivenessFalseWithoutFailOn1()
    {
        var body = await OkAsync("/v1/face/liveness", new { image = VerihubsApi.Image(), validate_quality = true }, "LIVENESS_FAIL");
        body.GetProperty("liveness_status").GetBoolean().Should().BeFalse();
        VerihubsApi.ErrorCode(body).Should().BeNull("the liveness endpoint's FAIL_ON values are even only");
        (await OkAsync("/v1/face/liveness", new { image = "LIVE_PERSON_A_1" })).GetProperty("liveness_status").GetBoolean().Should().BeTrue();
    }

    [Theory]
    [InlineData("LIVE_PERSON_BLUR_MVS_A_3", "FAIL_ON_14")]
    [InlineData("LIVE_PERSON_BLUR_A_1", "FAIL_ON_4")]
    public async Task Liveness_ValidateFlags_GiveEvenFailOnValues(string code, string expected)
    {
        var body = await OkAsync("/v1/face/liveness", new { image = code, validate_quality = true, validate_attribute = true, validate_nface = true, validate_liveness = true });
        VerihubsApi.ErrorCode(body).Should().Be(expected);
    }

    [Fact]
    public async Task EnrollVerifySearch_FindTheEnrolledPerson()
    {
        (await OkAsync("/v1/face/enroll", new { image = "LIVE_PERSON_D_1", subject_id = "dewi" })).GetProperty("subject_id").GetString().Should().Be("dewi");
        await OkAsync("/v1/face/enroll", new { image = "LIVE_PERSON_E_1", subject_id = "eko" });

        (await OkAsync("/v1/face/verify", new { image = "LIVE_PERSON_D_1", subject_id = "dewi" })).GetProperty("similarity_status").GetBoolean().Should().BeTrue();
        VerihubsApi.ErrorCode(await OkAsync("/v1/face/verify", new { image = "LIVE_PERSON_E_1", subject_id = "dewi" })).Should().Be("FAIL_ON_16");

        var search = await OkAsync("/v1/face/search", new { image = "LIVE_PERSON_E_1", threshold = 80, limit = 5 });
        search.GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("subject_id").GetString()).Should().Equal("eko");
        (await OkAsync("/v1/face/search", new { image = "LIVE_PERSON_F_1" })).GetProperty("matches").GetArrayLength().Should().Be(0);
        (await OkAsync("/v1/face/search", new { image = "LIVE_PERSON_E_1" }, "FACE_MISMATCH")).GetProperty("matches").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Enroll_ExistingSubjectId_UpdatesIt()
    {
        await OkAsync("/v1/face/enroll", new { image = "LIVE_PERSON_G_1", subject_id = "same" });
        await OkAsync("/v1/face/enroll", new { image = "LIVE_PERSON_H_1", subject_id = "same" });
        (await OkAsync("/v1/face/verify", new { image = "LIVE_PERSON_H_1", subject_id = "same" })).GetProperty("similarity_status").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Enroll_FailingValidation_IsNotEnrolled()
    {
        VerihubsApi.ErrorCode(await OkAsync("/v1/face/enroll", new { image = "LIVE_PERSON_M_A_1", subject_id = "masked", validate_attribute = true })).Should().Be("FAIL_ON_2");
        using var verify = await _api.PostAsync("/v1/face/verify", new { image = "LIVE_PERSON_A_1", subject_id = "masked" });
        await VerihubsApi.ReadErrorAsync(verify, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_SUBJECT_ID");
    }

    public static TheoryData<string, string, HttpStatusCode, string> Errors => new()
    {
        { "/v1/face/compare", """{"image_2":"LIVE_PERSON_A_1"}""", HttpStatusCode.BadRequest, "MISSING_PAYLOAD_IMAGE_1" },
        { "/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1"}""", HttpStatusCode.BadRequest, "MISSING_PAYLOAD_IMAGE_2" },
        { "/v1/face/compare", """{"image_1":"","image_2":"LIVE_PERSON_A_1"}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_IMAGE_1_MISSING" },
        { "/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":""}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_IMAGE_2_MISSING" },
        { "/v1/face/compare", """{"image_1":"IMAGE_EXCEED_LIMIT","image_2":"LIVE_PERSON_A_1"}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_IMAGE_1_SIZE" },
        { "/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":"IMAGE_EXCEED_LIMIT"}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_IMAGE_2_SIZE" },
        { "/v1/face/compare", """{"image_1":"bm90IGFuIGltYWdl","image_2":"LIVE_PERSON_A_1"}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_IMAGE_1_FORMAT" },
        { "/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":"bm90IGFuIGltYWdl"}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_IMAGE_2_FORMAT" },
        { "/v1/face/compare", """{"image_1":"NO_FACE_PHOTO","image_2":"LIVE_PERSON_A_1"}""", HttpStatusCode.BadRequest, "FACE_NOT_DETECTED" },
        { "/v1/face/compare", """{"image_1":"","image_2":""}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD" },
        { "/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1","is_quality":false,"validate_quality":true}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY" },
        { "/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1","is_attribute":false,"validate_attribute":true}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_ATTRIBUTE_VALIDATION_DEPENDENCY" },
        { "/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1","is_liveness":false,"validate_liveness":true}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_LIVENESS_VALIDATION_DEPENDENCY" },
        { "/v1/face/compare", """{"image_1":"LIVE_PERSON_A_1","image_2":"LIVE_PERSON_A_1","is_quality":"no"}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD" },
        { "/v1/face/liveness", """{}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD" },
        { "/v1/face/liveness", """{"image":""}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_IMAGE_MISSING" },
        { "/v1/face/liveness", """{"is_quality":true}""", HttpStatusCode.BadRequest, "MISSING_PAYLOAD_IMAGE" },
        { "/v1/face/liveness", """{"image":"IMAGE_EXCEED_LIMIT"}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_IMAGE_SIZE" },
        { "/v1/face/liveness", """{"image":"NO_FACE_PHOTO"}""", HttpStatusCode.BadRequest, "FACE_NOT_DETECTED" },
        { "/v1/face/liveness", """{"image":"LIVE_PERSON_A_1","is_attribute":false,"validate_attribute":true}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_ATTRIBUTE_VALIDATION_DEPENDENCY" },
        { "/v1/face/enroll", """{"image":"LIVE_PERSON_A_1"}""", HttpStatusCode.BadRequest, "MISSING_PAYLOAD_SUBJECT_ID" },
        { "/v1/face/enroll", """{"image":"LIVE_PERSON_A_1","subject_id":""}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_SUBJECT_ID_MISSING" },
        { "/v1/face/verify", """{"image":"LIVE_PERSON_A_1"}""", HttpStatusCode.BadRequest, "MISSING_PAYLOAD_SUBJECT_ID" },
        { "/v1/face/verify", """{"image":"LIVE_PERSON_A_1","subject_id":""}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_SUBJECT_ID_MISSING" },
        { "/v1/face/verify", """{"image":"LIVE_PERSON_A_1","subject_id":"nobody"}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_SUBJECT_ID" },
        { "/v1/face/search", """{"image":"LIVE_PERSON_A_1","threshold":101}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_THRESHOLD" },
        { "/v1/face/search", """{"image":"LIVE_PERSON_A_1","threshold":"high"}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_THRESHOLD" },
        { "/v1/face/search", """{"image":"LIVE_PERSON_A_1","limit":0}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_LIMIT" },
        { "/v1/face/search", """{"image":"LIVE_PERSON_A_1","limit":11}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_LIMIT" },
        { "/v1/face/search", """{"image":"LIVE_PERSON_A_1","limit":2.5}""", HttpStatusCode.BadRequest, "INVALID_PAYLOAD_LIMIT" },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public async Task Face_BadRequest_ReturnsTheDocumentedCode(string path, string json, HttpStatusCode status, string code)
    {
        using var response = await _api.PostAsync(path, json);
        await VerihubsApi.ReadErrorAsync(response, status, code);
    }

    [Theory]
    [InlineData("/v1/face/compare", "FACE_NOT_DETECTED", HttpStatusCode.BadRequest, "FACE_NOT_DETECTED")]
    [InlineData("/v1/face/liveness", "FACE_NOT_DETECTED", HttpStatusCode.BadRequest, "FACE_NOT_DETECTED")]
    [InlineData("/v1/face/search", "INSUFFICIENT_QUOTA", HttpStatusCode.Forbidden, "INSUFFICIENT_QUOTA")]
    [InlineData("/v1/face/enroll", "INTERNAL_SERVER_ERROR", HttpStatusCode.InternalServerError, "INTERNAL_SERVER_ERROR")]
    public async Task Face_ErrorScenario_ReturnsItsError(string path, string scenario, HttpStatusCode status, string code)
    {
        using var response = await _api.PostAsync(path, new { image = VerihubsApi.Image(), image_1 = VerihubsApi.Image(), image_2 = VerihubsApi.Image(), subject_id = "s" }, scenario);
        await VerihubsApi.ReadErrorAsync(response, status, code);
    }

    [Fact]
    public async Task Face_Marker_InEitherImage_DecidesTheOutcome()
    {
        var marked = VerihubsApi.B64(VerihubsApi.JpegWith("SIMULATOR:FACE_MISMATCH"));
        VerihubsApi.ErrorCode(await OkAsync("/v1/face/compare", new { image_1 = VerihubsApi.Image(), image_2 = marked })).Should().Be("FAIL_ON_16");
    }

    [Fact]
    public async Task Face_IsFlagsOff_OmitTheirBlocks()
    {
        var body = await OkAsync("/v1/face/liveness", new { image = "LIVE_PERSON_A_1", is_quality = false, is_attribute = false });
        body.TryGetProperty("image_quality", out _).Should().BeFalse();
        body.TryGetProperty("image_attribute", out _).Should().BeFalse();
        body.GetProperty("nface").GetInt32().Should().Be(1);
    }
}

public sealed class FaceSearchAndDeleteTests(VerihubsFixture fixture) : IClassFixture<VerihubsFixture>
{
    private readonly VerihubsApi _api = new(fixture.Sim);

    private async Task<JsonElement> OkAsync(string path, object body, string? scenario = null)
    {
        using var response = await _api.PostAsync(path, body, scenario);
        return await VerihubsApi.ReadAsync(response, HttpStatusCode.OK);
    }

    private Task<HttpResponseMessage> DeleteAsync(string query, string? json = null, string? scenario = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, "/v1/face/enroll" + query);
        if (json is not null)
        {
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }
        if (scenario is not null)
        {
            request.Headers.Add("X-Simulator-Scenario", scenario);
        }
        return _api.Http.SendAsync(request);
    }

    [Fact]
    public async Task Search_AnotherRealPhotoAfterEnrolment_FindsTheNewestSubjectWithTheSearchMessage()
    {
        await OkAsync("/v1/face/enroll", new { image = VerihubsApi.Image("first person"), subject_id = "older" });
        await OkAsync("/v1/face/enroll", new { image = VerihubsApi.Image("second person"), subject_id = "newest" });
        var search = await OkAsync("/v1/face/search", new { image = VerihubsApi.Image("another selfie"), threshold = 80 });
        search.GetProperty("message").GetString().Should().Be("Face search is successfull!");
        search.GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("subject_id").GetString()).Should().Equal("newest");
    }

    [Fact]
    public async Task Search_SamePhotoAsAnOlderEnrolment_FindsThatSubject()
    {
        var photo = VerihubsApi.Image("kept photo");
        await OkAsync("/v1/face/enroll", new { image = photo, subject_id = "same-bytes" });
        await OkAsync("/v1/face/enroll", new { image = VerihubsApi.Image("someone else"), subject_id = "later" });
        var search = await OkAsync("/v1/face/search", new { image = photo });
        search.GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("subject_id").GetString()).Should().Equal("same-bytes");
    }

    [Fact]
    public async Task Search_FixtureSelfieAfterItsKtpPhotoWasEnrolled_FindsThePersona()
    {
        await OkAsync("/v1/face/enroll", new { image = VerihubsApi.B64(Simulators.Testing.Fixtures.Image("ktp-ok-male.jpg")), subject_id = "persona-1001" });
        await OkAsync("/v1/face/enroll", new { image = "LIVE_PERSON_B_1", subject_id = "person-b" });
        var search = await OkAsync("/v1/face/search", new { image = VerihubsApi.B64(Simulators.Testing.Fixtures.Image("selfie-match.jpg")) });
        search.GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("subject_id").GetString()).Should().Equal("persona-1001");
    }

    [Fact]
    public async Task Search_FailedValidation_KeepsTheFailureMessage()
    {
        var search = await OkAsync("/v1/face/search", new { image = "LIVE_PERSON_BLUR_A_1", validate_quality = true });
        VerihubsApi.ErrorCode(search).Should().Be("FAIL_ON_4");
        search.GetProperty("message").GetString().Should().NotBe("Face search is successfull!");
    }

    [Fact]
    public async Task Delete_BySubjectIdQuery_RemovesTheFaceAndAnswersATimestamp()
    {
        await OkAsync("/v1/face/enroll", new { image = "LIVE_PERSON_D_1", subject_id = "gone" });
        using (var deleted = await DeleteAsync("?subject_id=gone", "{}"))
        {
            var body = await VerihubsApi.ReadAsync(deleted, HttpStatusCode.OK);
            body.GetProperty("message").GetString().Should().Be("Request Success");
            body.GetProperty("subject_id").GetString().Should().Be("gone");
            DateTimeOffset.TryParse(body.GetProperty("timestamp").GetString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _).Should().BeTrue();
        }
        using var verify = await _api.PostAsync("/v1/face/verify", new { image = "LIVE_PERSON_D_1", subject_id = "gone" });
        await VerihubsApi.ReadErrorAsync(verify, HttpStatusCode.BadRequest, "INVALID_PAYLOAD_SUBJECT_ID");
    }

    [Fact]
    public async Task Delete_SubjectIdInJsonBody_IsAccepted()
    {
        await OkAsync("/v1/face/enroll", new { image = "LIVE_PERSON_E_1", subject_id = "body-id" });
        using var deleted = await DeleteAsync("", """{"subject_id":"body-id"}""");
        (await VerihubsApi.ReadAsync(deleted, HttpStatusCode.OK)).GetProperty("subject_id").GetString().Should().Be("body-id");
    }

    [Theory]
    [InlineData("", "MISSING_PAYLOAD_SUBJECT_ID")]
    [InlineData("?subject_id=", "INVALID_PAYLOAD_SUBJECT_ID_MISSING")]
    [InlineData("?subject_id=never-enrolled", "INVALID_PAYLOAD_SUBJECT_ID")]
    public async Task Delete_BadSubjectId_Answers400(string query, string code)
    {
        using var response = await DeleteAsync(query);
        await VerihubsApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task Delete_InternalServerErrorScenario_Answers500AndKeepsTheFace()
    {
        await OkAsync("/v1/face/enroll", new { image = "LIVE_PERSON_F_1", subject_id = "kept" });
        using (var failed = await DeleteAsync("?subject_id=kept", scenario: "INTERNAL_SERVER_ERROR"))
        {
            await VerihubsApi.ReadErrorAsync(failed, HttpStatusCode.InternalServerError, "INTERNAL_SERVER_ERROR");
        }
        (await OkAsync("/v1/face/verify", new { image = "LIVE_PERSON_F_1", subject_id = "kept" })).GetProperty("similarity_status").GetBoolean().Should().BeTrue();
    }
}
