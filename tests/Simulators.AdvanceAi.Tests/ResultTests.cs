using System.Net;
using System.Text.Json;

namespace Simulators.AdvanceAi.Tests;

public class ResultTests(AdvanceAiFixture fixture) : IClassFixture<AdvanceAiFixture>
{
    private static async Task<(AdvanceAiApi Api, string SignatureId)> PassedAsync(Simulators.Testing.SimulatorHarness sim, object? body = null)
    {
        var api = await AdvanceAiApi.NewAsync(sim);
        var signatureId = await api.GenerateAsync(body: body);
        await api.SubmitAsync(signatureId);
        await api.AdvanceAsync(5);
        return (api, signatureId);
    }

    [Fact]
    public async Task GetResult_Url_ImagesAreLinksTheSimulatorServesUntilTheyExpire()
    {
        var (api, signatureId) = await PassedAsync(fixture.Sim);
        var data = await api.ResultDataAsync(signatureId, "URL");
        var link = data.GetProperty("docDetail").GetProperty("docFrontImage").GetString()!;
        link.Should().StartWith("http://localhost/h5/images/" + signatureId + "/front.jpg?");

        using (var image = await api.Http.GetAsync(new Uri(link)))
        {
            image.StatusCode.Should().Be(HttpStatusCode.OK);
            image.Content.Headers.ContentType!.MediaType.Should().Be("image/jpeg");
            (await image.Content.ReadAsByteArrayAsync())[..2].Should().Equal(0xFF, 0xD8);
        }

        await api.AdvanceAsync(86400);
        using var expired = await api.Http.GetAsync(new Uri(link));
        expired.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        JsonDocument.Parse(await expired.Content.ReadAsStringAsync()).RootElement.ShouldBeEnvelope("CLIENT_ERROR");

        // A new get-result hands out fresh links.
        await api.AuthenticateAsync();
        var fresh = (await api.ResultDataAsync(signatureId)).GetProperty("docDetail").GetProperty("docFrontImage").GetString()!;
        (await api.Http.GetAsync(new Uri(fresh))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ImageLink_Tampered_Answers404()
    {
        var (api, signatureId) = await PassedAsync(fixture.Sim);
        var link = (await api.ResultDataAsync(signatureId)).GetProperty("docDetail").GetProperty("docFrontImage").GetString()!;
        using var response = await api.Http.GetAsync(new Uri(link.Replace("front.jpg", "near.jpg", StringComparison.Ordinal)));
        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task GetResult_Base64_ImagesAreTheBytesInBase64()
    {
        var (api, signatureId) = await PassedAsync(fixture.Sim);
        var data = await api.ResultDataAsync(signatureId, "BASE64");
        var bytes = Convert.FromBase64String(data.GetProperty("docDetail").GetProperty("docFrontImage").GetString()!);
        bytes[..2].Should().Equal(0xFF, 0xD8);
        Convert.FromBase64String(data.GetProperty("faceDetail").GetProperty("faceImageNear").GetString()!).Should().NotBeEmpty();
    }

    [Fact]
    public async Task GetResult_BadReturnImageTypeOrNoSignatureId_AnswersParameterError()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        (await api.CallAsync("get-result", new { signatureId = "x", returnImageType = "PNG" })).ShouldBeEnvelope("PARAMETER_ERROR");
        (await api.CallAsync("get-result", new { })).ShouldBeEnvelope("PARAMETER_ERROR", "Parameter should not be empty");
    }

    [Fact]
    public async Task GetResult_TwoSidedDocType_HasBackImageAndBackLabels()
    {
        var body = AdvanceAiApi.JourneyBody(region: "THA");
        body["docType"] = "TH-ID-N";
        var (api, signatureId) = await PassedAsync(fixture.Sim, body);
        var doc = (await api.ResultDataAsync(signatureId)).GetProperty("docDetail");
        doc.GetProperty("docBackImage").GetString().Should().Contain("/back.jpg");
        doc.GetProperty("docType").GetProperty("back").GetString().Should().Be("TH-ID-N");
        doc.GetProperty("qualityLabels").GetProperty("back").GetProperty("isBlur").GetBoolean().Should().BeFalse();
        doc.GetProperty("ocrInfo").GetProperty("back").GetProperty("idNumber").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task ClearData_Finished_SucceedsWithNullDataAndGetResultShowsNoImages()
    {
        var (api, signatureId) = await PassedAsync(fixture.Sim);
        var cleared = await api.CallAsync("clear-data?signatureId=" + signatureId, new { });
        cleared.ShouldBeEnvelope("SUCCESS", "OK");
        cleared.GetProperty("data").ValueKind.Should().Be(JsonValueKind.Null);

        var doc = (await api.ResultDataAsync(signatureId)).GetProperty("docDetail");
        doc.GetProperty("docFrontImage").ValueKind.Should().Be(JsonValueKind.Null);
        doc.GetProperty("ocrInfo").ValueKind.Should().Be(JsonValueKind.Null);
        (await api.CallAsync("clear-data?signatureId=" + signatureId, new { })).ShouldBeEnvelope("SUCCESS");
    }

    [Fact]
    public async Task ClearData_ResultAfterClearNotExist_GetResultAnswersSignatureNotExist()
    {
        await using var sim = await Simulators.Testing.SimulatorHarness.StartAdvanceAiAsync(o => o.Configuration["AdvanceAi:ResultAfterClear"] = "not-exist");
        var (api, signatureId) = await PassedAsync(sim);
        await api.CallAsync("clear-data?signatureId=" + signatureId, new { });
        (await api.ResultAsync(signatureId)).ShouldBeEnvelope("SIGNATURE_NOT_EXIST");
    }

    [Fact]
    public async Task ClearData_EmptyUnknownOrUnfinished_AnswersItsParameterError()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var running = await api.GenerateAsync();
        (await api.CallAsync("clear-data", new { signatureId = running })).ShouldBeEnvelope("PARAMETER_ERROR", "SignatureId is empty");
        (await api.CallAsync("clear-data?signatureId=ffffffffffffffff", new { })).ShouldBeEnvelope("PARAMETER_ERROR", "SignatureId is not exist");
        (await api.CallAsync("clear-data?signatureId=" + running, new { })).ShouldBeEnvelope("PARAMETER_ERROR", "Transaction is not finished");
        await api.SubmitAsync(running);
        (await api.CallAsync("clear-data?signatureId=" + running, new { })).ShouldBeEnvelope("PARAMETER_ERROR", "Transaction is not finished");
    }

    [Fact]
    public async Task FaceSearch_PassedTransactions_FindOtherUserIdsWithTheSameFace()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var ids = new List<string>();
        foreach (var (userId, face) in new[] { ("alice", "face-1"), ("alice-again", "face-1"), ("bob", "face-2") })
        {
            var body = AdvanceAiApi.JourneyBody();
            body["userId"] = userId;
            var signatureId = await api.GenerateAsync(body: body);
            await api.JourneyAsync(signatureId, new { action = "submit", face });
            ids.Add(signatureId);
        }
        await api.AdvanceAsync(5);

        var response = await api.CallAsync("face-search", new { signatureId = ids[0] });
        response.ShouldBeEnvelope("SUCCESS");
        response.GetProperty("data").GetProperty("signatureId").GetString().Should().Be(ids[0]);
        response.GetProperty("data").GetProperty("similarFaceUserIds").EnumerateArray().Select(u => u.GetString()).Should().Equal("alice-again");
    }

    [Fact]
    public async Task FaceSearch_NotPassedOrUnknownOrEmpty_AnswersItsParameterError()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var failed = await api.GenerateAsync();
        await api.SubmitAsync(failed, "ID_FORGERY_DETECTED");
        await api.AdvanceAsync(5);
        (await api.CallAsync("face-search", new { signatureId = failed })).ShouldBeEnvelope("PARAMETER_ERROR", "Transaction is not pass");
        (await api.CallAsync("face-search", new { signatureId = "ffffffffffffffff" })).ShouldBeEnvelope("PARAMETER_ERROR", "Parameter error,please check you input.");
        (await api.CallAsync("face-search", new { })).ShouldBeEnvelope("PARAMETER_ERROR", "Parameter should not be empty");
    }

