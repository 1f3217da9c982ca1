using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Simulators.AdvanceAi.Tests;

/// <summary>The Pact provider states: what each sets up is what the API then answers, with the values it hands the contract.</summary>
public class ProviderStateTests(AdvanceAiFixture fixture) : IClassFixture<AdvanceAiFixture>
{
    [Fact]
    public async Task ProviderState_SandboxAccount_TimestampAndSignatureIssueAToken()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var state = await SetUpAsync(api, "the sandbox account exists");

        var asText = await api.TokenAsync(new { accessKey = api.AccessKey, timestamp = state.GetProperty("timestamp").GetString(), signature = state.GetProperty("signature").GetString() });
        var asNumber = await api.TokenAsync(new { accessKey = api.AccessKey, timestamp = state.GetProperty("timestampNumber").GetInt64(), signature = state.GetProperty("signature").GetString() });

        asText.ShouldBeEnvelope("SUCCESS", "OK");
        asNumber.ShouldBeEnvelope("SUCCESS", "OK");
        state.GetProperty("accessKey").GetString().Should().Be(api.AccessKey);
    }

    [Theory]
    [InlineData("PENDING", null, null, false)]
    [InlineData("SUBMITTED", null, null, true)]
    [InlineData("FINISHED", "PASS", "PASS", true)]
    [InlineData("FINISHED", "ID_FORGERY_DETECTED", "FAIL", true)]
    [InlineData("FINISHED", "CARD_LOW_QUALITY_IMAGE", "INCOMPLETE", true)]
    [InlineData("ABANDONED", null, "INCOMPLETE", false)]
    public async Task ProviderState_TransactionInStage_GetResultShowsIt(string stage, string? scenario, string? overallResult, bool submitted)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var state = await SetUpAsync(api, "a transaction of the account exists", new { signatureId = "a1b2c3d4e5f60718", stage, scenario });

        var result = await api.PostAsync(AdvanceAiApi.Prefix + "get-result", new { signatureId = "a1b2c3d4e5f60718" }, state.GetProperty("token").GetString());

        result.ShouldBeEnvelope("SUCCESS", "OK");
        var data = result.GetProperty("data");
        data.GetProperty("signatureId").GetString().Should().Be("a1b2c3d4e5f60718");
        data.GetProperty("overallResult").GetString().Should().Be(overallResult);
        data.GetProperty("submissionCompleted").GetBoolean().Should().Be(submitted);
    }

    [Fact]
    public async Task ProviderState_SameFace_FaceSearchFindsTheOtherUser()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var state = await SetUpAsync(api, "two passed transactions show the same face",
            new { signatureId = "b1b2c3d4e5f60718", otherSignatureId = "c1b2c3d4e5f60718", userId = "first", otherUserId = "second" });

        var result = await api.PostAsync(AdvanceAiApi.Prefix + "face-search", new { signatureId = "b1b2c3d4e5f60718" }, state.GetProperty("token").GetString());

        result.ShouldBeEnvelope("SUCCESS", "OK");
        result.GetProperty("data").GetProperty("similarFaceUserIds").EnumerateArray().Select(u => u.GetString()).Should().Equal("second");
    }

    [Theory]
    [InlineData("LATER", null)]
    [InlineData("SUBMITTED", "NO_SUCH_SCENARIO")]
    public async Task ProviderState_TransactionBadParams_Answers400(string stage, string? scenario)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        using var response = await api.Http.PostAsJsonAsync("/__simulator/provider-states", new
        {
            state = "a transaction of the account exists",
            @params = new { accessKey = api.AccessKey, signatureId = "d1b2c3d4e5f60718", stage, scenario },
            action = "setup",
        });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).Should().Contain("invalid_params");
    }

    private static async Task<JsonElement> SetUpAsync(AdvanceAiApi api, string state, object? parameters = null)
    {
        var merged = JsonSerializer.SerializeToNode(parameters ?? new { })!.AsObject();
        merged["accessKey"] = api.AccessKey;
        foreach (var key in merged.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            merged.Remove(key);
        }
        return await api.Sim.Control.PostAsync("provider-states", new { state, @params = merged, action = "setup" });
    }
}
