using System.Net.Http.Json;
using System.Net;
using System.Text.Json;

namespace Simulators.AdvanceAi.Tests;

public class JourneyTests(AdvanceAiFixture fixture) : IClassFixture<AdvanceAiFixture>
{
    private const string Callback = "https://merchant.example/advance-ai/callback";

    private static string[] Types(IEnumerable<Simulators.Testing.ReceivedWebhook> notices) =>
        [.. notices.Select(n => JsonDocument.Parse(n.Body).RootElement.GetProperty("type").GetString()!)];

    [Fact]
    public async Task GetResult_BeforeSubmit_IsPendingWithOverallResultNull()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync();
        var response = await api.ResultAsync(signatureId);
        response.ShouldBeEnvelope("SUCCESS", "OK");
        var data = response.GetProperty("data");
        data.EnumerateObject().Select(p => p.Name).Should().Equal(
            "signatureId", "overallResult", "submissionCompleted", "idvResult", "errorCode", "docDetail", "faceDetail", "countryCodeIso3");
        data.GetProperty("signatureId").GetString().Should().Be(signatureId);
        data.GetProperty("overallResult").ValueKind.Should().Be(JsonValueKind.Null);
        data.GetProperty("idvResult").ValueKind.Should().Be(JsonValueKind.Null);
        data.GetProperty("submissionCompleted").GetBoolean().Should().BeFalse();
        data.GetProperty("countryCodeIso3").GetString().Should().Be("PHL");
    }

    [Fact]
    public async Task Journey_SubmitThenProcessing_ShowsPartialThenFinalWithBothNoticesInOrder()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync(body: AdvanceAiApi.JourneyBody(Callback));
        (await api.JourneyAsync(signatureId, new { action = "open" })).GetProperty("stage").GetString().Should().Be("PENDING");
        api.NoticesFor(signatureId).Should().BeEmpty();

        var submitted = await api.SubmitAsync(signatureId);
        submitted.GetProperty("stage").GetString().Should().Be("SUBMITTED");
        submitted.GetProperty("redirectUrl").GetString().Should().Be("https://merchant.example/ok");

        var partial = await api.ResultDataAsync(signatureId);
        partial.GetProperty("overallResult").ValueKind.Should().Be(JsonValueKind.Null);
        partial.GetProperty("submissionCompleted").GetBoolean().Should().BeTrue();
        var doc = partial.GetProperty("docDetail");
        doc.EnumerateObject().Select(p => p.Name).Should().Equal("ocrResult", "docFrontImage", "docBackImage", "ocrInfo", "qualityLabels", "forgeryLabels", "eventDetails");
        doc.GetProperty("forgeryLabels").ValueKind.Should().Be(JsonValueKind.Null);
        doc.GetProperty("eventDetails")[0].GetProperty("createTimestmap").GetInt64().Should().Be(await api.NowMsAsync());
        Types(api.NoticesFor(signatureId)).Should().Equal("SUBMIT_COMPLETED");

        await api.AdvanceAsync(4.9);
        (await api.ResultDataAsync(signatureId)).GetProperty("overallResult").ValueKind.Should().Be(JsonValueKind.Null);
        await api.AdvanceAsync(0.1);

        var final = await api.ResultDataAsync(signatureId);
        final.GetProperty("overallResult").GetString().Should().Be("PASS");
        final.GetProperty("idvResult").GetString().Should().Be("PASS");
        final.GetProperty("errorCode").GetString().Should().Be("SUCCESS");
        var full = final.GetProperty("docDetail");
        full.GetProperty("docType").GetProperty("front").GetString().Should().Be("PH-ID-SSS");
        full.GetProperty("subDocType").GetProperty("front").GetString().Should().Be("PH-ID-SSS");
        full.GetProperty("forgeryLabels").GetArrayLength().Should().Be(0);
        final.GetProperty("faceDetail").GetProperty("faceResult").GetString().Should().Be("PASS");
        Types(api.NoticesFor(signatureId)).Should().Equal("SUBMIT_COMPLETED", "COMPLETED");
    }

    [Theory]
    [InlineData("ID_FORGERY_DETECTED", "FAIL")]
    [InlineData("NATIONALITY_COMPLIANCE_FAILED", "FAIL")]
    [InlineData("CARD_LOW_QUALITY_IMAGE", "INCOMPLETE")]
    [InlineData("NO_SUPPORTED_CARD", "INCOMPLETE")]
    public async Task Submit_FailScenario_EndsWithTheSeedTablesResultAndCode(string scenario, string overall)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync(body: AdvanceAiApi.JourneyBody(Callback));
        (await api.SubmitAsync(signatureId, scenario)).GetProperty("redirectUrl").GetString().Should().Be("https://merchant.example/fail");
        await api.AdvanceAsync(5);

        var data = await api.ResultDataAsync(signatureId);
        data.GetProperty("overallResult").GetString().Should().Be(overall);
        data.GetProperty("errorCode").GetString().Should().Be(scenario);
        data.GetProperty("submissionCompleted").GetBoolean().Should().BeTrue();
        data.GetProperty("docDetail").EnumerateObject().Should().OnlyContain(p => p.Value.ValueKind == JsonValueKind.Null);
        data.GetProperty("faceDetail").ValueKind.Should().Be(JsonValueKind.Null);
        // No COMPLETED for INCOMPLETE.
        Types(api.NoticesFor(signatureId)).Should().Equal(overall == "FAIL" ? ["SUBMIT_COMPLETED", "COMPLETED"] : ["SUBMIT_COMPLETED"]);
    }

    [Fact]
    public async Task Submit_IncompleteCodesResultFail_EndsFailWithACompletedNotice()
    {
        await using var sim = await Simulators.Testing.SimulatorHarness.StartAdvanceAiAsync(o => o.Configuration["AdvanceAi:IncompleteCodesResult"] = "FAIL");
        var api = await AdvanceAiApi.NewAsync(sim);
        var signatureId = await api.GenerateAsync(body: AdvanceAiApi.JourneyBody(Callback));
        await api.SubmitAsync(signatureId, "CARD_LOW_QUALITY_IMAGE");
        await api.AdvanceAsync(5);
        (await api.ResultDataAsync(signatureId)).GetProperty("overallResult").GetString().Should().Be("FAIL");
        Types(api.NoticesFor(signatureId)).Should().Equal("SUBMIT_COMPLETED", "COMPLETED");
    }

    [Fact]
    public async Task Journey_ScenarioHeaderOnGenerateUrl_PicksWhatAPlainSubmitProduces()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync(headers: ("X-Simulator-Scenario", "ID_FORGERY_DETECTED"));
        await api.SubmitAsync(signatureId);
        await api.AdvanceAsync(5);
        (await api.ResultDataAsync(signatureId)).GetProperty("errorCode").GetString().Should().Be("ID_FORGERY_DETECTED");
    }

    [Fact]
    public async Task Journey_QueuedOutcome_PicksWhatAPlainSubmitProduces()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        await fixture.Sim.Control.QueueOutcomeAsync("TOO_MANY_CARDS", api.AccessKey);
        var first = await api.GenerateAsync();
        var second = await api.GenerateAsync();
        await api.SubmitAsync(first);
        await api.SubmitAsync(second);
        await api.AdvanceAsync(5);
        (await api.ResultDataAsync(first)).GetProperty("errorCode").GetString().Should().Be("TOO_MANY_CARDS");
        (await api.ResultDataAsync(second)).GetProperty("errorCode").GetString().Should().Be("SUCCESS");
    }

    [Fact]
    public async Task Journey_UnknownScenarioHeader_AnswersClientError400()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        using var response = await api.SendAsync(AdvanceAiApi.Prefix + "generate-ekyc-verification-url", AdvanceAiApi.JourneyBody(), api.Token, ("X-Simulator-Scenario", "NOPE"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Journey_NothingSubmittedForAnHour_IsIncompleteUserTimeoutWithoutNotices()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync(body: AdvanceAiApi.JourneyBody(Callback));
        await api.JourneyAsync(signatureId, new { action = "open" });
        await api.AdvanceAsync(3599);
        // The hour outlives the first token: a client takes a new one.
        await api.AuthenticateAsync();
        (await api.ResultDataAsync(signatureId)).GetProperty("overallResult").ValueKind.Should().Be(JsonValueKind.Null);
        await api.AdvanceAsync(1);

        var data = await api.ResultDataAsync(signatureId);
        data.GetProperty("overallResult").GetString().Should().Be("INCOMPLETE");
        data.GetProperty("errorCode").GetString().Should().Be("USER_TIMEOUT");
        data.GetProperty("submissionCompleted").GetBoolean().Should().BeFalse();
        data.GetProperty("docDetail").ValueKind.Should().Be(JsonValueKind.Null);
        api.NoticesFor(signatureId).Should().BeEmpty();

        using var late = await fixture.Sim.Control.Http.PostAsJsonAsync($"/__simulator/journeys/{signatureId}", new { action = "submit" });
        late.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Journey_Abandon_IsIncompleteAtOnceWithNoNoticeAndTheFailRedirect()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync(body: AdvanceAiApi.JourneyBody(Callback));
        var abandoned = await api.JourneyAsync(signatureId, new { action = "abandon" });
        abandoned.GetProperty("stage").GetString().Should().Be("INCOMPLETE");
        abandoned.GetProperty("redirectUrl").GetString().Should().Be("https://merchant.example/fail");

        var data = await api.ResultDataAsync(signatureId);
        data.GetProperty("overallResult").GetString().Should().Be("INCOMPLETE");
        data.GetProperty("errorCode").ValueKind.Should().Be(JsonValueKind.Null);
        await api.AdvanceAsync(3600);
        await api.AuthenticateAsync();
        (await api.ResultDataAsync(signatureId)).GetProperty("errorCode").ValueKind.Should().Be(JsonValueKind.Null);
        api.NoticesFor(signatureId).Should().BeEmpty();
    }

    [Fact]
    public async Task Journey_IgnoreFailWhenJump_RedirectsAFailureToReturnUrl()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var body = AdvanceAiApi.JourneyBody();
        body["ignoreFailWhenJump"] = true;
        var signatureId = await api.GenerateAsync(body: body);
        (await api.SubmitAsync(signatureId, "CARD_NOT_FOUND")).GetProperty("redirectUrl").GetString().Should().Be("https://merchant.example/ok");
    }

    [Fact]
    public async Task Journey_SubmitTwiceOrUnknown_AnswersConflictOrNotFound()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync();
        await api.SubmitAsync(signatureId);
        using var twice = await fixture.Sim.Control.Http.PostAsJsonAsync($"/__simulator/journeys/{signatureId}", new { action = "submit" });
        twice.StatusCode.Should().Be(HttpStatusCode.Conflict);
        using var unknown = await fixture.Sim.Control.Http.PostAsJsonAsync("/__simulator/journeys/ffffffffffffffff", new { action = "submit" });
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        using var badAction = await fixture.Sim.Control.Http.PostAsJsonAsync($"/__simulator/journeys/{signatureId}", new { action = "dance" });
        badAction.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Scenarios_ListPassAndEveryFailCodeOfTheSeed()
    {
        var names = (await fixture.Sim.Control.GetScenariosAsync()).GetProperty("items").EnumerateArray().Select(s => s.GetProperty("name").GetString()).ToList();
        names.Should().Contain(["PASS", "ID_FORGERY_DETECTED", "NO_SUPPORTED_CARD", "CARD_TYPE_MISMATCH", "CARD_LOW_QUALITY_IMAGE", "INCOMPLETED_CARD",
            "CARD_INFO_MISMATCH", "TOO_MANY_CARDS", "CARD_NOT_FOUND", "OCR_NO_RESULT", "PARAMETER_ERROR", "ERROR", "NO_SUPPORTED_CARD_CUSTOMIZED",
            "NO_FACE_DETECTED", "OCR_FIELD_INVALID", "NATIONALITY_COMPLIANCE_FAILED"]);
    }

    [Fact]
    public async Task ForceOutcome_OnAWaitingJourney_ShapesTheSubmit()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync();
        await fixture.Sim.Control.ForceOutcomeAsync(signatureId, "OCR_NO_RESULT");
        await api.SubmitAsync(signatureId);
        await api.AdvanceAsync(5);
        (await api.ResultDataAsync(signatureId)).GetProperty("errorCode").GetString().Should().Be("OCR_NO_RESULT");
    }

    [Fact]
    public async Task LivenessJourney_Pass_HasNoDocDetailAndAFaceDetail()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync("generate-liveness-detection-url");
        await api.SubmitAsync(signatureId);
        await api.AdvanceAsync(5);
        var data = await api.ResultDataAsync(signatureId);
        data.GetProperty("docDetail").ValueKind.Should().Be(JsonValueKind.Null);
        data.GetProperty("faceDetail").GetProperty("faceLivenessScore").GetDouble().Should().BeGreaterThanOrEqualTo(50);
    }

    [Fact]
    public async Task DocumentJourney_HasNoFaceDetailKey()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync("generate-document-verification-url");
        (await api.ResultDataAsync(signatureId)).TryGetProperty("faceDetail", out _).Should().BeFalse();
    }

    [Fact]
    public async Task JourneyRead_AfterOpen_ShowsItOpenedAndPendingWithoutChangingTheResult()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync();
        await api.JourneyAsync(signatureId, new { action = "open" });
        var read = await fixture.Sim.Control.GetAsync($"journeys/{signatureId}");
        read.GetProperty("opened").GetBoolean().Should().BeTrue();
        read.GetProperty("stage").GetString().Should().Be("PENDING");
        read.GetProperty("tenant").GetString().Should().Be(api.AccessKey);
        (await api.ResultDataAsync(signatureId)).GetProperty("submissionCompleted").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Journey_DocumentApiTransaction_HasNoHostedJourney()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var data = (await api.CallAsync("api/document", new { bizId = "doc-1", region = "IDN", frontImageUrl = "https://merchant.example/ktp.jpg" })).GetProperty("data");
        var signatureId = data.GetProperty("signatureId").GetString()!;
        using var submit = await fixture.Sim.Control.Http.PostAsJsonAsync($"/__simulator/journeys/{signatureId}", new { action = "submit" });
        submit.StatusCode.Should().Be(HttpStatusCode.Conflict);
        using var page = await api.Http.GetAsync(new Uri("/h5/idvs/" + signatureId, UriKind.Relative));
        page.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
