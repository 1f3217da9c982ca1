using System.Net;
using System.Text.Json;

namespace Simulators.AdvanceAi.Tests;

/// <summary>The refusal scenarios: INSUFFICIENT_BALANCE, OVER_QUERY_LIMIT, RETRY_LATER and ERROR, at HTTP 200.</summary>
public class RefusalTests(AdvanceAiFixture fixture) : IClassFixture<AdvanceAiFixture>
{
    public static TheoryData<string, string, string> Refusals => new()
    {
        { "INSUFFICIENT_BALANCE", "INSUFFICIENT_BALANCE", "Insufficient balance" },
        { "OVER_QUERY_LIMIT", "OVER_QUERY_LIMIT", "Over query limit" },
        { "RETRY_LATER", "RETRY_LATER", "Please retry later" },
        { "SERVER_ERROR", "ERROR", "Server error" },
    };

    private static async Task<JsonElement> ReadRefusalAsync(HttpResponseMessage response, string scenario, string code, string message)
    {
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        body.ShouldBeEnvelope(code, message);
        if (scenario == "RETRY_LATER")
        {
            response.Headers.GetValues("Retry-After").Should().Equal("10s");
        }
        else
        {
            response.Headers.Contains("Retry-After").Should().BeFalse();
        }
        return body;
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task GenerateUrl_RefusalScenarioHeader_AnswersTheCodeAtHttp200(string scenario, string code, string message)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        using var response = await api.SendAsync(AdvanceAiApi.Prefix + "generate-ekyc-verification-url", AdvanceAiApi.JourneyBody(), api.Token, ("X-Simulator-Scenario", scenario));
        await ReadRefusalAsync(response, scenario, code, message);
        // Nothing was created: the next plain call succeeds and is the account's only transaction.
        var signatureId = await api.GenerateAsync("generate-ekyc-verification-url");
        (await api.ResultDataAsync(signatureId)).GetProperty("signatureId").GetString().Should().Be(signatureId);
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task GenerateUrl_QueuedRefusal_AnswersTheCodeOnceThenSucceeds(string scenario, string code, string message)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        await fixture.Sim.Control.QueueOutcomeAsync(scenario, api.AccessKey);
        using var response = await api.SendAsync(AdvanceAiApi.Prefix + "generate-liveness-detection-url", AdvanceAiApi.JourneyBody(), api.Token);
        await ReadRefusalAsync(response, scenario, code, message);
        await api.GenerateAsync("generate-liveness-detection-url");
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task GetResult_RefusalScenarioHeader_AnswersTheCodeAtHttp200(string scenario, string code, string message)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync();
        using var response = await api.SendAsync(AdvanceAiApi.Prefix + "get-result", new { signatureId }, api.Token, ("X-Simulator-Scenario", scenario));
        await ReadRefusalAsync(response, scenario, code, message);
        (await api.ResultDataAsync(signatureId)).GetProperty("submissionCompleted").GetBoolean().Should().BeFalse();
    }

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task GetResult_QueuedRefusal_AnswersTheCodeOnceThenTheResult(string scenario, string code, string message)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync();
        await fixture.Sim.Control.QueueOutcomeAsync(scenario, api.AccessKey);
        using var response = await api.SendAsync(AdvanceAiApi.Prefix + "get-result", new { signatureId }, api.Token);
        await ReadRefusalAsync(response, scenario, code, message);
        (await api.ResultDataAsync(signatureId)).GetProperty("signatureId").GetString().Should().Be(signatureId);
    }

    [Fact]
    public async Task GetResult_QueuedJourneyOutcome_IsLeftForTheNextGenerateUrl()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync();
        await fixture.Sim.Control.QueueOutcomeAsync("TOO_MANY_CARDS", api.AccessKey);
        (await api.ResultDataAsync(signatureId)).GetProperty("overallResult").ValueKind.Should().Be(JsonValueKind.Null);
        var next = await api.GenerateAsync();
        await api.SubmitAsync(next);
        await api.AdvanceAsync(5);
        (await api.ResultDataAsync(next)).GetProperty("errorCode").GetString().Should().Be("TOO_MANY_CARDS");
    }

    [Fact]
    public async Task Journey_SubmitWithARefusalScenario_IsRejected()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync();
        using var response = await fixture.Sim.Control.Http.PostAsync(
            $"/__simulator/journeys/{signatureId}", new StringContent("""{"action":"submit","scenario":"OVER_QUERY_LIMIT"}""", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ForceOutcome_ARefusal_IsNotApplicable()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync();
        using var response = await fixture.Sim.Control.Http.PostAsync(
            $"/__simulator/jobs/{signatureId}/outcome", new StringContent("""{"scenario":"RETRY_LATER"}""", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        await api.SubmitAsync(signatureId);
        await api.AdvanceAsync(5);
        (await api.ResultDataAsync(signatureId)).GetProperty("overallResult").GetString().Should().Be("PASS");
    }

    [Fact]
    public async Task Scenarios_ListTheRefusalsOnGenerateUrlAndGetResult()
    {
        var items = (await fixture.Sim.Control.GetScenariosAsync()).GetProperty("items").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("appliesTo").EnumerateArray().Select(a => a.GetString()).ToList());
        foreach (var name in new[] { "INSUFFICIENT_BALANCE", "OVER_QUERY_LIMIT", "RETRY_LATER", "SERVER_ERROR" })
        {
            items.Should().ContainKey(name);
            items[name].Should().Equal("JOURNEY", "GET_RESULT");
        }
    }
}
