using System.Buffers.Binary;
using System.Net;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Verihubs.Tests;

/// <summary>One simulator shared by a test class; every test uses its own App-ID, so its own tenant.</summary>
public sealed class VerihubsFixture : IAsyncLifetime
{
    public SimulatorHarness Sim { get; private set; } = null!;

    public async Task InitializeAsync() => Sim = await SimulatorHarness.StartVerihubsAsync();

    public async Task DisposeAsync() => await Sim.DisposeAsync();
}

/// <summary>The calls a Verihubs client makes, as one App-ID.</summary>
internal sealed class VerihubsApi
{
    public const string ApiKey = "sandbox-api-key";

    public VerihubsApi(SimulatorHarness sim, string? appId = null)
    {
        Sim = sim;
        AppId = appId ?? "app-" + Guid.NewGuid().ToString("N")[..12];
        Http = sim.CreateClient(("App-ID", AppId), ("API-Key", ApiKey));
    }

    public SimulatorHarness Sim { get; }

    public string AppId { get; }

    public HttpClient Http { get; }

    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];

    public static byte[] JpegWith(string text) => [.. Jpeg, .. Encoding.ASCII.GetBytes(text)];

    public static string B64(byte[] bytes) => Convert.ToBase64String(bytes);

    /// <summary>A unique real image (a JPEG whose header declares no size) as base64.</summary>
    public static string Image(string text = "") => B64(JpegWith(text.Length == 0 ? Guid.NewGuid().ToString() : text));

    /// <summary>A PNG header declaring <paramref name="width"/> x <paramref name="height"/>.</summary>
    public static byte[] Png(int width, int height)
    {
        var bytes = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        bytes[24] = 8;
        bytes[25] = 2;
        return bytes;
    }

    public Task SettingsAsync(object settings) => Sim.Control.PostAsync($"apps/{AppId}", settings);

    public Task AdvanceAsync(double seconds) => Sim.Control.AdvanceAsync(TimeSpan.FromSeconds(seconds), AppId);

    public Task<HttpResponseMessage> PostAsync(string path, string json, string? scenario = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (scenario is not null)
        {
            request.Headers.Add("X-Simulator-Scenario", scenario);
        }
        return Http.SendAsync(request);
    }

    public Task<HttpResponseMessage> PostAsync(string path, object body, string? scenario = null) =>
        PostAsync(path, body as string ?? JsonSerializer.Serialize(body), scenario);

    public async Task<JsonElement> SubmitAsync(object body, string? scenario = null)
    {
        using var response = await PostAsync("/ktp/id/extract-async", body, scenario);
        return await ReadAsync(response, HttpStatusCode.OK);
    }

    public async Task<HttpResponseMessage> ResultAsync(string referenceId) =>
        await Http.GetAsync(new Uri("/ktp/id/extract-async/result?reference_id=" + Uri.EscapeDataString(referenceId), UriKind.Relative));

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, "the body was {0}", text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts Verihubs' error body <c>{message, error_code}</c> and returns it.</summary>
    public static async Task<JsonElement> ReadErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await ReadAsync(response, status);
        body.GetProperty("error_code").GetString().Should().Be(code);
        body.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
        return body;
    }

    public static string? ErrorCode(JsonElement body) => body.TryGetProperty("error_code", out var code) ? code.GetString() : null;
}
