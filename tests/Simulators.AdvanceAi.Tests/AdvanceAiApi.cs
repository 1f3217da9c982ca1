using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.AdvanceAi.Tests;

/// <summary>One simulator shared by a test class; every test uses an access key of its own, so its own tenant.</summary>
public sealed class AdvanceAiFixture : IAsyncLifetime
{
    public SimulatorHarness Sim { get; private set; } = null!;

    public async Task InitializeAsync() => Sim = await SimulatorHarness.StartAdvanceAiAsync();

    public async Task DisposeAsync() => await Sim.DisposeAsync();
}

/// <summary>The calls an ADVANCE.AI backend makes, as one access key pair, written from the vendor's docs.</summary>
internal sealed class AdvanceAiApi
{
    public const string Prefix = "/intl/openapi/identity-risk/idvs-h5/ekyc/v1/";
    public const string TokenPath = "/openapi/auth/ticket/v1/generate-token";

    private AdvanceAiApi(SimulatorHarness sim, string accessKey, string secretKey)
    {
        Sim = sim;
        AccessKey = accessKey;
        SecretKey = secretKey;
        Http = sim.CreateClient();
    }

    public SimulatorHarness Sim { get; }

    public string AccessKey { get; }

    public string SecretKey { get; }

    public HttpClient Http { get; }

    public string? Token { get; private set; }

    /// <summary>A pair of its own, registered through the control API, with a token.</summary>
    public static async Task<AdvanceAiApi> NewAsync(SimulatorHarness sim, bool withToken = true)
    {
        var accessKey = "ak-" + Guid.NewGuid().ToString("N")[..12];
        var secretKey = "sk-" + Guid.NewGuid().ToString("N");
        await sim.Control.PostAsync("accounts", new { accessKey, secretKey });
        var api = new AdvanceAiApi(sim, accessKey, secretKey);
        if (withToken)
        {
            await api.AuthenticateAsync();
        }
        return api;
    }

    public static string Sign(string accessKey, string secretKey, string timestamp) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(accessKey + secretKey + timestamp)));

    public async Task<long> NowMsAsync() => (await Sim.Control.GetNowAsync(AccessKey)).ToUnixTimeMilliseconds();

    public async Task<JsonElement> TokenAsync(object body) => await PostAsync(TokenPath, body, token: null);

    public async Task<JsonElement> AuthenticateAsync(int? periodSecond = null)
    {
        var timestamp = (await NowMsAsync()).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var body = new Dictionary<string, object> { ["accessKey"] = AccessKey, ["timestamp"] = timestamp, ["signature"] = Sign(AccessKey, SecretKey, timestamp) };
        if (periodSecond is { } period)
        {
            body["periodSecond"] = period;
        }
        var response = await TokenAsync(body);
        response.GetProperty("code").GetString().Should().Be("SUCCESS", response.GetRawText());
        Token = response.GetProperty("data").GetProperty("token").GetString();
        return response;
    }

    public static Dictionary<string, object?> JourneyBody(string? callbackUrl = null, string region = "PHL") => new()
    {
        ["returnUrl"] = "https://merchant.example/ok",
        ["failReturnUrl"] = "https://merchant.example/fail",
        ["bizId"] = "order-" + Guid.NewGuid().ToString("N")[..8],
        ["userId"] = "user-1",
        ["region"] = region,
        ["callbackUrl"] = callbackUrl,
    };

    /// <summary>An IDVS call with the token: the envelope (HTTP 200 asserted by the caller where it matters).</summary>
    public Task<JsonElement> CallAsync(string endpoint, object body, params (string Name, string Value)[] headers) => PostAsync(Prefix + endpoint, body, Token, headers);

    public async Task<HttpResponseMessage> SendAsync(string path, object? body, string? token, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = body is string text ? new StringContent(text, Encoding.UTF8, "application/json") : JsonContent.Create(body);
        }
        if (token is not null)
        {
            request.Headers.Add("X-ACCESS-TOKEN", token);
        }
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return await Http.SendAsync(request);
    }

    public async Task<JsonElement> PostAsync(string path, object? body, string? token, params (string Name, string Value)[] headers)
    {
        using var response = await SendAsync(path, body, token, headers);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>generate-url of a variant; returns the signatureId.</summary>
    public async Task<string> GenerateAsync(string variant = "generate-ekyc-verification-url", object? body = null, params (string Name, string Value)[] headers)
    {
        var response = await CallAsync(variant, body ?? JourneyBody(), headers);
        response.GetProperty("code").GetString().Should().Be("SUCCESS", response.GetRawText());
        return response.GetProperty("data").GetProperty("signatureId").GetString()!;
    }

    public async Task<JsonElement> JourneyAsync(string signatureId, object action) => await Sim.Control.PostAsync($"journeys/{signatureId}", action);

    public Task<JsonElement> SubmitAsync(string signatureId, string? scenario = null) =>
        JourneyAsync(signatureId, scenario is null ? new { action = "submit" } : new { action = "submit", scenario });

    public async Task<JsonElement> ResultAsync(string signatureId, string? returnImageType = null)
    {
        var response = await CallAsync("get-result", returnImageType is null ? new { signatureId } : new { signatureId, returnImageType });
        return response;
    }

    public async Task<JsonElement> ResultDataAsync(string signatureId, string? returnImageType = null)
    {
        var response = await ResultAsync(signatureId, returnImageType);
        response.GetProperty("code").GetString().Should().Be("SUCCESS", response.GetRawText());
        return response.GetProperty("data");
    }

    public Task AdvanceAsync(double seconds) => Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(seconds), AccessKey);

    /// <summary>The notices received for one transaction, in order.</summary>
    public IReadOnlyList<ReceivedWebhook> NoticesFor(string signatureId) =>
        [.. Sim.Webhooks.Received.Where(w => w.BodyText.Contains(signatureId, StringComparison.Ordinal))];
}

internal static class EnvelopeAssertions
{
    /// <summary>The six keys in the seed's order, pricingStrategy FREE, a 16-hex transactionId.</summary>
    public static void ShouldBeEnvelope(this JsonElement body, string code, string? message = null)
    {
        body.EnumerateObject().Select(p => p.Name).Should().Equal("code", "message", "data", "extra", "transactionId", "pricingStrategy");
        body.GetProperty("code").GetString().Should().Be(code, body.GetRawText());
        if (message is not null)
        {
            body.GetProperty("message").GetString().Should().Be(message);
        }
        body.GetProperty("extra").ValueKind.Should().Be(JsonValueKind.Null);
        body.GetProperty("pricingStrategy").GetString().Should().Be("FREE");
        body.GetProperty("transactionId").GetString().Should().MatchRegex("^[0-9a-f]{16}$");
        if (code != "SUCCESS")
        {
            body.GetProperty("data").ValueKind.Should().Be(JsonValueKind.Null);
        }
    }
}
