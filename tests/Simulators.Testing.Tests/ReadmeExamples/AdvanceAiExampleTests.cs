// tests/Simulators.Testing.Tests/ReadmeExamples/AdvanceAiExampleTests.cs
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.AdvanceAi;
using Simulators.Testing;

namespace MyApp.Tests;

public sealed class AdvanceAiClientTests
{
    private const string Ekyc = "/intl/openapi/identity-risk/idvs-h5/ekyc/v1/";

    [Fact]
    public async Task GetResult_JourneySubmittedAndFinished_ReturnsPass()
    {
        // A real port on 127.0.0.1, for a client that builds its own HttpClient from a base URL.
        await using var advance = await SimulatorHarness.StartOnPortAsync(new AdvanceAiSimulator());
        using var http = new HttpClient { BaseAddress = advance.BaseAddress };

        var timestamp = (await advance.Control.GetNowAsync()).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("sandbox-access-key" + "sandbox-secret-key" + timestamp)));
        var token = await PostAsync(http, "/openapi/auth/ticket/v1/generate-token", new { accessKey = "sandbox-access-key", timestamp, signature });
        http.DefaultRequestHeaders.Add("X-ACCESS-TOKEN", token.GetProperty("data").GetProperty("token").GetString());
        var url = await PostAsync(http, Ekyc + "generate-ekyc-verification-url", new
        {
            returnUrl = "https://merchant.example/ok",
            failReturnUrl = "https://merchant.example/fail",
            callbackUrl = "https://merchant.example/hooks/advance",
            bizId = "order-1",
            userId = "user-1",
            region = "PHL",
        });
        var signatureId = url.GetProperty("data").GetProperty("signatureId").GetString()!;

        await advance.Control.PostAsync("journeys/" + signatureId, new { action = "submit", scenario = "PASS" });
        await advance.Control.AdvanceAsync(TimeSpan.FromSeconds(5));
        var result = await PostAsync(http, Ekyc + "get-result", new { signatureId });

        result.GetProperty("data").GetProperty("overallResult").GetString().Should().Be("PASS");
        advance.Webhooks.Received.Select(w => JsonDocument.Parse(w.Body).RootElement.GetProperty("type").GetString())
            .Should().Equal("SUBMIT_COMPLETED", "COMPLETED");
    }

    private static async Task<JsonElement> PostAsync(HttpClient http, string path, object body)
    {
        using var response = await http.PostAsJsonAsync(path, body);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
