using System.Net;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

/// <summary>Every documented status reached by processing (scenarios), drafts, and the reviews that keep a record consistent.</summary>
public sealed class ProcessingStatusTests : AnyCheckTest
{
    private const string Hook = ""","webhook_url":"https://client.example/hooks/anycheck" """;

    [Theory]
    [InlineData("KTP_SELFIE", "NEED_REVIEW", false, "NEED_REVIEW", null)]
    [InlineData("KTP_PEP", "NEED_REVIEW", false, "NEED_REVIEW", null)]
    [InlineData("KTP_SELFIE", "PARTIALLY_COMPLETED", false, "PARTIALLY_COMPLETED", null)]
    [InlineData("KTP_PEP", "PARTIALLY_COMPLETED", false, "PARTIALLY_COMPLETED", null)]
    [InlineData("KTP_SELFIE", "PARTIALLY_FAILED", false, "PARTIALLY_FAILED", "PARTIALLY_NOT_VERIFIED")]
    [InlineData("KTP_PEP", "PARTIALLY_FAILED", false, "PARTIALLY_FAILED", "PARTIALLY_NOT_VERIFIED")]
    [InlineData("KTP_SELFIE", "FRAUD_DETECTED", true, "FRAUD_DETECTED", null)]
    [InlineData("KTP_PEP", "FRAUD_DETECTED", true, "FRAUD_DETECTED", null)]
    public async Task CreateVerification_StatusScenario_GoesThroughInProgressToItsStatusWithWebhooks(string type, string scenario, bool fraud, string status, string? outputStatus)
    {
        var id = (await Api.CreateVerificationAsync(type, scenario, extra: Hook, fraud: fraud)).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1));
        (await Api.GetVerificationAsync(id)).GetProperty("status").GetString().Should().Be("IN_PROGRESS");
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(2));

        var done = await Api.GetVerificationAsync(id);
        done.GetProperty("status").GetString().Should().Be(status);
        done.GetProperty("end_date").GetString().Should().Be("2025-11-03T08:00:03Z");
        if (outputStatus is null)
        {
            done.GetProperty("output_status").ValueKind.Should().Be(JsonValueKind.Null);
        }
        else
        {
            done.GetProperty("output_status").GetString().Should().Be(outputStatus);
        }
        Sim.Webhooks.Received.Select(w => JsonDocument.Parse(w.Body).RootElement.GetProperty("status").GetString()).Should().Equal("IN_PROGRESS", status);
    }

    [Fact]
    public async Task CreateVerification_PartialKtpSelfie_KeepsTheFaceMatchKeysAsNull()
    {
        var id = (await Api.CreateVerificationAsync("KTP_SELFIE", "PARTIALLY_COMPLETED")).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var output = (await Api.GetVerificationAsync(id)).GetProperty("output");
        output.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("face_match_confidence_level", "face_match_confidence_score", "is_match_face");
        output.EnumerateObject().Should().AllSatisfy(p => p.Value.ValueKind.Should().Be(JsonValueKind.Null));
    }

    [Fact]
    public async Task CreateVerification_PartialKtpPep_ReadsTheIdentityButNotThePepScreening()
    {
        var id = (await Api.CreateVerificationAsync("KTP_PEP", "PARTIALLY_FAILED")).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var output = (await Api.GetVerificationAsync(id)).GetProperty("output");
        output.GetProperty("nik").GetString().Should().MatchRegex("^[0-9]{16}$");
        output.GetProperty("is_pep").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task CreateVerification_NeedReview_HasExtractedDataAndNoVerdict()
    {
        var id = (await Api.CreateVerificationAsync("KTP_SELFIE", "NEED_REVIEW")).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var done = await Api.GetVerificationAsync(id);
        done.GetProperty("output").GetProperty("face_match_confidence_level").GetString().Should().Be("MEDIUM");
        done.GetProperty("output").GetProperty("face_match_confidence_score").GetDouble().Should().BeInRange(5.0, 7.9);
        done.GetProperty("output_status").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task CreateVerification_FraudDetected_HasNoOutputAndAFraudJob()
    {
        var id = (await Api.CreateVerificationAsync("KTP_SELFIE", "FRAUD_DETECTED", fraud: true)).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var done = await Api.GetVerificationAsync(id);
        done.GetProperty("output").EnumerateObject().Should().BeEmpty();
        done.GetProperty("external_job_id").GetProperty("fraud_job_id").GetArrayLength().Should().Be(1);
        done.GetProperty("input_config").GetProperty("fraud_detection").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task CreateVerification_FraudDetectedWithoutFraudDetection_Returns400NamingTheFlag()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/verifications") { Content = AnyCheckApi.JsonBody(await Api.VerificationRequestAsync()) };
        request.Headers.Add("X-Simulator-Scenario", "FRAUD_DETECTED");
        using var response = await Api.Http.SendAsync(request);
        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("configuration.fraud_detection");
    }

    [Fact]
    public async Task CreateVerification_QueuedFraudDetected_EndsFraudDetected()
    {
        await Sim.Control.QueueOutcomeAsync("FRAUD_DETECTED");
        var id = (await Api.CreateVerificationAsync("KTP_PEP", fraud: true)).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        (await Api.GetVerificationAsync(id)).GetProperty("status").GetString().Should().Be("FRAUD_DETECTED");
    }

    [Fact]
    public async Task CreateVerification_MarkedKtpNeedReview_EndsNeedReview()
    {
        var id = (await Api.CreateVerificationAsync("KTP_PEP", ktp: AnyCheckApi.JpegWith("SIMULATOR:NEED_REVIEW"))).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        (await Api.GetVerificationAsync(id)).GetProperty("status").GetString().Should().Be("NEED_REVIEW");
    }

    [Fact]
    public async Task CreateVerification_Draft_StaysDraftUnchargedAndSilent()
    {
        var draft = await Api.CreateVerificationAsync(scenario: "DRAFT", extra: Hook);
        draft.GetProperty("status").GetString().Should().Be("DRAFT");
        draft.GetProperty("credit_used").GetInt32().Should().Be(0);
        var id = draft.GetProperty("id").GetString()!;

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(60));
        var later = await Api.GetVerificationAsync(id);
        later.GetProperty("status").GetString().Should().Be("DRAFT");
        later.GetProperty("start_date").ValueKind.Should().Be(JsonValueKind.Null);
        later.GetProperty("end_date").ValueKind.Should().Be(JsonValueKind.Null);
        later.GetProperty("output_file_url").ValueKind.Should().Be(JsonValueKind.Null);
        (await Sim.Control.GetAsync("balance")).GetProperty("credits").GetInt32().Should().Be(1000);
        Sim.Webhooks.Received.Should().BeEmpty();
    }

    [Fact]
    public async Task SubmitVerification_Draft_IsChargedAndProcessedFromNow()
    {
        var id = (await Api.CreateVerificationAsync(scenario: "DRAFT", extra: Hook)).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(10));

        using var request = new HttpRequestMessage(HttpMethod.Post, $"/verifications/{id}/submit");
        request.Headers.Add("X-Simulator-Scenario", "FACE_MATCH_LOW");
        using var response = await Api.Http.SendAsync(request);
        var submitted = await AnyCheckApi.ReadAsync(response, HttpStatusCode.OK);
        submitted.GetProperty("status").GetString().Should().Be("IN_QUEUE");
        submitted.GetProperty("credit_used").GetInt32().Should().Be(10);
        (await Sim.Control.GetAsync("balance")).GetProperty("credits").GetInt32().Should().Be(990);

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var done = await Api.GetVerificationAsync(id);
        done.GetProperty("status").GetString().Should().Be("COMPLETED");
        done.GetProperty("start_date").GetString().Should().Be("2025-11-03T08:00:11Z");
        done.GetProperty("output_status").GetString().Should().Be("NOT_VERIFIED");
        Sim.Webhooks.Received.Select(w => JsonDocument.Parse(w.Body).RootElement.GetProperty("status").GetString()).Should().Equal("IN_PROGRESS", "COMPLETED");

        using var again = await Api.Http.PostAsync(new Uri($"/verifications/{id}/submit", UriKind.Relative), null);
        await AnyCheckApi.ReadErrorAsync(again, HttpStatusCode.BadRequest, "INVALID_REQUEST");
    }

    [Fact]
    public async Task ReviewVerification_DraftConfiguration_IsValidatedAndStaysDraft()
    {
        var id = (await Api.CreateVerificationAsync(scenario: "DRAFT")).GetProperty("id").GetString()!;
        var ktp = (await Api.UploadAsync(AnyCheckApi.JpegWith("another card")))[0];
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(5));

        var configuration = """{"configuration":{"verification_type":"KTP_PEP","files":{"ktp_file":[""" + "\"" + ktp + "\"" + "]}}}";
        using var changed = await Api.Http.PutAsync(new Uri($"/verifications/{id}", UriKind.Relative), AnyCheckApi.JsonBody(configuration));
        var draft = await AnyCheckApi.ReadAsync(changed, HttpStatusCode.OK);
        draft.GetProperty("status").GetString().Should().Be("DRAFT");
        draft.GetProperty("input_config").GetProperty("verification_type").GetString().Should().Be("KTP_PEP");
        draft.GetProperty("total_files").GetInt32().Should().Be(1);
        draft.GetProperty("updated_at").GetString().Should().Be("2025-11-03T08:00:05Z");
        draft.GetProperty("start_date").ValueKind.Should().Be(JsonValueKind.Null);

        using var retry = await Api.Http.PostAsync(new Uri($"/verifications/{id}/retry?force=true", UriKind.Relative), null);
        await AnyCheckApi.ReadErrorAsync(retry, HttpStatusCode.BadRequest, "INVALID_REQUEST");

        using var status = await Api.Http.PutAsync(new Uri($"/verifications/{id}", UriKind.Relative), AnyCheckApi.JsonBody("""{"verification_status":"COMPLETED"}"""));
        await AnyCheckApi.ReadErrorAsync(status, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        using var cancelled = await Api.Http.PostAsync(new Uri($"/verifications/{id}/cancel", UriKind.Relative), null);
        (await AnyCheckApi.ReadAsync(cancelled, HttpStatusCode.OK)).GetProperty("status").GetString().Should().Be("CANCELLED");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task CreateVerification_DraftWithoutFiles_IsSavedAndCompletedLater(bool byHeader)
    {
        var folder = await Api.CreateFolderAsync();
        var body = "{\"service_id\":\"" + AnyCheckApi.KtpServiceId + "\",\"folder_id\":\"" + folder + "\",\"configuration\":{\"verification_type\":\"KTP_SELFIE\"}}";
        if (!byHeader)
        {
            await Sim.Control.QueueOutcomeAsync("DRAFT");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/verifications") { Content = AnyCheckApi.JsonBody(body) };
        if (byHeader)
        {
            request.Headers.Add("X-Simulator-Scenario", "DRAFT");
        }
        using var created = await Api.Http.SendAsync(request);
        var draft = await AnyCheckApi.ReadAsync(created, HttpStatusCode.Created);
        draft.GetProperty("status").GetString().Should().Be("DRAFT");
        draft.GetProperty("total_files").GetInt32().Should().Be(0);
        draft.GetProperty("input_file_url").EnumerateObject().Should().BeEmpty();
        var id = draft.GetProperty("id").GetString()!;

        using var incomplete = await Api.Http.PostAsync(new Uri($"/verifications/{id}/submit", UriKind.Relative), null);
        var error = await AnyCheckApi.ReadErrorAsync(incomplete, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("configuration.files");

        var paths = await Api.UploadAsync(AnyCheckApi.JpegWith("draft ktp"), AnyCheckApi.JpegWith("draft selfie"));
        var configuration = "{\"configuration\":{\"verification_type\":\"KTP_SELFIE\",\"files\":{\"ktp_file\":[\"" + paths[0] + "\"],\"selfie_file\":[\"" + paths[1] + "\"]}}}";
        using var completed = await Api.Http.PutAsync(new Uri($"/verifications/{id}", UriKind.Relative), AnyCheckApi.JsonBody(configuration));
        (await AnyCheckApi.ReadAsync(completed, HttpStatusCode.OK)).GetProperty("total_files").GetInt32().Should().Be(2);
        using var submitted = await Api.Http.PostAsync(new Uri($"/verifications/{id}/submit", UriKind.Relative), null);
        (await AnyCheckApi.ReadAsync(submitted, HttpStatusCode.OK)).GetProperty("status").GetString().Should().Be("IN_QUEUE");
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        (await Api.GetVerificationAsync(id)).GetProperty("output_status").GetString().Should().Be("VERIFIED");
    }

    [Fact]
    public async Task CreateVerification_DraftNamingAnUnknownUpload_Returns400()
    {
        var folder = await Api.CreateFolderAsync();
        var body = "{\"service_id\":\"" + AnyCheckApi.KtpServiceId + "\",\"folder_id\":\"" + folder + "\",\"configuration\":{\"verification_type\":\"KTP_PEP\",\"files\":{\"ktp_file\":[\"uploads/nothing.jpg\"]}}}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/verifications") { Content = AnyCheckApi.JsonBody(body) };
        request.Headers.Add("X-Simulator-Scenario", "DRAFT");
        using var response = await Api.Http.SendAsync(request);
        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("configuration.files.ktp_file[0]");
    }

    [Fact]
    public async Task SubmitVerification_NotADraft_Returns400()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        using var response = await Api.Http.PostAsync(new Uri($"/verifications/{id}/submit", UriKind.Relative), null);
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
    }

    [Theory]
    [InlineData("REQUEST_TIMEOUT", HttpStatusCode.RequestTimeout)]
    [InlineData("INTERNAL_SERVER_ERROR", HttpStatusCode.InternalServerError)]
    [InlineData("RATE_LIMITED", HttpStatusCode.TooManyRequests)]
    public async Task CreateVerification_ErrorScenario_AnswersItsCodeWithRateLimitHeadersAndChargesNothing(string scenario, HttpStatusCode status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/verifications") { Content = AnyCheckApi.JsonBody(await Api.VerificationRequestAsync()) };
        request.Headers.Add("X-Simulator-Scenario", scenario);
        using var response = await Api.Http.SendAsync(request);
        await AnyCheckApi.ReadErrorAsync(response, status, scenario);
        response.Headers.GetValues("X-RateLimit-Limit").Single().Should().Be("1000");
        response.Headers.Contains("X-RateLimit-Reset").Should().BeTrue();
        if (status == HttpStatusCode.TooManyRequests)
        {
            response.Headers.GetValues("X-RateLimit-Remaining").Single().Should().Be("0");
            int.Parse(response.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture).Should().BeInRange(1, 60);
        }
        (await Sim.Control.GetAsync("balance")).GetProperty("credits").GetInt32().Should().Be(1000);
    }

    [Theory]
    [InlineData(408, HttpStatusCode.RequestTimeout, "REQUEST_TIMEOUT")]
    [InlineData(500, HttpStatusCode.InternalServerError, "INTERNAL_SERVER_ERROR")]
    [InlineData(429, HttpStatusCode.TooManyRequests, "RATE_LIMITED")]
    public async Task GetVerification_FaultRule_AnswersItsCodeWithRateLimitHeaders(int fault, HttpStatusCode status, string code)
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.PostAsync("faults", new { method = "GET", path = "/verifications/*", status = fault, count = 1 });
        using var response = await Api.Http.GetAsync(new Uri($"/verifications/{id}", UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(response, status, code);
        response.Headers.Contains("X-RateLimit-Limit").Should().BeTrue();
        response.Headers.Contains("X-RateLimit-Remaining").Should().BeTrue();
        response.Headers.Contains("X-RateLimit-Reset").Should().BeTrue();
        response.Headers.Contains("Retry-After").Should().Be(fault == 429);
        (await Api.GetVerificationAsync(id)).GetProperty("status").GetString().Should().Be("IN_QUEUE", "the rule fired once");
    }

    [Fact]
    public async Task TenantFaultRule_AfterAuthentication_CountsInTheTenantsWindow()
    {
        await Sim.Control.PostAsync("faults", new { path = "/services", status = 500, count = 1, tenant = "ak_test_sandbox" });
        using var failed = await Api.Http.GetAsync(new Uri("/services", UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(failed, HttpStatusCode.InternalServerError, "INTERNAL_SERVER_ERROR");
        failed.Headers.GetValues("X-RateLimit-Remaining").Single().Should().Be("999");
        using var next = await Api.Http.GetAsync(new Uri("/services", UriKind.Relative));
        next.Headers.GetValues("X-RateLimit-Remaining").Single().Should().Be("998");
    }

    [Theory]
    [InlineData("X-API-Key", "live_key_nobody_issued", "INVALID_API_KEY")]
    [InlineData("X-API-Key", "ak_expired_key", "API_KEY_EXPIRED")]
    [InlineData("Authorization", "Bearer not-a.jwt", "INVALID_TOKEN")]
    public async Task AnyEndpoint_RejectedCredential_401CarriesRateLimitHeaders(string header, string value, string code)
    {
        using var client = Sim.CreateClient((header, value));
        using var first = await client.GetAsync(new Uri("/services", UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(first, HttpStatusCode.Unauthorized, code);
        first.Headers.GetValues("X-RateLimit-Limit").Single().Should().Be("1000");
        var remaining = int.Parse(first.Headers.GetValues("X-RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture);
        using var second = await client.GetAsync(new Uri("/services", UriKind.Relative));
        int.Parse(second.Headers.GetValues("X-RateLimit-Remaining").Single(), System.Globalization.CultureInfo.InvariantCulture).Should().Be(remaining - 1);
    }

    [Fact]
    public async Task AnyEndpoint_NoCredential_401HasNoRateLimitHeaders()
    {
        using var response = await Sim.Client.GetAsync(new Uri("/services", UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Unauthorized, "UNAUTHORIZED");
        response.Headers.Contains("X-RateLimit-Limit").Should().BeFalse();
    }

    [Theory]
    [InlineData("GET", "/verifications/not-a-uuid", HttpStatusCode.BadRequest)]
    [InlineData("GET", "/verifications/7b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311", HttpStatusCode.NotFound)]
    [InlineData("GET", "/no/such/endpoint", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/verifications/7b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311", HttpStatusCode.MethodNotAllowed)]
    public async Task AuthenticatedCall_ErrorAnswer_CarriesRateLimitHeaders(string method, string path, HttpStatusCode status)
    {
        using var response = await Api.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative)));
        response.StatusCode.Should().Be(status);
        response.Headers.GetValues("X-RateLimit-Limit").Single().Should().Be("1000");
        response.Headers.Contains("X-RateLimit-Remaining").Should().BeTrue();
        response.Headers.Contains("X-RateLimit-Reset").Should().BeTrue();
    }

    [Fact]
    public async Task ForeignFolder_UsedByAnotherGroup_Returns403Forbidden()
    {
        var foreign = await Sim.Control.PostAsync("foreign-folders", new { group = "Risk Team" });
        var folderId = foreign.GetProperty("folderId").GetString()!;
        var groupId = foreign.GetProperty("groupId").GetString()!;

        using var folder = await Api.Http.GetAsync(new Uri($"/folders/{folderId}", UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(folder, HttpStatusCode.Forbidden, "FORBIDDEN");
        using var list = await Api.Http.GetAsync(new Uri($"/groups/{groupId}/folders", UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(list, HttpStatusCode.Forbidden, "FORBIDDEN");

        var body = JsonDocument.Parse(await Api.VerificationRequestAsync()).RootElement;
        var json = body.GetRawText().Replace(body.GetProperty("folder_id").GetString()!, folderId, StringComparison.Ordinal);
        using var create = await Api.Http.PostAsync(new Uri("/verifications", UriKind.Relative), AnyCheckApi.JsonBody(json));
        await AnyCheckApi.ReadErrorAsync(create, HttpStatusCode.Forbidden, "FORBIDDEN");
        (await Sim.Control.GetAsync("balance")).GetProperty("credits").GetInt32().Should().Be(1000);
    }

    [Fact]
    public async Task ForeignFolder_OfAnotherTenant_IsStillNotFoundHere()
    {
        var foreign = await Sim.Control.PostAsync("foreign-folders", new { tenant = "someone-else" });
        using var folder = await Api.Http.GetAsync(new Uri($"/folders/{foreign.GetProperty("folderId").GetString()}", UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(folder, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task ReviewVerification_StatusChanges_OutputStatusFollows()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));

        (await ReviewAsync(id, """{"verification_status":"NEED_REVIEW"}""")).GetProperty("output_status").ValueKind.Should().Be(JsonValueKind.Null);
        var rejected = await ReviewAsync(id, """{"verification_status":"COMPLETED","output":{"face_match_confidence_level":"LOW","face_match_confidence_score":1.2,"is_match_face":false}}""");
        rejected.GetProperty("output_status").GetString().Should().Be("NOT_VERIFIED");
        (await ReviewAsync(id, """{"output":{"face_match_confidence_level":"HIGH","face_match_confidence_score":9.1,"is_match_face":true}}"""))
            .GetProperty("output_status").GetString().Should().Be("VERIFIED");
        (await ReviewAsync(id, """{"verification_status":"PARTIALLY_FAILED"}""")).GetProperty("output_status").GetString().Should().Be("PARTIALLY_NOT_VERIFIED");
        (await ReviewAsync(id, """{"verification_status":"FAILED"}""")).GetProperty("output_status").ValueKind.Should().Be(JsonValueKind.Null);
        (await Api.GetVerificationAsync(id)).GetProperty("output_status").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task ReviewVerification_NewConfiguration_ResolvesItsFilesLikeACreate()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var ktp = (await Api.UploadAsync(AnyCheckApi.JpegWith("the reviewed card")))[0];

        var reviewed = await ReviewAsync(id, """{"configuration":{"verification_type":"KTP_PEP","fraud_detection":true,"files":{"ktp_file":[""" + "\"" + ktp + "\"" + "]}}}");
        reviewed.GetProperty("input_config").GetProperty("verification_type").GetString().Should().Be("KTP_PEP");
        reviewed.GetProperty("input_file_url").EnumerateObject().Select(p => p.Name).Should().Equal("ktp_file");
        reviewed.GetProperty("input_file_url").GetProperty("ktp_file")[0].GetString().Should().StartWith("http://localhost/files/");
        reviewed.GetProperty("total_files").GetInt32().Should().Be(1);
        reviewed.GetProperty("external_job_id").GetProperty("fraud_job_id").GetArrayLength().Should().Be(1);
        // The face-match output has no KTP_PEP verdict.
        reviewed.GetProperty("output_status").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("""{"configuration":{"verification_type":"KTP_SELFIE","reviewed":true}}""", "configuration.files")]
    [InlineData("""{"configuration":{"verification_type":"KTP_PEP","files":{"ktp_file":["uploads/nothing.jpg"]}}}""", "configuration.files.ktp_file[0]")]
    [InlineData("""{"configuration":{"verification_type":"KTP_PEP","fraud_detection":"yes","files":{}}}""", "configuration.fraud_detection")]
    public async Task ReviewVerification_InvalidConfiguration_Returns400NamingTheFieldAndChangesNothing(string json, string field)
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var before = await Api.GetVerificationAsync(id);
        using var response = await Api.Http.PutAsync(new Uri($"/verifications/{id}", UriKind.Relative), AnyCheckApi.JsonBody(json));
        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be(field);
        (await Api.GetVerificationAsync(id)).GetRawText().Should().Be(before.GetRawText());
    }

    [Fact]
    public async Task ReviewVerification_InvalidVerificationType_Returns400InvalidValue()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        using var response = await Api.Http.PutAsync(new Uri($"/verifications/{id}", UriKind.Relative), AnyCheckApi.JsonBody("""{"configuration":{"verification_type":"PASSPORT","files":{}}}"""));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_VALUE");
    }

    private async Task<JsonElement> ReviewAsync(string id, string json)
    {
        using var response = await Api.Http.PutAsync(new Uri($"/verifications/{id}", UriKind.Relative), AnyCheckApi.JsonBody(json));
        return await AnyCheckApi.ReadAsync(response, HttpStatusCode.OK);
    }
}
