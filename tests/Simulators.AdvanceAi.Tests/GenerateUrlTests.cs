using System.Text.Json;
using Simulators.Testing;

namespace Simulators.AdvanceAi.Tests;

public class GenerateUrlTests(AdvanceAiFixture fixture) : IClassFixture<AdvanceAiFixture>
{
    public static TheoryData<string> Variants => new()
    {
        "generate-ekyc-verification-url", "generate-url", "generate-document-verification-url",
        "generate-liveness-detection-url", "generate-face-authentication-url", "generate-non-document-verification-url",
    };

    private static Dictionary<string, object?> ValidBody(string variant)
    {
        var body = AdvanceAiApi.JourneyBody();
        if (variant == "generate-url")
        {
            body["docType"] = "PH-ID-SSS";
            body["solutionCode"] = "01";
        }
        if (variant == "generate-non-document-verification-url")
        {
            body["region"] = "NGA";
            body["numberType"] = "BVN";
            body["numberValue"] = "22222222222";
        }
        return body;
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public async Task GenerateUrl_EveryVariant_Returns16HexSignatureIdAndTheSimulatorsOwnUrl(string variant)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var response = await api.CallAsync(variant, ValidBody(variant), ("Host", "sg-api.advance.ai"));
        response.ShouldBeEnvelope("SUCCESS", "OK");
        var data = response.GetProperty("data");
        data.EnumerateObject().Select(p => p.Name).Should().Equal("signatureId", "url");
        var signatureId = data.GetProperty("signatureId").GetString()!;
        signatureId.Should().MatchRegex("^[0-9a-f]{16}$");
        data.GetProperty("url").GetString().Should().Be("http://localhost/h5/idvs/" + signatureId).And.NotContain("advance.ai");
    }

    [Fact]
    public async Task GenerateUrl_PublicBaseUrlConfigured_UrlStartsWithIt()
    {
        await using var sim = await SimulatorHarness.StartAdvanceAiAsync(o => o.Configuration["AdvanceAi:PublicBaseUrl"] = "http://advance-ai.sandbox:5103/");
        var api = await AdvanceAiApi.NewAsync(sim);
        var response = await api.CallAsync("generate-ekyc-verification-url", AdvanceAiApi.JourneyBody(), ("Host", "api.advance.ai"));
        response.GetProperty("data").GetProperty("url").GetString().Should().StartWith("http://advance-ai.sandbox:5103/h5/idvs/");
    }

