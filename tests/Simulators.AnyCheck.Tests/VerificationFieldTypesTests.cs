using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

/// <summary>The seed's types for <c>execution_time</c>, <c>user_id</c> and <c>api_key</c>, wherever a Verification is served.</summary>
public sealed class VerificationFieldTypesTests : AnyCheckTest
{
    private const string Hook = ""","webhook_url":"https://client.example/hooks/anycheck" """;

    [Fact]
    public async Task CreateVerification_NotYetEnded_ExecutionTimeIsZeroAsAFloat()
    {
        var created = await Api.CreateVerificationAsync();
        created.GetProperty("execution_time").GetRawText().Should().Be("0.0");

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(1));
        var running = await Api.GetVerificationAsync(created.GetProperty("id").GetString()!);
        running.GetProperty("status").GetString().Should().Be("IN_PROGRESS");
        running.GetProperty("execution_time").GetRawText().Should().Be("0.0");
    }

    [Fact]
    public async Task GetVerification_Completed_ExecutionTimeIsFractionalAndAgreesWithTheDates()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var done = await Api.GetVerificationAsync(id);

        var raw = done.GetProperty("execution_time").GetRawText();
        raw.Should().MatchRegex(@"^\d+\.\d{1,3}$");
        var seconds = double.Parse(raw, CultureInfo.InvariantCulture);
        seconds.Should().NotBe(Math.Floor(seconds), "a real processing time is never a whole number of seconds");
        var span = (Date(done, "end_date") - Date(done, "start_date")).TotalSeconds;
        span.Should().Be(2);
        // The run's own start and finish lie within the seconds the two dates show.
        seconds.Should().BeGreaterThan(span - 1).And.BeLessThan(span + 1);
        (await Api.GetVerificationAsync(id)).GetProperty("execution_time").GetRawText().Should().Be(raw, "the value is derived, not drawn at each read");
    }

    [Fact]
    public async Task ExecutionTime_SameVerificationEverywhere_IsTheSameFloat()
    {
        var created = await Api.CreateVerificationAsync(extra: Hook);
        var id = created.GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var done = await Api.GetVerificationAsync(id);
        var expected = done.GetProperty("execution_time").GetRawText();

        using var list = await Api.Http.GetAsync(new Uri($"/verifications?result_id={done.GetProperty("result_id").GetString()}", UriKind.Relative));
        (await AnyCheckApi.ReadAsync(list, HttpStatusCode.OK)).GetProperty("items")[0].GetProperty("execution_time").GetRawText().Should().Be(expected);

        var webhooks = Sim.Webhooks.Received.Select(w => JsonDocument.Parse(w.Body).RootElement.GetProperty("data")).ToList();
        webhooks.Select(d => d.GetProperty("status").GetString()).Should().Equal("IN_PROGRESS", "COMPLETED");
        webhooks[0].GetProperty("execution_time").GetRawText().Should().Be("0.0");
        webhooks[1].GetProperty("execution_time").GetRawText().Should().Be(expected);
    }

    [Fact]
    public async Task RetryVerification_Failed_ExecutionTimeBackToZeroThenNewRunsTime()
    {
        var id = (await Api.CreateVerificationAsync(scenario: "KTP_UNREADABLE")).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var first = (await Api.GetVerificationAsync(id)).GetProperty("execution_time").GetDouble();
        first.Should().BeGreaterThan(1).And.BeLessThan(3);

        using var retry = await Api.Http.PostAsync(new Uri($"/verifications/{id}/retry", UriKind.Relative), null);
        (await AnyCheckApi.ReadAsync(retry, HttpStatusCode.OK)).GetProperty("execution_time").GetRawText().Should().Be("0.0");
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var again = await Api.GetVerificationAsync(id);
        again.GetProperty("status").GetString().Should().Be("FAILED");
        var second = again.GetProperty("execution_time").GetDouble();
        second.Should().BeGreaterThan(1).And.BeLessThan(3);
        second.Should().NotBe(Math.Floor(second));
    }

    [Fact]
    public async Task CancelVerification_Running_ExecutionTimeIsTheRunSoFar()
    {
        var id = (await Api.CreateVerificationAsync()).GetProperty("id").GetString()!;
        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(2));
        using var cancel = await Api.Http.PostAsync(new Uri($"/verifications/{id}/cancel", UriKind.Relative), null);
        var cancelled = await AnyCheckApi.ReadAsync(cancel, HttpStatusCode.OK);
        cancelled.GetProperty("status").GetString().Should().Be("CANCELLED");
        var seconds = cancelled.GetProperty("execution_time").GetDouble();
        seconds.Should().BeGreaterThan(0).And.BeLessThan(2);
        seconds.Should().NotBe(Math.Floor(seconds));
    }

    [Theory]
    [InlineData("ak_test_sandbox", "ak_test_****box")]
    [InlineData("ak_test_7d1e44b02f9c", "ak_test_****2f9c")]
    [InlineData("ak_test_a1b2c3d4", "ak_test_****c3d4")]
    public async Task CreateVerification_ApiKeyCaller_UserIdNullAndKeyShownMasked(string key, string shown)
    {
        var api = new AnyCheckApi(Sim, key);
        var created = await api.CreateVerificationAsync(extra: Hook);
        created.GetProperty("user_id").ValueKind.Should().Be(JsonValueKind.Null);
        created.GetProperty("api_key").GetString().Should().Be(shown);
        created.GetRawText().Should().NotContain(key[8..], "the key itself is never shown");

        await Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(3));
        var done = await api.GetVerificationAsync(created.GetProperty("id").GetString()!);
        done.GetProperty("user_id").ValueKind.Should().Be(JsonValueKind.Null);
        done.GetProperty("api_key").GetString().Should().Be(shown);
        Sim.Webhooks.Received.Should().HaveCount(2).And.AllSatisfy(w =>
        {
            var data = JsonDocument.Parse(w.Body).RootElement.GetProperty("data");
            data.GetProperty("user_id").ValueKind.Should().Be(JsonValueKind.Null);
            data.GetProperty("api_key").GetString().Should().Be(shown);
        });
    }

    [Fact]
    public async Task CreateVerification_JwtCaller_UserIdIsTheUserAndApiKeyNull()
    {
        var api = await AnyCheckApi.LoginAsync(Sim);
        using var profile = await api.Http.GetAsync(new Uri("/profile", UriKind.Relative));
        var userId = (await AnyCheckApi.ReadAsync(profile, HttpStatusCode.OK)).GetProperty("id").GetString();

        var created = await api.CreateVerificationAsync();
        created.GetProperty("user_id").GetString().Should().Be(userId).And.MatchRegex("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
        created.GetProperty("api_key").ValueKind.Should().Be(JsonValueKind.Null);
        var read = await Api.GetVerificationAsync(created.GetProperty("id").GetString()!);
        read.GetProperty("user_id").GetString().Should().Be(userId, "the creator stays recorded whoever reads it");
        read.GetProperty("api_key").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task RegisterApiKey_SameTenantSameLastFourCharacters_Returns409LabelTaken()
    {
        await Sim.Control.PostAsync("api-keys", new { key = "ak_live_first_key_2f9c", tenant = "team" });
        var act = () => Sim.Control.PostAsync("api-keys", new { key = "ak_live_other_key_2f9c", tenant = "team" });
        await act.Should().ThrowAsync<HttpRequestException>().WithMessage("*409*");

        // In another tenant the two are told apart by whose verifications they see.
        await Sim.Control.PostAsync("api-keys", new { key = "ak_live_other_key_2f9c", tenant = "team-b" });
        await Sim.Control.PostAsync("api-keys", new { key = "ak_live_other_key_3f9c", tenant = "team" });
        var a = await new AnyCheckApi(Sim, "ak_live_first_key_2f9c").CreateVerificationAsync();
        var b = await new AnyCheckApi(Sim, "ak_live_other_key_3f9c").CreateVerificationAsync();
        a.GetProperty("api_key").GetString().Should().Be("ak_live_****2f9c");
        b.GetProperty("api_key").GetString().Should().Be("ak_live_****3f9c");
    }

    private static DateTimeOffset Date(JsonElement verification, string name) =>
        DateTimeOffset.Parse(verification.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);
}
