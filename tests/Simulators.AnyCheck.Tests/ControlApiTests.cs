using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

public sealed class ControlApiTests : AnyCheckTest
{
    [Fact]
    public async Task Health_Always_Returns200()
    {
        var health = await Sim.Control.GetAsync("health");
        health.GetProperty("status").GetString().Should().Be("ok");
        health.GetProperty("provider").GetString().Should().Be("AnyCheck");
    }

    [Fact]
    public async Task Scenarios_ListsEveryScenarioWithWhatItDoes()
    {
        var scenarios = await Sim.Control.GetScenariosAsync();
        scenarios.GetProperty("header").GetString().Should().Be("X-Simulator-Scenario");
        var items = scenarios.GetProperty("items").EnumerateArray().ToList();
        items.Select(i => i.GetProperty("name").GetString()).Should().BeEquivalentTo(
            "FACE_MATCH_HIGH", "FACE_MATCH_MEDIUM", "FACE_MATCH_LOW", "PEP_CLEAR", "PEP_HIT", "KTP_UNREADABLE", "SLOW_PROCESSING", "INSUFFICIENT_BALANCE", "QUOTA_EXCEEDED",
            "NEED_REVIEW", "FRAUD_DETECTED", "PARTIALLY_COMPLETED", "PARTIALLY_FAILED", "DRAFT", "REQUEST_TIMEOUT", "INTERNAL_SERVER_ERROR", "RATE_LIMITED");
        items.Should().AllSatisfy(i => i.GetProperty("description").GetString().Should().NotBeNullOrWhiteSpace());
    }

    [Fact]
    public async Task Credentials_ShowDefaults()
    {
        var credentials = await Sim.Control.GetCredentialsAsync();
        var defaults = credentials.GetProperty("defaults");
        defaults.GetProperty("email").GetString().Should().Be("sandbox@example.com");
        defaults.GetProperty("password").GetString().Should().Be("sandbox");
        defaults.GetProperty("apiKey").GetString().Should().Be("ak_test_sandbox");
        credentials.GetProperty("mode").GetString().Should().Be("open");
    }

