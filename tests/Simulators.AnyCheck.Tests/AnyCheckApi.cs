using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.AnyCheck.Tests;

/// <summary>The calls a typical AnyCheck client makes, for tests that need a verification to exist.</summary>
public sealed class AnyCheckApi
{
    public const string KtpServiceId = "3fc8b757-57d3-4607-998c-9bfbc4efa6cf";

    public static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];

    public AnyCheckApi(SimulatorHarness simulator, string apiKey = "ak_test_sandbox")
        : this(simulator.CreateClient(("X-API-Key", apiKey)), apiKey)
    {
    }

    private AnyCheckApi(HttpClient http, string? apiKey) => (Http, ApiKey) = (http, apiKey);

    public HttpClient Http { get; }

    /// <summary>The key this client sends; null for a client that sends a login's Bearer token.</summary>
    public string? ApiKey { get; }

    /// <summary>A client of a logged-in user (<c>Authorization: Bearer</c> with a login's access token) instead of an API key.</summary>
    public static async Task<AnyCheckApi> LoginAsync(SimulatorHarness simulator, string email = "sandbox@example.com", string password = "sandbox")
    {
        ArgumentNullException.ThrowIfNull(simulator);
        using var response = await simulator.Client.PostAsJsonAsync("/auth/login", new { email, password });
        var token = (await ReadAsync(response, HttpStatusCode.OK)).GetProperty("access_token").GetString();
        return new AnyCheckApi(simulator.CreateClient(("Authorization", "Bearer " + token)), null);
    }

    public static byte[] JpegWith(string text) => [.. Jpeg, .. Encoding.ASCII.GetBytes(text)];

    public static StringContent JsonBody(string json) => new(json, Encoding.UTF8, "application/json");

    public async Task<IReadOnlyList<string>> UploadAsync(params byte[][] files)
    {
        using var form = new MultipartFormDataContent { { new StringContent("VERIFICATION_INPUT_FILE"), "file_category" } };
        for (var i = 0; i < files.Length; i++)
        {
            var part = new ByteArrayContent(files[i]);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "files", $"file{i}.jpg");
        }
        using var response = await Http.PostAsync(new Uri("/uploads", UriKind.Relative), form);
        var body = await ReadAsync(response, HttpStatusCode.Created);
        return [.. body.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!)];
    }

    public async Task<string> CreateFolderAsync(string? name = null)
    {
        using var response = await Http.PostAsJsonAsync("/folders", new { name = name ?? "folder-" + Guid.NewGuid().ToString("N")[..8] });
        return (await ReadAsync(response, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    /// <summary>Uploads a KTP (and a selfie), creates a folder, and returns the create request's JSON.</summary>
    public async Task<string> VerificationRequestAsync(string type = "KTP_SELFIE", byte[]? ktp = null, string extra = "", byte[]? selfie = null, bool fraud = false)
    {
        var paths = await UploadAsync(ktp ?? JpegWith(Guid.NewGuid().ToString()), selfie ?? JpegWith("selfie"));
        var folder = await CreateFolderAsync();
        var files = type == "KTP_SELFIE"
            ? $$"""{"ktp_file":["{{paths[0]}}"],"selfie_file":["{{paths[1]}}"]}"""
            : $$"""{"ktp_file":["{{paths[0]}}"]}""";
        return $$"""{"service_id":"{{KtpServiceId}}","folder_id":"{{folder}}","configuration":{"verification_type":"{{type}}","fraud_detection":{{(fraud ? "true" : "false")}},"files":{{files}}}{{extra}}}""";
    }

    public async Task<JsonElement> CreateVerificationAsync(string type = "KTP_SELFIE", string? scenario = null, byte[]? ktp = null, string extra = "", byte[]? selfie = null, bool fraud = false)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/verifications") { Content = JsonBody(await VerificationRequestAsync(type, ktp, extra, selfie, fraud)) };
        if (scenario is not null)
        {
            request.Headers.Add("X-Simulator-Scenario", scenario);
        }
        using var response = await Http.SendAsync(request);
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    public async Task<JsonElement> GetVerificationAsync(string id)
    {
        using var response = await Http.GetAsync(new Uri($"/verifications/{id}", UriKind.Relative));
        return await ReadAsync(response, HttpStatusCode.OK);
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, "the body was {0}", text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts AnyCheck's error envelope and returns it.</summary>
    public static async Task<JsonElement> ReadErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await ReadAsync(response, status);
        body.GetProperty("error_code").GetString().Should().Be(code);
        body.GetProperty("message").GetString().Should().NotBeNullOrWhiteSpace();
        return body;
    }
}
