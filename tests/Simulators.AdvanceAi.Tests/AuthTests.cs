using System.Text.Json;

namespace Simulators.AdvanceAi.Tests;

public class AuthTests(AdvanceAiFixture fixture) : IClassFixture<AdvanceAiFixture>
{
    public static TheoryData<string> Endpoints => new()
    {
        "generate-ekyc-verification-url", "generate-url", "generate-document-verification-url", "generate-liveness-detection-url",
        "generate-face-authentication-url", "generate-non-document-verification-url", "get-result", "api/document", "clear-data?signatureId=x",
        "face-search", "api/address-verification/start-verification", "api/database-id-verification",
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task IdvsCall_NoToken_AnswersIamFailedWithHttp200(string endpoint)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var response = await api.PostAsync(AdvanceAiApi.Prefix + endpoint, new { signatureId = "x" }, token: null);
        response.ShouldBeEnvelope("IAM_FAILED", "Token not found or expired");
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("eyJhbGciOiJIUzUxMiJ9.eyJpc3MiOiJoNV9saXZlbmVzcyJ9.c2ln")]
    public async Task IdvsCall_UnknownToken_AnswersIamFailed(string token)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        (await api.PostAsync(AdvanceAiApi.Prefix + "get-result", new { signatureId = "x" }, token)).ShouldBeEnvelope("IAM_FAILED", "Token not found or expired");
    }

    [Fact]
    public async Task IdvsCall_TokenPastItsPeriod_AnswersIamFailedThenANewTokenWorks()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        await api.AuthenticateAsync(periodSecond: 60);
        (await api.CallAsync("get-result", new { signatureId = "0000000000000000" })).ShouldBeEnvelope("SIGNATURE_NOT_EXIST", "This signatureId is not exist");

        await api.AdvanceAsync(60);
        (await api.CallAsync("get-result", new { signatureId = "0000000000000000" })).ShouldBeEnvelope("IAM_FAILED", "Token not found or expired");

        await api.AuthenticateAsync();
        (await api.CallAsync("get-result", new { signatureId = "0000000000000000" })).ShouldBeEnvelope("SIGNATURE_NOT_EXIST");
    }

    [Fact]
    public async Task IdvsCall_AnotherAccountsTransaction_IsNotVisible()
    {
        var owner = await AdvanceAiApi.NewAsync(fixture.Sim);
        var other = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await owner.GenerateAsync();
        (await other.ResultAsync(signatureId)).ShouldBeEnvelope("SIGNATURE_NOT_EXIST");
    }

    [Fact]
    public async Task CachedToken_UsedUntilExpiredTimeMinusAMargin_KeepsWorking()
    {
        // A client that caches the token and renews it 60 s before expiredTime (as public SDKs do).
        var api = await AdvanceAiApi.NewAsync(fixture.Sim, withToken: false);
        var expiredTime = (await api.AuthenticateAsync()).GetProperty("data").GetProperty("expiredTime").GetInt64();
        await api.AdvanceAsync((expiredTime - await api.NowMsAsync()) / 1000.0 - 61);
        var response = await api.CallAsync("get-result", new { signatureId = "0000000000000000" });
        response.GetProperty("code").GetString().Should().Be("SIGNATURE_NOT_EXIST", JsonSerializer.Serialize(response));
    }
}
