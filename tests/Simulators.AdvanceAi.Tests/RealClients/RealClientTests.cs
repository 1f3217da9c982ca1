using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Simulators.AdvanceAi.Tests.RealClients;

/// <summary>
/// What public ADVANCE.AI clients send, byte for byte, and what each reads from the answer (README.md beside
/// this file names them). andi-fajar/poc-regula-oz: timestamp a 13-digit string, no periodSecond, a fresh token
/// per step. The sg-api Python helper: timestamp a JSON number, Python's ", " / ": " separators, Host sg-api.
/// </summary>
public class RealClientTests(AdvanceAiFixture fixture) : IClassFixture<AdvanceAiFixture>
{
    private static string Ms(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> PostRawAsync(AdvanceAiApi api, string path, string json, string? token = null, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Add("X-ACCESS-TOKEN", token);
        }
        if (host is not null)
        {
            request.Headers.Host = host;
        }
        using var response = await api.Http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task GenerateToken_PocRegulaOzStringTimestampNoPeriod_AnswersTheVendorsTokenShape()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var now = await api.NowMsAsync();
        var body = $$"""{"accessKey":"{{api.AccessKey}}","signature":"{{AdvanceAiApi.Sign(api.AccessKey, api.SecretKey, Ms(now))}}","timestamp":"{{Ms(now)}}"}""";

        var (status, response) = await PostRawAsync(api, AdvanceAiApi.TokenPath, body);

        // The client throws unless response.ok, then reads data.token.
        status.Should().Be(HttpStatusCode.OK);
        response.ShouldBeEnvelope("SUCCESS", "OK");
        response.GetProperty("data").GetProperty("expiredTime").GetInt64().Should().Be(now + 3_600_000);
        var token = response.GetProperty("data").GetProperty("token").GetString()!;
        // The vendor's example token opens with {"alg":"HS512"} and {"iss":"h5_liveness",.
        token.Should().StartWith("eyJhbGciOiJIUzUxMiJ9.eyJpc3MiOiJoNV9saXZlbmVzcyIs");
        var payload = Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1]));
        payload.Should().Contain("\"sub\":\"{\\\"customerId\\\":").And.NotContain("\\u0022");
    }

    [Fact]
    public async Task GetResult_PocRegulaOzFreshTokenPerStep_EveryTokenStaysValid()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var first = api.Token!;
        var signatureId = await api.GenerateAsync();
        await api.SubmitAsync(signatureId, "PASS");
        await api.AdvanceAsync(5);
        await api.AuthenticateAsync();
        var second = api.Token!;

        second.Should().NotBe(first);
        foreach (var token in new[] { second, first })
        {
            var result = await api.PostAsync(AdvanceAiApi.Prefix + "get-result", new { signatureId }, token);
            result.ShouldBeEnvelope("SUCCESS");
            result.GetProperty("data").GetProperty("overallResult").GetString().Should().Be("PASS");
        }
    }

    [Fact]
    public async Task IdvsFlow_SgApiPythonNumberTimestamp_TokenUrlAndResultOnTheSgHost()
    {
        const string Host = "sg-api.advance.ai";
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var now = await api.NowMsAsync();
        var body = $$"""{"accessKey": "{{api.AccessKey}}", "signature": "{{AdvanceAiApi.Sign(api.AccessKey, api.SecretKey, Ms(now))}}", "timestamp": {{Ms(now)}}}""";

        var (status, tokenResponse) = await PostRawAsync(api, AdvanceAiApi.TokenPath, body, host: Host);
        status.Should().Be(HttpStatusCode.OK);
        tokenResponse.ShouldBeEnvelope("SUCCESS");
        var token = tokenResponse.GetProperty("data").GetProperty("token").GetString()!;

        var generate = """{"returnUrl": "https://merchant.example/ok", "failReturnUrl": "https://merchant.example/fail", "bizId": "order-1", "userId": "user-1", "region": "PHL"}""";
        var (_, url) = await PostRawAsync(api, AdvanceAiApi.Prefix + "generate-ekyc-verification-url", generate, token, Host);
        url.ShouldBeEnvelope("SUCCESS");
        var signatureId = url.GetProperty("data").GetProperty("signatureId").GetString()!;
        // The hosted page is the simulator's own, never the Host the call came in on.
        url.GetProperty("data").GetProperty("url").GetString().Should().Contain(signatureId).And.NotContain(Host);

        await api.SubmitAsync(signatureId, "PASS");
        await api.AdvanceAsync(5);
        var (_, result) = await PostRawAsync(api, AdvanceAiApi.Prefix + "get-result", $$"""{"signatureId": "{{signatureId}}"}""", token, Host);
        result.ShouldBeEnvelope("SUCCESS");
        result.GetProperty("data").GetProperty("overallResult").GetString().Should().Be("PASS");
        result.GetProperty("data").GetProperty("countryCodeIso3").GetString().Should().Be("PHL");
    }

    [Fact]
    public async Task GenerateToken_AaiLivenessCheckExplicitNullPeriod_SucceedsWithTheDefaultHour()
    {
        // The Dart wrapper aai_liveness_check (replayed, not run) sends "periodSecond": null and checks code == SUCCESS.
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var now = await api.NowMsAsync();
        var body = $$"""{"accessKey":"{{api.AccessKey}}","timestamp":"{{Ms(now)}}","signature":"{{AdvanceAiApi.Sign(api.AccessKey, api.SecretKey, Ms(now))}}","periodSecond":null}""";

        var (status, response) = await PostRawAsync(api, AdvanceAiApi.TokenPath, body);

        status.Should().Be(HttpStatusCode.OK);
        response.ShouldBeEnvelope("SUCCESS", "OK");
        response.GetProperty("data").GetProperty("expiredTime").GetInt64().Should().Be(now + 3_600_000);
    }

    [Fact]
    public async Task Token_ReusedUntilExpiredTimeMinusAMargin_WorksThenIamFailedAtExpiredTime()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var expiredTime = (await api.AuthenticateAsync(periodSecond: 600)).GetProperty("data").GetProperty("expiredTime").GetInt64();
        var signatureId = await api.GenerateAsync();

        // A client caching the token until expiredTime minus 60 s still uses it at that instant.
        await api.AdvanceAsync((expiredTime - await api.NowMsAsync()) / 1000.0 - 60);
        (await api.ResultAsync(signatureId)).ShouldBeEnvelope("SUCCESS");

        await api.AdvanceAsync(60);
        (await api.NowMsAsync()).Should().Be(expiredTime);
        (await api.ResultAsync(signatureId)).ShouldBeEnvelope("IAM_FAILED", "Token not found or expired");
    }

    [Theory]
    [InlineData(300_000, "SUCCESS")]
    [InlineData(300_001, "PARAMETER_ERROR")]
    public async Task GenerateToken_TimestampAheadOfTheClock_AcceptedUpToTheWindow(long ahead, string code)
    {
        // Some clients send now + 300000 ms (a public Go client of sg-api does), a string.
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var timestamp = Ms(await api.NowMsAsync() + ahead);
        var response = await api.TokenAsync(new { accessKey = api.AccessKey, signature = AdvanceAiApi.Sign(api.AccessKey, api.SecretKey, timestamp), timestamp });
        response.ShouldBeEnvelope(code, code == "SUCCESS" ? "OK" : "Timestamp error");
    }
}
