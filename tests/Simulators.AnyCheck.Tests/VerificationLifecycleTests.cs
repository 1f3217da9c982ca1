using System.Net;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

public sealed class VerificationLifecycleTests : AnyCheckTest
{
    [Fact]
    public async Task CreateVerification_KtpSelfie_ReturnsQueuedWithEmptyOutput()
    {
        var created = await Api.CreateVerificationAsync();
        created.GetProperty("status").GetString().Should().Be("IN_QUEUE");
        created.GetProperty("output").EnumerateObject().Should().BeEmpty();
        created.GetProperty("output_status").ValueKind.Should().Be(JsonValueKind.Null);
        created.GetProperty("start_date").ValueKind.Should().Be(JsonValueKind.Null);
        created.GetProperty("api_key").GetString().Should().Be("ak_test_****box");
        created.GetProperty("user_id").ValueKind.Should().Be(JsonValueKind.Null);
        created.GetProperty("credit_used").GetInt32().Should().Be(10);
        created.GetProperty("total_files").GetInt32().Should().Be(2);
        created.GetProperty("service").GetProperty("name").GetString().Should().Be("KTP & PEP");
        created.GetProperty("created_at").GetString().Should().Be("2025-11-03T08:00:00Z");
        created.GetProperty("input_file_url").GetProperty("ktp_file")[0].GetString().Should().StartWith("http://localhost/files/");
    }

