using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Simulators.Host.Tests;

/// <summary>ADVANCE.AI on a real port: the banner's keys, and links that point at the address it listens on.</summary>
public sealed class AdvanceAiHostTests
{
    [Fact]
    public async Task AdvanceAi_OnItsPort_PrintsItsKeysAndHandsOutUrlsOfItsOwnAddressWhateverTheHostHeader()
    {
        var (_, _, urls) = HostProcess.FreeUrls();
        var port = HostProcess.FreePort();
        using var host = await HostProcess.StartRunningAsync([.. urls, "--advanceai-urls", $"http://127.0.0.1:{port}"]);
        host.Stdout.Should().Contain(l => l.StartsWith("ADVANCE.AI", StringComparison.Ordinal) && l.Contains($"http://127.0.0.1:{port}", StringComparison.Ordinal));
        host.Stdout.Should().Contain(l => l.Contains("accessKey sandbox-access-key  secretKey sandbox-secret-key", StringComparison.Ordinal));

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = HostProcess.Timeout };
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("sandbox-access-key" + "sandbox-secret-key" + timestamp)));
        using var tokenResponse = await http.PostAsJsonAsync("/openapi/auth/ticket/v1/generate-token", new { accessKey = "sandbox-access-key", timestamp, signature });
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetProperty("token").GetString()!;

        using var request = new HttpRequestMessage(HttpMethod.Post, "/intl/openapi/identity-risk/idvs-h5/ekyc/v1/generate-ekyc-verification-url")
        {
            Content = JsonContent.Create(new { returnUrl = "https://m.example/ok", failReturnUrl = "https://m.example/fail", bizId = "b", userId = "u", region = "PHL" }),
        };
        request.Headers.Host = "sg-api.advance.ai";
        request.Headers.Add("X-ACCESS-TOKEN", token);
        using var response = await http.SendAsync(request);
        var data = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data");
        var url = data.GetProperty("url").GetString()!;
        url.Should().Be($"http://127.0.0.1:{port}/h5/idvs/{data.GetProperty("signatureId").GetString()}");
        (await http.GetAsync(new Uri(url))).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }
}