    [Fact]
    public async Task RegisterAccount_ThenLogin_UsesItsTenant()
    {
        await Sim.Control.PostAsync("accounts", new { email = "qa@bank.example", password = "pw-123", tenant = "qa-team" });
        using var ok = await Sim.Client.PostAsJsonAsync("/auth/login", new { email = "qa@bank.example", password = "pw-123" });
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        using var wrong = await Sim.Client.PostAsJsonAsync("/auth/login", new { email = "qa@bank.example", password = "sandbox" });
        await AnyCheckApi.ReadErrorAsync(wrong, HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS");
        (await Sim.Control.GetRequestsAsync("qa-team")).Should().ContainSingle(r => r.GetProperty("status").GetInt32() == 200);
    }

    [Theory]
    [InlineData("accounts", """{"email":"qa@bank.example","password":"pw","tenant":""}""", "invalid_body")]
    [InlineData("accounts", """{"email":"","password":"pw"}""", "invalid_body")]
    [InlineData("api-keys", """{"key":"ak_live_qa","tenant":""}""", "invalid_body")]
    [InlineData("api-keys", """{"key":""}""", "invalid_body")]
    [InlineData("provider-states", """{"state":"no verification exists","params":{"apiKey":"not-a-key"}}""", "invalid_params")]
    [InlineData("provider-states", """{"state":"no verification exists","params":{"apiKey":"ak_expired_qa"}}""", "invalid_params")]
    public async Task Register_CredentialNoCallCouldUse_Returns400(string path, string body, string error)
    {
        using var response = await Sim.Client.PostAsync(new Uri("/__simulator/" + path, UriKind.Relative), AnyCheckApi.JsonBody(body));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString().Should().Be(error);
    }

    [Fact]
    public async Task Clock_FreezeAdvanceResume_Reported()
    {
        var start = await Sim.Control.GetNowAsync();
        start.Should().Be(new DateTimeOffset(2025, 11, 3, 8, 0, 0, TimeSpan.Zero));
        await Sim.Control.AdvanceAsync(TimeSpan.FromMinutes(90));
        (await Sim.Control.GetNowAsync()).Should().Be(start.AddMinutes(90));
        var clock = await Sim.Control.GetAsync("clock");
        clock.GetProperty("frozen").GetBoolean().Should().BeTrue();
        await Sim.Control.ResumeAsync();
        (await Sim.Control.GetAsync("clock")).GetProperty("frozen").GetBoolean().Should().BeFalse();
    }

    [Theory]
    [InlineData("""{"seconds":-1}""")]
    [InlineData("""{"seconds":"ten"}""")]
    [InlineData("""{}""")]
    [InlineData("""not json""")]
    public async Task AdvanceClock_BadBody_Returns400(string body)
    {
        using var response = await Sim.Client.PostAsync(new Uri("/__simulator/clock/advance", UriKind.Relative), AnyCheckApi.JsonBody(body));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString().Should().NotBeNullOrEmpty();
    }

    [Theory]
    [InlineData("""{"scenario":"PEP_HIT","count":"two"}""")]
    [InlineData("""{"scenario":"PEP_HIT","count":0}""")]
    [InlineData("""{"scenario":"PEP_HIT","count":1000000}""")]
    public async Task QueueOutcome_BadCount_Returns400(string body)
    {
        using var response = await Sim.Client.PostAsync(new Uri("/__simulator/outcomes", UriKind.Relative), AnyCheckApi.JsonBody(body));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("message").GetString().Should().Contain("count");
    }

    [Fact]
    public async Task QueueOutcome_Count_QueuesThatMany()
    {
        var queued = await Sim.Control.PostAsync("outcomes", new { scenario = "PEP_HIT", count = 3 });
        queued.GetProperty("queued").GetArrayLength().Should().Be(3);
    }

    [Fact]
    public async Task QueueOutcome_UnknownScenario_Returns400()
    {
        using var response = await Sim.Client.PostAsJsonAsync("/__simulator/outcomes", new { scenario = "NOPE" });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Reset_All_DropsEverythingAndRestoresStartClock()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromHours(2));
        await Sim.Control.PostAsync("api-keys", new { key = "temp-key" });

        await Sim.Control.ResetAsync();

        (await Sim.Control.GetNowAsync()).Should().Be(new DateTimeOffset(2025, 11, 3, 8, 0, 0, TimeSpan.Zero));
        (await Sim.Control.GetRequestsAsync()).Should().BeEmpty();
        using var response = await Api.Http.GetAsync(new Uri($"/verifications/{id}", UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
        using var removedKey = await Sim.CreateClient(("X-API-Key", "temp-key")).GetAsync(new Uri("/services", UriKind.Relative));
        await AnyCheckApi.ReadErrorAsync(removedKey, HttpStatusCode.Unauthorized, "INVALID_API_KEY");
    }

    [Fact]
    public async Task Journal_RecordsRequestsWithSecretsMasked()
    {
        using (var response = await Api.Http.PostAsync(new Uri("/folders", UriKind.Relative), AnyCheckApi.JsonBody("""{"name":"journal me"}""")))
        {
            response.StatusCode.Should().Be(HttpStatusCode.Created);
        }
        var entry = (await Sim.Control.GetRequestsAsync("sandbox"))[0];
        entry.GetProperty("method").GetString().Should().Be("POST");
        entry.GetProperty("path").GetString().Should().Be("/folders");
        entry.GetProperty("status").GetInt32().Should().Be(201);
        entry.GetProperty("requestBody").GetString().Should().Be("""{"name":"journal me"}""");
        entry.GetProperty("responseBody").GetString().Should().Contain("\"name\":\"journal me\"");
        entry.GetProperty("at").GetDateTimeOffset().Should().Be(new DateTimeOffset(2025, 11, 3, 8, 0, 0, TimeSpan.Zero));
        var key = entry.GetProperty("headers").GetProperty("X-API-Key").GetString();
        key.Should().NotContain("ak_test_sandbox").And.EndWith("****");
    }

    [Fact]
    public async Task Journal_CachedVerificationBody_RecordedWhole()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        using var response = await Api.Http.GetAsync(new Uri($"/verifications/{id}", UriKind.Relative));
        var served = await response.Content.ReadAsStringAsync();

        var entry = (await Sim.Control.GetRequestsAsync("sandbox"))[0];
        entry.GetProperty("path").GetString().Should().Be($"/verifications/{id}");
        entry.GetProperty("responseBody").GetString().Should().Be(served);
        entry.GetProperty("responseBodyTruncated").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Journal_BodyLimit_KeepsOnlyTheStartOfBodies()
    {
        await using var small = await SimulatorHarness.StartAnyCheckAsync(o => o.Configuration["Journal:BodyLimitBytes"] = "100");
        var api = new AnyCheckApi(small);
        var id = (await api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        using var response = await api.Http.GetAsync(new Uri($"/verifications/{id}", UriKind.Relative));
        var served = await response.Content.ReadAsByteArrayAsync();

        var entry = (await small.Control.GetRequestsAsync("sandbox"))[0];
        entry.GetProperty("responseBodyTruncated").GetBoolean().Should().BeTrue();
        entry.GetProperty("responseBody").GetString().Should().Be(System.Text.Encoding.UTF8.GetString(served, 0, 100));
    }

    [Fact]
    public async Task Journal_ControlCallsAreNotRecorded_ErrorsAre()
    {
        await Sim.Control.GetAsync("health");
        using (var response = await Sim.Client.GetAsync(new Uri("/verifications/xyz", UriKind.Relative)))
        {
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
        var entries = await Sim.Control.GetRequestsAsync();
        entries.Should().ContainSingle();
        entries[0].GetProperty("status").GetInt32().Should().Be(401);
        entries[0].GetProperty("responseBody").GetString().Should().Contain("UNAUTHORIZED");
    }

    [Fact]
    public async Task Journal_IsBounded()
    {
        await using var small = await SimulatorHarness.StartAnyCheckAsync(o => o.Configuration["Journal:Capacity"] = "5");
        var client = small.CreateClient(("X-API-Key", "ak_test_sandbox"));
        for (var i = 0; i < 12; i++)
        {
            using var response = await client.GetAsync(new Uri("/services", UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }
        var json = await small.Control.GetAsync("requests?limit=100");
        json.GetProperty("total").GetInt32().Should().Be(5);
        json.GetProperty("capacity").GetInt32().Should().Be(5);
    }

    [Theory]
    [InlineData("INSUFFICIENT_BALANCE")]
    [InlineData("QUOTA_EXCEEDED")]
    [InlineData("PEP_HIT")]
    [InlineData("NO_SUCH_SCENARIO")]
    public async Task ProviderState_VerificationWithAScenarioThatCannotShapeIt_Returns400(string scenario)
    {
        using var response = await Sim.Client.PostAsJsonAsync("/__simulator/provider-states", new
        {
            state = "a verification exists",
            @params = new { id = Guid.NewGuid().ToString(), type = "KTP_SELFIE", scenario },
            action = "setup",
        });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("error").GetString().Should().Be("invalid_params");
    }

    [Fact]
    public async Task Balance_SetAndRead()
    {
        await Sim.Control.PostAsync("balance", new { tenant = "ak_test_x", credits = 7 });
        (await Sim.Control.GetAsync("balance?tenant=ak_test_x")).GetProperty("credits").GetInt32().Should().Be(7);
        var api = new AnyCheckApi(Sim, "ak_test_x");
        using var response = await api.Http.PostAsync(new Uri("/verifications", UriKind.Relative), AnyCheckApi.JsonBody(await api.VerificationRequestAsync()));
        await AnyCheckApi.ReadErrorAsync(response, HttpStatusCode.Forbidden, "INSUFFICIENT_BALANCE");
    }
}
