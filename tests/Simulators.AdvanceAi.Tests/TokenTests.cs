using System.Net;
using System.Text.Json;
using Simulators.AdvanceAi.Auth;

namespace Simulators.AdvanceAi.Tests;

public class TokenTests(AdvanceAiFixture fixture) : IClassFixture<AdvanceAiFixture>
{
    [Fact]
    public void Signature_VendorTestVector_IsTheDocumentedHex() =>
        TokenSignature.Compute("sampleaccesskey", "samplesecretkey", "1665993522952")
            .Should().Be("02209bbeaf0d0a3dd587f6a1ba22f84c98d142e3b545e77db7e4906ca56349f5");

    [Fact]
    public async Task GenerateToken_VendorSamplePairAtItsTimestamp_Succeeds()
    {
        await using var sim = await Simulators.Testing.SimulatorHarness.StartAdvanceAiAsync(o => o.FrozenAt = DateTimeOffset.FromUnixTimeMilliseconds(1665993522952));
        var api = await AdvanceAiApi.NewAsync(sim, withToken: false);
        var response = await api.TokenAsync(new
        {
            accessKey = "sampleaccesskey",
            timestamp = "1665993522952",
            signature = "02209bbeaf0d0a3dd587f6a1ba22f84c98d142e3b545e77db7e4906ca56349f5",
            periodSecond = "120",
        });
        response.ShouldBeEnvelope("SUCCESS", "OK");
        var data = response.GetProperty("data");
        data.EnumerateObject().Select(p => p.Name).Should().Equal("token", "expiredTime");
        data.GetProperty("expiredTime").GetInt64().Should().Be(1665993522952 + 120_000);
    }

    [Fact]
    public async Task GenerateToken_DefaultSandboxPair_Succeeds()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var now = (await api.NowMsAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = await api.TokenAsync(new { accessKey = "sandbox-access-key", timestamp = now, signature = AdvanceAiApi.Sign("sandbox-access-key", "sandbox-secret-key", now) });
        response.ShouldBeEnvelope("SUCCESS");
    }