    [Fact]
    public async Task JourneyUrl_Get_AnswersThePageForAKnownJourneyAnd404PageOtherwise()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var signatureId = await api.GenerateAsync();
        using var page = await api.Http.GetAsync(new Uri("/h5/idvs/" + signatureId, UriKind.Relative));
        page.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await page.Content.ReadAsStringAsync()).Should().Contain(signatureId).And.Contain("PENDING").And.Contain("<form method=\"post\"");

        using var missing = await api.Http.GetAsync(new Uri("/h5/idvs/ffffffffffffffff", UriKind.Relative));
        missing.StatusCode.Should().Be(System.Net.HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.Should().Be("text/html");
        (await missing.Content.ReadAsStringAsync()).Should().Contain("This verification link is not valid");
    }

    public static TheoryData<string, object?, string> Rejections => new()
    {
        { "returnUrl", null, "Parameter should not be empty" },
        { "returnUrl", "", "Parameter should not be empty" },
        { "failReturnUrl", null, "Parameter should not be empty" },
        { "bizId", null, "Parameter should not be empty" },
        { "userId", null, "Parameter should not be empty" },
        { "region", null, "Parameter should not be empty" },
        { "returnUrl", "javascript:alert(1)", "Invalid returnUrl, please check your returnUrl" },
        { "returnUrl", "myapp:", "Invalid returnUrl, please check your returnUrl" },
        { "returnUrl", "myapp://", "Invalid returnUrl, please check your returnUrl" },
        { "returnUrl", "https://example.com/cb\n", "Invalid returnUrl, please check your returnUrl" },
        { "returnUrl", "https://example.com/a\tb", "Invalid returnUrl, please check your returnUrl" },
        { "returnUrl", "data://text/plain", "Invalid returnUrl, please check your returnUrl" },
        { "returnUrl", "file://host/etc/passwd", "Invalid returnUrl, please check your returnUrl" },
        { "returnUrl", "intent://scan/", "Invalid returnUrl, please check your returnUrl" },
        { "returnUrl", "https://example.com/" + new string('a', 2030), "Invalid returnUrl, please check your returnUrl" },
        { "failReturnUrl", "about://blank", "Invalid failReturnUrl, please check your failReturnUrl" },
        { "failReturnUrl", "blob://x", "Invalid failReturnUrl, please check your failReturnUrl" },
        { "callbackUrl", "myapp://callback/x", "Invalid callbackUrl, please check your callbackUrl" },
        { "callbackUrl", "ftp://example.com/x", "Invalid callbackUrl, please check your callbackUrl" },
        { "callbackUrl", "https://example.com/" + new string('a', 2030), "Invalid callbackUrl, please check your callbackUrl" },
        { "callbackUrl", "http://169.254.169.254/latest", "Invalid callbackUrl, please check your callbackUrl" },
        { "region", "PH", "Region is wrong" },
        { "region", "phl", "Region is wrong" },
        { "docType", "PH-XX-NOPE", "Doc type is wrong" },
        { "productLevel", "GOLD", "Product level is wrong" },
        { "prefersColorScheme", "blue", "Prefers color scheme is wrong" },
        { "bizCode", "has-dash", "Parameter error, please check you input." },
        { "bizCode", new string('a', 33), "Parameter error, please check you input." },
        { "bizId", new string('b', 100), "Parameter error, please check you input." },
        { "userId", new string('u', 201), "Parameter error, please check you input." },
    };

    [Theory]
    [MemberData(nameof(Rejections))]
    public async Task GenerateEkycUrl_InvalidField_AnswersItsParameterError(string field, object? value, string message)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var body = AdvanceAiApi.JourneyBody();
        body[field] = value;
        (await api.CallAsync("generate-ekyc-verification-url", body)).ShouldBeEnvelope("PARAMETER_ERROR", message);
    }

    [Theory]
    [InlineData("https://example.com/cb")]
    [InlineData("myapp://callback/success")]
    [InlineData("alipays://platformapi/startapp?id=1")]
    public async Task GenerateEkycUrl_DocumentedGoodRedirects_AreAccepted(string url)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var body = AdvanceAiApi.JourneyBody();
        body["returnUrl"] = url;
        body["failReturnUrl"] = url;
        await api.GenerateAsync(body: body);
    }

    [Fact]
    public async Task GenerateEkycUrl_FailedReturnUrlMisspelt_IsNotTheFailReturnUrl()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var body = AdvanceAiApi.JourneyBody();
        body.Remove("failReturnUrl");
        body["failedReturnUrl"] = "https://merchant.example/fail";
        (await api.CallAsync("generate-ekyc-verification-url", body)).ShouldBeEnvelope("PARAMETER_ERROR", "Parameter should not be empty");
    }

    [Theory]
    [InlineData("docType", null, "Parameter should not be empty")]
    [InlineData("solutionCode", "99", "Solution code is wrong")]
    public async Task GenerateUrl_OlderIdvsRules_AnswerParameterError(string field, string? value, string message)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var body = ValidBody("generate-url");
        body[field] = value;
        (await api.CallAsync("generate-url", body)).ShouldBeEnvelope("PARAMETER_ERROR", message);
    }

    [Theory]
    [InlineData("bvn", "Parameter error, please check you input.")]
    [InlineData("NIK", "Number type and country are not match")]
    public async Task GenerateNonDocumentUrl_BadNumberType_AnswersParameterError(string numberType, string message)
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var body = ValidBody("generate-non-document-verification-url");
        body["numberType"] = numberType;
        (await api.CallAsync("generate-non-document-verification-url", body)).ShouldBeEnvelope("PARAMETER_ERROR", message);
    }

    [Fact]
    public async Task GenerateUrl_WrongJsonType_AnswersClientError400()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var body = AdvanceAiApi.JourneyBody();
        body["ignoreFailWhenJump"] = "yes";
        using var response = await api.SendAsync(AdvanceAiApi.Prefix + "generate-ekyc-verification-url", body, api.Token);
        response.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.ShouldBeEnvelope("CLIENT_ERROR", "HTTP 400 - Bad Request");
    }

    [Fact]
    public async Task GenerateUrl_DuplicateBizId_GetsANewSignatureIdEachTime()
    {
        var api = await AdvanceAiApi.NewAsync(fixture.Sim);
        var body = AdvanceAiApi.JourneyBody();
        var first = await api.GenerateAsync(body: body);
        var second = await api.GenerateAsync(body: body);
        first.Should().NotBe(second);
    }
}