    [Fact]
    public async Task GetVerification_ClockAdvanced_FollowsQueuedInProgressCompleted()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(0.999));
        (await Api.GetVerificationAsync(id)).GetProperty("status").GetString().Should().Be("IN_QUEUE");

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(0.001));
        var running = await Api.GetVerificationAsync(id);
        running.GetProperty("status").GetString().Should().Be("IN_PROGRESS");
        running.GetProperty("start_date").GetString().Should().Be("2025-11-03T08:00:01Z");
        running.GetProperty("end_date").ValueKind.Should().Be(JsonValueKind.Null);
        running.GetProperty("external_job_id").GetProperty("ocr_job_id").GetArrayLength().Should().Be(1);

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(2));
        var done = await Api.GetVerificationAsync(id);
        done.GetProperty("status").GetString().Should().Be("COMPLETED");
        done.GetProperty("end_date").GetString().Should().Be("2025-11-03T08:00:03Z");
        done.GetProperty("execution_time").GetDouble().Should().BeInRange(1.001, 2.999);
        done.GetProperty("updated_at").GetString().Should().Be("2025-11-03T08:00:03Z");
        done.GetProperty("output_status").GetString().Should().Be("VERIFIED");
        done.GetProperty("output").GetProperty("face_match_confidence_level").GetString().Should().Be("HIGH");
        done.GetProperty("output").GetProperty("is_match_face").GetBoolean().Should().BeTrue();
        done.GetProperty("output_file_url").GetString().Should().StartWith("http://localhost/files/");
    }

    [Theory]
    [InlineData("KTP_SELFIE", "FACE_MATCH_HIGH", "COMPLETED", "VERIFIED")]
    [InlineData("KTP_SELFIE", "FACE_MATCH_MEDIUM", "COMPLETED", "VERIFIED")]
    [InlineData("KTP_SELFIE", "FACE_MATCH_LOW", "COMPLETED", "NOT_VERIFIED")]
    [InlineData("KTP_SELFIE", "KTP_UNREADABLE", "FAILED", null)]
    [InlineData("KTP_PEP", "PEP_CLEAR", "COMPLETED", "VERIFIED")]
    [InlineData("KTP_PEP", "PEP_HIT", "COMPLETED", "NOT_VERIFIED")]
    [InlineData("KTP_PEP", "KTP_UNREADABLE", "FAILED", null)]
    public async Task CreateVerification_ScenarioHeader_EndsAsScenarioSays(string type, string scenario, string status, string? outputStatus)
    {
        var id = (await Api.CreateVerificationAsync(type, scenario)).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var done = await Api.GetVerificationAsync(id);
        done.GetProperty("status").GetString().Should().Be(status);
        done.GetProperty("output_status").ValueKind.Should().Be(outputStatus is null ? JsonValueKind.Null : JsonValueKind.String);
        if (outputStatus is not null)
        {
            done.GetProperty("output_status").GetString().Should().Be(outputStatus);
        }
    }

    [Theory]
    [InlineData("FACE_MATCH_HIGH", "HIGH", 8.0, 9.9, true)]
    [InlineData("FACE_MATCH_MEDIUM", "MEDIUM", 5.0, 7.9, true)]
    [InlineData("FACE_MATCH_LOW", "LOW", 0.5, 2.9, false)]
    public async Task CreateVerification_FaceMatchScenario_ScoresInItsBand(string scenario, string level, double min, double max, bool match)
    {
        var id = (await Api.CreateVerificationAsync("KTP_SELFIE", scenario)).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var output = (await Api.GetVerificationAsync(id)).GetProperty("output");
        output.GetProperty("face_match_confidence_level").GetString().Should().Be(level);
        output.GetProperty("face_match_confidence_score").GetDouble().Should().BeInRange(min, max);
        output.GetProperty("is_match_face").GetBoolean().Should().Be(match);
    }

    [Fact]
    public async Task CreateVerification_PepHit_ReturnsPersonaWithValidNik()
    {
        var id = (await Api.CreateVerificationAsync("KTP_PEP", "PEP_HIT")).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var output = (await Api.GetVerificationAsync(id)).GetProperty("output");
        output.GetProperty("is_pep").GetBoolean().Should().BeTrue();
        output.GetProperty("nik").GetString().Should().MatchRegex("^[0-9]{16}$");
        output.GetProperty("name").GetString().Should().NotBeNullOrWhiteSpace();
        output.GetProperty("birth_date").GetString().Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}$");
    }

    [Fact]
    public async Task CreateVerification_SameKtpBytes_GiveSamePersona()
    {
        var ktp = AnyCheckApi.JpegWith("the same card");
        var first = (await Api.CreateVerificationAsync("KTP_PEP", ktp: ktp)).GetProperty("id").GetString()!;
        var second = (await Api.CreateVerificationAsync("KTP_PEP", ktp: ktp)).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var a = (await Api.GetVerificationAsync(first)).GetProperty("output");
        var b = (await Api.GetVerificationAsync(second)).GetProperty("output");
        a.GetProperty("nik").GetString().Should().Be(b.GetProperty("nik").GetString());
        a.GetProperty("name").GetString().Should().Be(b.GetProperty("name").GetString());
    }

    [Fact]
    public async Task CreateVerification_SlowProcessing_TakesThirtyThenOneHundredTwentySeconds()
    {
        var id = (await Api.CreateVerificationAsync("KTP_SELFIE", "SLOW_PROCESSING")).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(29));
        (await Api.GetVerificationAsync(id)).GetProperty("status").GetString().Should().Be("IN_QUEUE");
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1));
        (await Api.GetVerificationAsync(id)).GetProperty("status").GetString().Should().Be("IN_PROGRESS");
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(90));
        var done = await Api.GetVerificationAsync(id);
        done.GetProperty("status").GetString().Should().Be("COMPLETED");
        done.GetProperty("execution_time").GetDouble().Should().BeInRange(89.001, 90.999);
    }

    [Fact]
    public async Task CreateVerification_MarkerInKtpImage_SelectsScenario()
    {
        var id = (await Api.CreateVerificationAsync(ktp: AnyCheckApi.JpegWith("exif SIMULATOR:FACE_MATCH_LOW more"))).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        (await Api.GetVerificationAsync(id)).GetProperty("output_status").GetString().Should().Be("NOT_VERIFIED");
    }

    public static TheoryData<string, string> AnyCheckFixtures { get; } = CataloguedFixtures();

    [Theory]
    [MemberData(nameof(AnyCheckFixtures))]
    public async Task CreateVerification_CataloguedFixtureImage_ProducesItsScenario(string image, string scenario)
    {
        var bytes = Fixtures.Image(image);
        var isKtp = image.StartsWith("ktp", StringComparison.Ordinal);
        var id = (await Api.CreateVerificationAsync(ktp: isKtp ? bytes : null, selfie: isKtp ? null : bytes)).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var done = await Api.GetVerificationAsync(id);
        switch (scenario)
        {
            case "KTP_UNREADABLE":
                done.GetProperty("status").GetString().Should().Be("FAILED");
                break;
            default:
                done.GetProperty("output").GetProperty("face_match_confidence_level").GetString().Should().Be(scenario["FACE_MATCH_".Length..]);
                break;
        }
    }

    private static TheoryData<string, string> CataloguedFixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var image in Fixtures.All.Where(i => i.Scenarios.ContainsKey("anycheck")))
        {
            data.Add(image.Name, image.Scenarios["anycheck"]);
        }
        return data;
    }

    [Fact]
    public async Task CreateVerification_QueuedOutcome_AppliesToNextFittingJobOnly()
    {
        await Sim.Control.QueueOutcomeAsync("PEP_HIT", "sandbox");
        var selfie = (await Api.CreateVerificationAsync("KTP_SELFIE")).GetProperty("id").GetString()!;
        var pep = (await Api.CreateVerificationAsync("KTP_PEP")).GetProperty("id").GetString()!;
        var nextPep = (await Api.CreateVerificationAsync("KTP_PEP")).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        (await Api.GetVerificationAsync(selfie)).GetProperty("output_status").GetString().Should().Be("VERIFIED");
        (await Api.GetVerificationAsync(pep)).GetProperty("output_status").GetString().Should().Be("NOT_VERIFIED");
        (await Api.GetVerificationAsync(nextPep)).GetProperty("output_status").GetString().Should().Be("VERIFIED");
    }

    [Fact]
    public async Task CreateVerification_HeaderBeatsMarker()
    {
        var id = (await Api.CreateVerificationAsync("KTP_SELFIE", "FACE_MATCH_HIGH", AnyCheckApi.JpegWith("SIMULATOR:FACE_MATCH_LOW"))).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        (await Api.GetVerificationAsync(id)).GetProperty("output").GetProperty("face_match_confidence_level").GetString().Should().Be("HIGH");
    }

    [Theory]
    [InlineData("NO_SUCH_SCENARIO")]
    [InlineData("PEP_HIT")]
    public async Task CreateVerification_UnusableScenarioHeader_Returns400InvalidRequest(string scenario)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/verifications") { Content = AnyCheckApi.JsonBody(await Api.VerificationRequestAsync("KTP_SELFIE")) };
        request.Headers.Add("X-Simulator-Scenario", scenario);
        using var response = await Api.Http.SendAsync(request);
        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("message").GetString().Should().Contain(scenario);
    }

    [Theory]
    [InlineData("INSUFFICIENT_BALANCE")]
    [InlineData("QUOTA_EXCEEDED")]
    public async Task CreateVerification_RefusalScenario_Returns403AndChargesNothing(string scenario)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/verifications") { Content = AnyCheckApi.JsonBody(await Api.VerificationRequestAsync()) };
        request.Headers.Add("X-Simulator-Scenario", scenario);
        using var response = await Api.Http.SendAsync(request);
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Forbidden, scenario);
        (await Sim.Control.GetAsync("balance")).GetProperty("credits").GetInt32().Should().Be(1000);
    }

    [Fact]
    public async Task CreateVerification_BalanceRunsOut_Returns403InsufficientBalance()
    {
        await Sim.Control.PostAsync("balance", new { credits = 25 });
        await Api.CreateVerificationAsync();
        await Api.CreateVerificationAsync();
        using var response = await Api.Http.PostAsync(new Uri("/verifications", UriKind.Relative), AnyCheckApi.JsonBody(await Api.VerificationRequestAsync()));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Forbidden, "INSUFFICIENT_BALANCE");
        (await Sim.Control.GetAsync("balance")).GetProperty("credits").GetInt32().Should().Be(5);
    }

    [Fact]
    public async Task ForceOutcome_RunningJob_EndsWithForcedScenario()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1));
        await Sim.Control.ForceOutcomeAsync(id, "KTP_UNREADABLE");
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(2));
        (await Api.GetVerificationAsync(id)).GetProperty("status").GetString().Should().Be("FAILED");
    }

    [Fact]
    public async Task ForceOutcome_FinishedJob_RefinishesNow()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        await Sim.Control.ForceOutcomeAsync(id, "FACE_MATCH_LOW");
        var now = await Api.GetVerificationAsync(id);
        now.GetProperty("status").GetString().Should().Be("COMPLETED");
        now.GetProperty("output_status").GetString().Should().Be("NOT_VERIFIED");
    }

    [Fact]
    public async Task ForceOutcome_UnknownJob_Fails()
    {
        var act = () => Sim.Control.ForceOutcomeAsync(Guid.NewGuid().ToString(), "FACE_MATCH_LOW");
        await act.Should().ThrowAsync<HttpRequestException>().WithMessage("*404*");
    }

    [Fact]
    public async Task RetryVerification_Failed_RunsAgainAndFailsAgain()
    {
        var id = (await Api.CreateVerificationAsync(scenario: "KTP_UNREADABLE")).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));

        using var retry = await Api.Http.PostAsync(new Uri($"/verifications/{id}/retry", UriKind.Relative), null);
        var retried = await AnyCheckApi.ReadAsync(retry, HttpStatusCode.OK);
        retried.GetProperty("id").GetString().Should().Be(id);
        retried.GetProperty("status").GetString().Should().Be("IN_QUEUE");
        retried.GetProperty("end_date").ValueKind.Should().Be(JsonValueKind.Null);
        retried.GetProperty("execution_time").GetDouble().Should().Be(0);

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var again = await Api.GetVerificationAsync(id);
        again.GetProperty("status").GetString().Should().Be("FAILED");
        again.GetProperty("start_date").GetString().Should().Be("2025-11-03T08:00:04Z");
    }

    [Fact]
    public async Task RetryVerification_FailedWithScenarioHeader_Completes()
    {
        var id = (await Api.CreateVerificationAsync(scenario: "KTP_UNREADABLE")).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/verifications/{id}/retry");
        request.Headers.Add("X-Simulator-Scenario", "FACE_MATCH_MEDIUM");
        using var retry = await Api.Http.SendAsync(request);
        retry.StatusCode.Should().Be(HttpStatusCode.OK);
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        (await Api.GetVerificationAsync(id)).GetProperty("output").GetProperty("face_match_confidence_level").GetString().Should().Be("MEDIUM");
    }

    [Theory]
    [InlineData("", HttpStatusCode.BadRequest)]
    [InlineData("?force=false", HttpStatusCode.BadRequest)]
    [InlineData("?force=true", HttpStatusCode.OK)]
    public async Task RetryVerification_Completed_NeedsForce(string query, HttpStatusCode expected)
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        using var response = await Api.Http.PostAsync(new Uri($"/verifications/{id}/retry{query}", UriKind.Relative), null);
        var body = await AnyCheckApi.ReadAsync(response, expected);
        if (expected == HttpStatusCode.BadRequest)
        {
            body.GetProperty("error_code").GetString().Should().Be("INVALID_REQUEST");
        }
    }

    [Theory]
    [InlineData("?force=true%00")]
    [InlineData("?force=%20true")]
    [InlineData("?force=true%0A")]
    [InlineData("?force=yes")]
    public async Task RetryVerification_ForceNotExactlyABoolean_Returns400NamingForce(string query)
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        using var response = await Api.Http.PostAsync(new Uri($"/verifications/{id}/retry{query}", UriKind.Relative), null);
        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("force");
    }

    [Theory]
    [InlineData(@"https://client.example/hooks\n")]
    [InlineData(" https://client.example/hooks")]
    [InlineData("https://client.example/ho oks")]
    [InlineData(@"https://client.example/hooks\u0000")]
    public async Task CreateVerification_WebhookUrlWithWhitespaceOrControl_Returns400NamingIt(string url)
    {
        var json = await Api.VerificationRequestAsync(extra: $$""","webhook_url":"{{url}}" """);
        using var response = await Api.Http.PostAsync(new Uri("/verifications", UriKind.Relative), AnyCheckApi.JsonBody(json));
        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("webhook_url");
    }

    [Fact]
    public async Task RetryVerification_ForceInJsonBody_IsAccepted()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        using var response = await Api.Http.PostAsync(new Uri($"/verifications/{id}/retry", UriKind.Relative), AnyCheckApi.JsonBody("""{"force":true}"""));
        (await AnyCheckApi.ReadAsync(response, HttpStatusCode.OK)).GetProperty("status").GetString().Should().Be("IN_QUEUE");
    }

    [Fact]
    public async Task RetryVerification_StillRunning_Returns400()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        using var response = await Api.Http.PostAsync(new Uri($"/verifications/{id}/retry?force=true", UriKind.Relative), null);
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
    }

    [Fact]
    public async Task CancelVerification_Running_BecomesCancelledAndStays()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1));
        using var response = await Api.Http.PostAsync(new Uri($"/verifications/{id}/cancel", UriKind.Relative), null);
        (await AnyCheckApi.ReadAsync(response, HttpStatusCode.OK)).GetProperty("status").GetString().Should().Be("CANCELLED");
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(10));
        var after = await Api.GetVerificationAsync(id);
        after.GetProperty("status").GetString().Should().Be("CANCELLED");
        after.GetProperty("end_date").GetString().Should().Be("2025-11-03T08:00:01Z");
    }

    [Fact]
    public async Task CancelVerification_Completed_Returns400()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        using var response = await Api.Http.PostAsync(new Uri($"/verifications/{id}/cancel", UriKind.Relative), null);
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
    }

    [Fact]
    public async Task ReviewVerification_Completed_SetsStatusOutputAndConfiguration()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var paths = await Api.UploadAsync(AnyCheckApi.JpegWith("reviewed ktp"), AnyCheckApi.JpegWith("reviewed selfie"));
        using var response = await Api.Http.PutAsync(
            new Uri($"/verifications/{id}", UriKind.Relative),
            AnyCheckApi.JsonBody($$"""{"verification_status":"NEED_REVIEW","output":{"note":"checked by hand"},"configuration":{"verification_type":"KTP_SELFIE","reviewed":true,"files":{"ktp_file":["{{paths[0]}}"],"selfie_file":["{{paths[1]}}"]""" + "}}}"));
        var reviewed = await AnyCheckApi.ReadAsync(response, HttpStatusCode.OK);
        reviewed.GetProperty("status").GetString().Should().Be("NEED_REVIEW");
        reviewed.GetProperty("output").GetProperty("note").GetString().Should().Be("checked by hand");
        reviewed.GetProperty("input_config").GetProperty("reviewed").GetBoolean().Should().BeTrue();
        (await Api.GetVerificationAsync(id)).GetProperty("status").GetString().Should().Be("NEED_REVIEW");
    }

    [Theory]
    [InlineData("""{"verification_status":"DONE"}""", HttpStatusCode.BadRequest, "INVALID_VALUE")]
    [InlineData("""{"verification_status":"IN_PROGRESS"}""", HttpStatusCode.BadRequest, "INVALID_VALUE")]
    [InlineData("""{}""", HttpStatusCode.BadRequest, "INVALID_REQUEST")]
    [InlineData("""{"output":"text"}""", HttpStatusCode.BadRequest, "INVALID_REQUEST")]
    public async Task ReviewVerification_InvalidBody_ReturnsProviderError(string json, HttpStatusCode status, string code)
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        using var response = await Api.Http.PutAsync(new Uri($"/verifications/{id}", UriKind.Relative), AnyCheckApi.JsonBody(json));
        await AnyCheckApi.ReadErrorAsync(response, status, code);
    }

    [Fact]
    public async Task ReviewVerification_StillRunning_Returns400()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        using var response = await Api.Http.PutAsync(new Uri($"/verifications/{id}", UriKind.Relative), AnyCheckApi.JsonBody("""{"verification_status":"COMPLETED"}"""));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
    }

    [Fact]
    public async Task ListByResultId_MixedOutcomes_ReportsOverallStatus()
    {
        var resultId = Guid.NewGuid().ToString();
        var extra = $""","result_id":"{resultId}" """;
        await Api.CreateVerificationAsync(extra: extra);
        await Api.CreateVerificationAsync(scenario: "KTP_UNREADABLE", extra: extra);
        await Api.CreateVerificationAsync(); // another subject

        var running = await ListAsync($"?result_id={resultId}");
        running.GetProperty("total").GetInt32().Should().Be(2);
        running.GetProperty("overall_status").GetString().Should().Be("IN_PROGRESS");

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var done = await ListAsync($"?result_id={resultId}");
        done.GetProperty("overall_status").GetString().Should().Be("PARTIALLY_COMPLETED");
        done.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("result_id").GetString()).Should().AllBe(resultId);

        var page = await ListAsync($"?result_id={resultId}&page_size=1&page_offset=1");
        page.GetProperty("total").GetInt32().Should().Be(2);
        page.GetProperty("items").GetArrayLength().Should().Be(1);
        page.GetProperty("items")[0].GetProperty("status").GetString().Should().Be("FAILED");
    }

    [Fact]
    public async Task ListByResultId_TheGeneratedOneAndOthersSentWithIt_AllInCreationOrderAndOnlyTheTenants()
    {
        var first = await Api.CreateVerificationAsync();
        var resultId = first.GetProperty("result_id").GetString()!;
        resultId.Should().NotBe(first.GetProperty("id").GetString());
        var second = await Api.CreateVerificationAsync(scenario: "KTP_UNREADABLE", extra: $""","result_id":"{resultId}" """);
        await Api.CreateVerificationAsync(); // another result

        var list = await ListAsync($"?result_id={resultId}");
        list.GetProperty("total").GetInt32().Should().Be(2);
        list.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("id").GetString())
            .Should().Equal(first.GetProperty("id").GetString(), second.GetProperty("id").GetString());

        using var other = await new AnyCheckApi(Sim, "ak_test_other_group").Http.GetAsync(new Uri($"/verifications?result_id={resultId}", UriKind.Relative));
        (await AnyCheckApi.ReadAsync(other, HttpStatusCode.OK)).GetProperty("total").GetInt32().Should().Be(0);
    }

    [Fact]
    public async Task GeneratedIds_EveryCreate_DistinctVersion4Uuids()
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 20; i++)
        {
            var created = await Api.CreateVerificationAsync();
            await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
            var done = await Api.GetVerificationAsync(created.GetProperty("id").GetString()!);
            var output = done.GetProperty("output_file_url").GetString()!.Split('/')[^1];
            foreach (var id in new[] { done.GetProperty("id").GetString()!, done.GetProperty("result_id").GetString()!, output })
            {
                id.Should().MatchRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
                ids.Add(id).Should().BeTrue($"{id} is given once");
            }
        }
    }

    [Theory]
    [InlineData("", "INVALID_REQUEST")]
    [InlineData("?result_id=not-a-uuid", "INVALID_ID")]
    [InlineData("?result_id=c2f1d3e4-2d7a-4c1b-9e55-7d1f2a9c8e01&page_size=101", "INVALID_REQUEST")]
    [InlineData("?result_id=c2f1d3e4-2d7a-4c1b-9e55-7d1f2a9c8e01&page_offset=-1", "INVALID_REQUEST")]
    [InlineData("?result_id=c2f1d3e4-2d7a-4c1b-9e55-7d1f2a9c8e01&page_size=ten", "INVALID_REQUEST")]
    [InlineData("?result_id=c2f1d3e4-2d7a-4c1b-9e55-7d1f2a9c8e01&page_size=%205", "INVALID_REQUEST")]
    [InlineData("?result_id=c2f1d3e4-2d7a-4c1b-9e55-7d1f2a9c8e01&page_size=5%0A", "INVALID_REQUEST")]
    [InlineData("?result_id=c2f1d3e4-2d7a-4c1b-9e55-7d1f2a9c8e01&page_size=%2B5", "INVALID_REQUEST")]
    [InlineData("?result_id=c2f1d3e4-2d7a-4c1b-9e55-7d1f2a9c8e01&page_offset=%D9%A1", "INVALID_REQUEST")]
    [InlineData("?result_id=c2f1d3e4-2d7a-4c1b-9e55-7d1f2a9c8e01%0A", "INVALID_ID")]
    [InlineData("?result_id=%20c2f1d3e4-2d7a-4c1b-9e55-7d1f2a9c8e01", "INVALID_ID")]
    public async Task ListByResultId_BadQuery_Returns400(string query, string code)
    {
        using var response = await Api.Http.GetAsync(new Uri("/verifications" + query, UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task ListByResultId_Unknown_ReturnsEmptyList()
    {
        var list = await ListAsync($"?result_id={Guid.NewGuid()}");
        list.GetProperty("total").GetInt32().Should().Be(0);
        list.GetProperty("items").GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("GET", "/verifications/7b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("GET", "/verifications/not-a-uuid", HttpStatusCode.BadRequest, "INVALID_ID")]
    [InlineData("POST", "/verifications/7b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311/retry", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("POST", "/verifications/123/cancel", HttpStatusCode.BadRequest, "INVALID_ID")]
    [InlineData("GET", "/verifications/7b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311%0A", HttpStatusCode.BadRequest, "INVALID_ID")]
    [InlineData("GET", "/verifications/%207b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311", HttpStatusCode.BadRequest, "INVALID_ID")]
    [InlineData("GET", "/verifications/{7b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311}", HttpStatusCode.BadRequest, "INVALID_ID")]
    [InlineData("PUT", "/verifications/7b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("GET", "/no/such/endpoint", HttpStatusCode.NotFound, "NOT_FOUND")]
    [InlineData("DELETE", "/verifications/7b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311", HttpStatusCode.MethodNotAllowed, "INVALID_REQUEST")]
    public async Task UnknownOrMalformed_ReturnsProviderError(string method, string path, HttpStatusCode status, string code)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "PUT")
        {
            request.Content = AnyCheckApi.JsonBody("""{"verification_status":"COMPLETED"}""");
        }
        using var response = await Api.Http.SendAsync(request);
        await AnyCheckApi.ReadErrorAsync(response, status, code);
    }

    [Theory]
    [InlineData("{", "body")]
    [InlineData("""{"folder_id":"5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01","configuration":{}}""", "service_id")]
    [InlineData("""{"service_id":123,"folder_id":"5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01","configuration":{}}""", "service_id")]
    [InlineData("""{"service_id":"abc","folder_id":"5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01","configuration":{}}""", "service_id")]
    [InlineData("""{"service_id":"3fc8b757-57d3-4607-998c-9bfbc4efa6cf\n","folder_id":"5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01","configuration":{}}""", "service_id")]
    [InlineData("""{"service_id":" 3fc8b757-57d3-4607-998c-9bfbc4efa6cf","folder_id":"5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01","configuration":{}}""", "service_id")]
    [InlineData("""{"service_id":"3fc8b757-57d3-4607-998c-9bfbc4efa6cf","folder_id":"5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01\u0000","configuration":{}}""", "folder_id")]
    [InlineData("""{"service_id":"3fc8b757-57d3-4607-998c-9bfbc4efa6cf","configuration":{}}""", "folder_id")]
    [InlineData("""{"service_id":"3fc8b757-57d3-4607-998c-9bfbc4efa6cf","folder_id":"5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01"}""", "configuration")]
    [InlineData("""{"service_id":"3fc8b757-57d3-4607-998c-9bfbc4efa6cf","folder_id":"5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01","configuration":[]}""", "configuration")]
    [InlineData("""{"service_id":"3fc8b757-57d3-4607-998c-9bfbc4efa6cf","folder_id":"5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01","configuration":{"files":{}}}""", "configuration.verification_type")]
    [InlineData("""{"service_id":"3fc8b757-57d3-4607-998c-9bfbc4efa6cf","folder_id":"5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01","configuration":{"verification_type":"KTP_PEP"}}""", "configuration.files")]
    [InlineData("""{"service_id":"3fc8b757-57d3-4607-998c-9bfbc4efa6cf","folder_id":"5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01","configuration":{"verification_type":"KTP_PEP","files":{"ktp_file":[]}}}""", "configuration.files.ktp_file")]
    [InlineData("""{"service_id":"3fc8b757-57d3-4607-998c-9bfbc4efa6cf","folder_id":"5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01","configuration":{"verification_type":"KTP_PEP","files":{"ktp_file":["uploads/nothing.jpg"]}}}""", "configuration.files.ktp_file[0]")]
    [InlineData("""{"service_id":"3fc8b757-57d3-4607-998c-9bfbc4efa6cf","folder_id":"5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01","configuration":{"verification_type":"KTP_PEP","fraud_detection":"yes","files":{}}}""", "configuration.fraud_detection")]
    public async Task CreateVerification_InvalidBody_Returns400NamingTheField(string json, string field)
    {
        using var response = await Api.Http.PostAsync(new Uri("/verifications", UriKind.Relative), AnyCheckApi.JsonBody(json));
        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()).Should().Contain(field);
    }

    [Fact]
    public async Task CreateVerification_UnknownVerificationType_Returns400InvalidValue()
    {
        var json = (await Api.VerificationRequestAsync("KTP_PEP")).Replace("\"KTP_PEP\"", "\"PASSPORT\"", StringComparison.Ordinal);
        using var response = await Api.Http.PostAsync(new Uri("/verifications", UriKind.Relative), AnyCheckApi.JsonBody(json));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_VALUE");
    }

    [Fact]
    public async Task CreateVerification_SelfieMissingForKtpSelfie_Returns400()
    {
        var json = await Api.VerificationRequestAsync("KTP_PEP");
        json = json.Replace("\"KTP_PEP\"", "\"KTP_SELFIE\"", StringComparison.Ordinal);
        using var response = await Api.Http.PostAsync(new Uri("/verifications", UriKind.Relative), AnyCheckApi.JsonBody(json));
        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("configuration.files.selfie_file");
    }

    [Theory]
    [InlineData("service_id", "0b6f3c1e-2d7a-4c1b-9e55-7d1f2a9c8e01")]
    [InlineData("folder_id", "0b6f3c1e-2d7a-4c1b-9e55-7d1f2a9c8e01")]
    public async Task CreateVerification_UnknownServiceOrFolder_Returns404(string field, string value)
    {
        using var doc = JsonDocument.Parse(await Api.VerificationRequestAsync());
        var body = doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        body[field] = value;
        using var response = await Api.Http.PostAsync(new Uri("/verifications", UriKind.Relative), AnyCheckApi.JsonBody(JsonSerializer.Serialize(body)));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task CreateVerification_InvalidWebhookUrl_Returns400()
    {
        var json = await Api.VerificationRequestAsync(extra: ""","webhook_url":"not a url" """);
        using var response = await Api.Http.PostAsync(new Uri("/verifications", UriKind.Relative), AnyCheckApi.JsonBody(json));
        var error = await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        error.GetProperty("errors")[0].GetProperty("field").GetString().Should().Be("webhook_url");
    }

    [Fact]
    public async Task Tenants_DifferentApiKeys_SeeOnlyTheirOwnVerifications()
    {
        var mine = new AnyCheckApi(Sim, "ak_test_suite_a");
        var theirs = new AnyCheckApi(Sim, "ak_test_suite_b");
        var id = (await mine.CreateVerificationAsync()).GetProperty("id").GetString()!;

        using var response = await theirs.Http.GetAsync(new Uri($"/verifications/{id}", UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
        (await mine.GetVerificationAsync(id)).GetProperty("id").GetString().Should().Be(id);
    }

    [Fact]
    public async Task Tenants_AdvanceOneTenantsClock_LeavesOthersAlone()
    {
        var mine = new AnyCheckApi(Sim, "ak_test_suite_a");
        var theirs = new AnyCheckApi(Sim, "ak_test_suite_b");
        var a = (await mine.CreateVerificationAsync()).GetProperty("id").GetString()!;
        var b = (await theirs.CreateVerificationAsync()).GetProperty("id").GetString()!;

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3), "ak_test_suite_a");
        (await mine.GetVerificationAsync(a)).GetProperty("status").GetString().Should().Be("COMPLETED");
        (await theirs.GetVerificationAsync(b)).GetProperty("status").GetString().Should().Be("IN_QUEUE");
    }

    [Fact]
    public async Task Reset_OneTenant_DropsOnlyItsState()
    {
        var mine = new AnyCheckApi(Sim, "ak_test_suite_a");
        var id = (await mine.CreateVerificationAsync()).GetProperty("id").GetString()!;
        var other = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;

        await Sim.Control.ResetAsync("ak_test_suite_a");
        using var response = await mine.Http.GetAsync(new Uri($"/verifications/{id}", UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
        (await Api.GetVerificationAsync(other)).GetProperty("id").GetString().Should().Be(other);
    }

    private async Task<JsonElement> ListAsync(string query)
    {
        using var response = await Api.Http.GetAsync(new Uri("/verifications" + query, UriKind.Relative));
        return await AnyCheckApi.ReadAsync(response, HttpStatusCode.OK);
    }
}