    [Fact]
    public async Task DocumentApi_Front_AnswersAFinishedResultSynchronouslyAndGetResultAgrees()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var front = Convert.ToBase64String([0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3]);
        var response = await api.CallAsync("api/document", new { bizId = "doc-1", region = "IDN", frontImageBase64 = front, docType = "ID-ID-KTP" });
        response.ShouldBeEnvelope("SUCCESS");
        var data = response.GetProperty("data");
        data.GetProperty("overallResult").GetString().Should().Be("PASS");
        data.TryGetProperty("faceDetail", out _).Should().BeFalse();
        var signatureId = data.GetProperty("signatureId").GetString()!;
        (await api.ResultDataAsync(signatureId)).GetProperty("overallResult").GetString().Should().Be("PASS");
    }

    [Fact]
    public async Task DocumentApi_MarkerInTheImage_IncompleteCodeIsFailThere()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var front = Convert.ToBase64String([0xFF, 0xD8, .. System.Text.Encoding.ASCII.GetBytes("SIMULATOR:CARD_NOT_FOUND")]);
        var data = (await api.CallAsync("api/document", new { bizId = "doc-2", region = "IDN", frontImageBase64 = front })).GetProperty("data");
        data.GetProperty("overallResult").GetString().Should().Be("FAIL");
        data.GetProperty("errorCode").GetString().Should().Be("CARD_NOT_FOUND");
    }

    [Fact]
    public async Task DocumentApi_NoImage_AnswersParameterShouldNotBeEmpty()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        (await api.CallAsync("api/document", new { bizId = "doc-3", region = "IDN" })).ShouldBeEnvelope("PARAMETER_ERROR", "Parameter should not be empty");
    }

    [Theory]
    [InlineData("""{"region":"IDN","frontImageUrl":"https://merchant.example/ktp.jpg"}""")]
    [InlineData("""{"bizId":"","region":"IDN","frontImageUrl":"https://merchant.example/ktp.jpg"}""")]
    [InlineData("""{"bizId":null,"region":"IDN","frontImageUrl":"https://merchant.example/ktp.jpg"}""")]
    public async Task DocumentApi_NoBizId_AnswersParameterShouldNotBeEmpty(string body)
    {
        // Generate URL's fields minus the redirects (reference §5): bizId is required there too.
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        (await api.CallAsync("api/document", body)).ShouldBeEnvelope("PARAMETER_ERROR", "Parameter should not be empty");
    }

    [Fact]
    public async Task AddressVerification_Start_ReturnsSignatureIdThenAResultAfterProcessingWithACompletedNotice()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var response = await api.CallAsync("api/address-verification/start-verification", new
        {
            callbackUrl = "https://merchant.example/address",
            bizId = "b1", userId = "u1", region = "PHL", proofFileUrl = "https://merchant.example/bill.pdf", fullName = "JUAN DELA CRUZ", issueDate = "2025-10-01",
        });
        response.ShouldBeEnvelope("SUCCESS");
        var signatureId = response.GetProperty("data").GetProperty("signatureId").GetString()!;
        (await api.ResultDataAsync(signatureId)).GetProperty("overallResult").ValueKind.Should().Be(JsonValueKind.Null);

        await api.AdvanceAsync(5);
        var data = await api.ResultDataAsync(signatureId);
        data.GetProperty("overallResult").GetString().Should().Be("PASS");
        data.GetProperty("errorCodes").GetArrayLength().Should().Be(0);
        data.GetProperty("inputParameters").GetProperty("fullName").GetString().Should().Be("JUAN DELA CRUZ");
        api.NoticesFor(signatureId).Select(n => n.BodyText).Should().Equal($$"""{"signatureId":"{{signatureId}}","type":"COMPLETED"}""");
    }

    [Fact]
    public async Task AddressVerification_Result_HasTheDocumentedKeysOnlyBeforeAndAfterProcessing()
    {
        // av-get-result / poa-get-result: no submissionCompleted, idvResult or docDetail (nothing is submitted on a page).
        string[] keys = ["signatureId", "overallResult", "errorCodes", "addressDetail", "inputParameters", "countryCodeIso3"];
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = (await api.CallAsync("api/address-verification/start-verification", new
        {
            bizId = "b1", userId = "u1", region = "PHL", proofFileUrl = "https://merchant.example/bill.pdf",
        })).GetProperty("data").GetProperty("signatureId").GetString()!;
        (await api.ResultDataAsync(signatureId)).EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(keys);
        await api.AdvanceAsync(5);
        (await api.ResultDataAsync(signatureId)).EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(keys);
    }

    [Fact]
    public async Task DatabaseIdVerification_TypeAndRegion_AreChecked()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var ok = await api.CallAsync("api/database-id-verification", new { bizId = "b", userId = "u", region = "NGA", numberType = "BVN", numberValue = "22222222222" });
        ok.ShouldBeEnvelope("SUCCESS");
        ok.GetProperty("data").GetProperty("result").GetString().Should().Be("PASS");
        (await api.CallAsync("api/database-id-verification", new { bizId = "b", userId = "u", region = "PHL", numberType = "BVN", numberValue = "1" }))
            .ShouldBeEnvelope("PARAMETER_ERROR", "Number type and country are not match");
        (await api.CallAsync("api/database-id-verification", new { bizId = new string('b', 100), userId = "u", region = "NGA", numberType = "BVN", numberValue = "1" }))
            .ShouldBeEnvelope("PARAMETER_ERROR");
    }
}