    [Fact]
    public async Task GenerateToken_TimestampAsJsonNumberAndNoPeriod_SucceedsWithAnHourOfLife()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var now = await api.NowMsAsync();
        var body = $$"""{"accessKey":"{{api.AccessKey}}","timestamp":{{now}},"signature":"{{AdvanceAiApi.Sign(api.AccessKey, api.SecretKey, now.ToString(System.Globalization.CultureInfo.InvariantCulture))}}"}""";
        var response = await api.TokenAsync(body);
        response.ShouldBeEnvelope("SUCCESS");
        response.GetProperty("data").GetProperty("expiredTime").GetInt64().Should().Be(now + 3_600_000);
        // An HS512 JWT with the vendor's claim names.
        var token = response.GetProperty("data").GetProperty("token").GetString()!;
        var payload = JsonDocument.Parse(System.Buffers.Text.Base64Url.DecodeFromChars(token.Split('.')[1])).RootElement;
        payload.GetProperty("iss").GetString().Should().Be("h5_liveness");
        payload.GetProperty("aud").GetString().Should().Be("WEB");
        (payload.GetProperty("exp").GetInt64() - payload.GetProperty("iat").GetInt64()).Should().Be(3600);
    }

    [Theory]
    [InlineData(60)]
    [InlineData(86400)]
    public async Task GenerateToken_PeriodAtTheBounds_SetsExpiredTime(int period)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var now = await api.NowMsAsync();
        var response = await api.AuthenticateAsync(period);
        response.GetProperty("data").GetProperty("expiredTime").GetInt64().Should().Be(now + period * 1000L);
    }

    [Theory]
    [InlineData("59")]
    [InlineData("86401")]
    [InlineData("abc")]
    [InlineData("-60")]
    [InlineData("60.5")]
    public async Task GenerateToken_PeriodOutOfBounds_AnswersParameterError(string period)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var now = (await api.NowMsAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = await api.TokenAsync(new { accessKey = api.AccessKey, timestamp = now, signature = AdvanceAiApi.Sign(api.AccessKey, api.SecretKey, now), periodSecond = period });
        response.ShouldBeEnvelope("PARAMETER_ERROR", "Parameter error, please check you input.");
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public async Task GenerateToken_TimestampOutsideTheWindow_AnswersTimestampError(int seconds)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var ts = (await api.NowMsAsync() + seconds * 1000L).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var response = await api.TokenAsync(new { accessKey = api.AccessKey, timestamp = ts, signature = AdvanceAiApi.Sign(api.AccessKey, api.SecretKey, ts) });
        response.ShouldBeEnvelope("PARAMETER_ERROR", "Timestamp error");
    }

    [Theory]
    [InlineData(-299)]
    [InlineData(299)]
    public async Task GenerateToken_TimestampInsideTheWindow_Succeeds(int seconds)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var ts = (await api.NowMsAsync() + seconds * 1000L).ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await api.TokenAsync(new { accessKey = api.AccessKey, timestamp = ts, signature = AdvanceAiApi.Sign(api.AccessKey, api.SecretKey, ts) })).ShouldBeEnvelope("SUCCESS");
    }

    [Fact]
    public async Task GenerateToken_NotDigits_AnswersTimestampError()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        (await api.TokenAsync(new { accessKey = api.AccessKey, timestamp = "2025-11-03", signature = "x" })).ShouldBeEnvelope("PARAMETER_ERROR", "Timestamp error");
    }

    [Fact]
    public async Task GenerateToken_WrongSignatureOrUnknownKey_AnswersSignatureError()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var now = (await api.NowMsAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await api.TokenAsync(new { accessKey = api.AccessKey, timestamp = now, signature = AdvanceAiApi.Sign(api.AccessKey, "other-secret", now) }))
            .ShouldBeEnvelope("PARAMETER_ERROR", "Signature error");
        (await api.TokenAsync(new { accessKey = "never-registered", timestamp = now, signature = AdvanceAiApi.Sign("never-registered", api.SecretKey, now) }))
            .ShouldBeEnvelope("PARAMETER_ERROR", "Signature error");
    }

    [Fact]
    public async Task GenerateToken_UpperCaseSignature_Succeeds()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var now = (await api.NowMsAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await api.TokenAsync(new { accessKey = api.AccessKey, timestamp = now, signature = AdvanceAiApi.Sign(api.AccessKey, api.SecretKey, now).ToUpperInvariant() })).ShouldBeEnvelope("SUCCESS");
    }

    [Theory]
    [InlineData("""{"timestamp":"1","signature":"x"}""")]
    [InlineData("""{"accessKey":"","timestamp":"1","signature":"x"}""")]
    [InlineData("""{"accessKey":"a","signature":"x"}""")]
    [InlineData("""{"accessKey":"a","timestamp":"1"}""")]
    [InlineData("""{}""")]
    public async Task GenerateToken_MissingOrEmptyField_AnswersParameterShouldNotBeEmpty(string body)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        (await api.TokenAsync(body)).ShouldBeEnvelope("PARAMETER_ERROR", "Parameter should not be empty");
    }

    [Theory]
    [InlineData("{\"accessKey\": tru")]
    [InlineData("[1]")]
    [InlineData("""{"accessKey":5,"timestamp":"1","signature":"x"}""")]
    public async Task GenerateToken_UnreadableBody_AnswersClientError400(string body)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        using var response = await api.SendAsync(AdvanceAiApi.TokenPath, body, token: null);
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.ShouldBeEnvelope("CLIENT_ERROR", "HTTP 400 - Bad Request");
    }

    [Fact]
    public async Task GenerateToken_DisabledAccount_AnswersAccountDisabledAndItsTokensStopWorking()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        await fixture.Sim.Control.PostAsync($"accounts/{api.AccessKey}", new { disabled = true });

        var now = (await api.NowMsAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        (await api.TokenAsync(new { accessKey = api.AccessKey, timestamp = now, signature = AdvanceAiApi.Sign(api.AccessKey, api.SecretKey, now) }))
            .ShouldBeEnvelope("ACCOUNT_DISABLED", "Account Disabled");
        (await api.CallAsync("get-result", new { signatureId = "0000000000000000" })).ShouldBeEnvelope("IAM_FAILED");

        await fixture.Sim.Control.PostAsync($"accounts/{api.AccessKey}", new { disabled = false });
        await api.AuthenticateAsync();
    }

    [Fact]
    public async Task Credentials_ListTheDefaultAndSamplePairs()
    {
        var credentials = await fixture.Sim.Control.GetCredentialsAsync();
        credentials.GetProperty("defaults").GetProperty("accessKey").GetString().Should().Be("sandbox-access-key");
        credentials.GetProperty("defaults").GetProperty("secretKey").GetString().Should().Be("sandbox-secret-key");
        credentials.GetProperty("sample").GetProperty("accessKey").GetString().Should().Be("sampleaccesskey");
    }
}
