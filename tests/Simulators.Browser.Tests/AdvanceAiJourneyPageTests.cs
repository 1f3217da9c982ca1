using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.Testing;
using Xunit.Abstractions;

namespace Simulators.Browser.Tests;

/// <summary>The hosted journey page as the end user's browser sees it: the simulator on a real loopback port.</summary>
[Collection(BrowserTests.Name)]
public sealed class AdvanceAiJourneyPageTests(BrowserFixture browser, ITestOutputHelper output)
{
    private const string AccessKey = "sandbox-access-key";
    private const string SecretKey = "sandbox-secret-key";

    [Fact]
    public async Task JourneyPage_OpenedFromGeneratedUrl_LoadsAndShowsSignatureId()
    {
        await using var sim = await SimulatorHarness.StartAdvanceAiAsync(o => o.ListenOnLoopback = true);
        var (signatureId, url) = await GenerateEkycUrlAsync(sim);
        sim.BaseAddress.Host.Should().Be("127.0.0.1");
        url.Should().StartWith(sim.BaseAddress.ToString() + "h5/idvs/");
        await using var tab = await browser.NewTabAsync(output, "https://merchant.example");

        var response = await tab.Page.GotoAsync(url);

        response!.Status.Should().Be(200);
        (await tab.Page.Locator("h1").CountAsync()).Should().BeGreaterThan(0);
        (await tab.Page.Locator("body").InnerTextAsync()).Should().Contain(signatureId);
        await tab.ScreenshotAsync("advance-ai-journey-opened");
        tab.External.Should().BeEmpty();
    }

    /// <summary>Token with the default key pair, then generate-ekyc-verification-url: the signatureId and the page's url.</summary>
    private static async Task<(string SignatureId, string Url)> GenerateEkycUrlAsync(SimulatorHarness sim)
    {
        var timestamp = (await sim.Control.GetNowAsync()).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AccessKey + SecretKey + timestamp)));
        var token = await PostAsync(sim.Client, "/openapi/auth/ticket/v1/generate-token", new { accessKey = AccessKey, timestamp, signature }, token: null);
        var generated = await PostAsync(sim.Client, "/intl/openapi/identity-risk/idvs-h5/ekyc/v1/generate-ekyc-verification-url", new
        {
            returnUrl = "https://merchant.example/return",
            failReturnUrl = "https://merchant.example/fail",
            bizId = "order-" + Guid.NewGuid().ToString("N")[..8],
            userId = "user-1",
            region = "PHL",
        }, token.GetProperty("token").GetString());
        return (generated.GetProperty("signatureId").GetString()!, generated.GetProperty("url").GetString()!);
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Add("X-ACCESS-TOKEN", token);
        }
        using var response = await http.SendAsync(request);
        var envelope = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        envelope.GetProperty("code").GetString().Should().Be("SUCCESS", envelope.GetRawText());
        return envelope.GetProperty("data").Clone();
    }
}
