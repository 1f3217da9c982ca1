using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Simulators.SandboxConsole;
using Simulators.Testing;

namespace Simulators.Browser.Tests;

/// <summary>
/// AnyCheck, Verifik and ADVANCE.AI on loopback ports with the console in front of them, as the host runs
/// them; each test makes a tenant of its own. AnyCheck's receiver answers 200 unless a test makes its own
/// webhook URL fail.
/// </summary>
public sealed class ConsoleSandbox : IAsyncLifetime
{
    public const string AdvanceAiAccessKey = "sandbox-access-key";
    private const string AdvanceAiSecretKey = "sandbox-secret-key";
    private const string KtpServiceId = "3fc8b757-57d3-4607-998c-9bfbc4efa6cf";
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F'];

    private readonly List<WebApplication> _consoles = [];

    public SimulatorHarness AnyCheck { get; private set; } = null!;

    public SimulatorHarness Verifik { get; private set; } = null!;

    public SimulatorHarness AdvanceAi { get; private set; } = null!;

    /// <summary>The console without a control token.</summary>
    public Uri Console { get; private set; } = null!;

    /// <summary>Webhook URLs whose receiver answers 500.</summary>
    public ConcurrentDictionary<string, bool> FailingReceivers { get; } = new();

    public async Task InitializeAsync()
    {
        var started = await Task.WhenAll(
            SimulatorHarness.StartAnyCheckAsync(o => o.ListenOnLoopback = true),
            SimulatorHarness.StartVerifikAsync(o => o.ListenOnLoopback = true),
            SimulatorHarness.StartAdvanceAiAsync(o => o.ListenOnLoopback = true));
        (AnyCheck, Verifik, AdvanceAi) = (started[0], started[1], started[2]);
        AnyCheck.Webhooks.Respond = w => FailingReceivers.ContainsKey(w.Url.ToString()) ? 500 : 200;
        Console = await StartConsoleAsync(Targets(), token: null, journalRefresh: TimeSpan.FromSeconds(1));
    }

    public IReadOnlyList<ConsoleTarget> Targets() =>
    [
        new("anycheck", "AnyCheck", AnyCheck.BaseAddress),
        new("verifik", "Verifik", Verifik.BaseAddress),
        new("advanceai", "ADVANCE.AI", AdvanceAi.BaseAddress),
    ];

    /// <summary>Another console on a loopback port of its own (a control token, other targets); stopped with the sandbox.</summary>
    public async Task<Uri> StartConsoleAsync(IReadOnlyList<ConsoleTarget> targets, string? token, TimeSpan? journalRefresh = null)
    {
        var app = ConsoleApplication.Build(new ConsoleSettings { Simulators = targets, ControlToken = token, JournalRefresh = journalRefresh ?? TimeSpan.FromSeconds(5) });
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        lock (_consoles)
        {
            _consoles.Add(app);
        }
        return new Uri(app.Urls.First() + "/");
    }

    /// <summary>An AnyCheck tenant of the test's own, and a client holding its API key.</summary>
    public async Task<(string Tenant, HttpClient Client)> NewAnyCheckTenantAsync(SimulatorHarness? anycheck = null)
    {
        anycheck ??= AnyCheck;
        var tenant = "qa-" + Guid.NewGuid().ToString("N")[..8];
        var key = "ak_test_" + Guid.NewGuid().ToString("N");
        await anycheck.Control.PostAsync("api-keys", new { key, tenant });
        return (tenant, anycheck.CreateClient(("X-API-Key", key)));
    }

    /// <summary>A KTP_SELFIE verification created as a client does (upload, folder, create): its id.</summary>
    /// <summary>The webhook secret of the verifications created with a webhook URL: their webhooks carry X-AnyCheck-Signature.</summary>
    public const string WebhookSecret = "console-webhook-secret-of-32-characters-at-least";

    public static async Task<string> CreateVerificationAsync(HttpClient client, string? webhookUrl)
    {
        using var form = new MultipartFormDataContent { { new StringContent("VERIFICATION_INPUT_FILE"), "file_category" } };
        foreach (var name in new[] { "ktp", "selfie" })
        {
            var part = new ByteArrayContent([.. Jpeg, .. Encoding.ASCII.GetBytes(name + Guid.NewGuid())]);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "files", name + ".jpg");
        }
        using var upload = await client.PostAsync(new Uri("/uploads", UriKind.Relative), form);
        var paths = (await ReadAsync(upload, HttpStatusCode.Created)).GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToList();
        using var folder = await client.PostAsJsonAsync("/folders", new { name = "console-" + Guid.NewGuid().ToString("N")[..8] });
        var folderId = (await ReadAsync(folder, HttpStatusCode.Created)).GetProperty("id").GetString();
        using var create = await client.PostAsJsonAsync("/verifications", new
        {
            service_id = KtpServiceId,
            folder_id = folderId,
            configuration = new { verification_type = "KTP_SELFIE", fraud_detection = false, files = new { ktp_file = new[] { paths[0] }, selfie_file = new[] { paths[1] } } },
            webhook_url = webhookUrl,
            webhook_metadata = webhookUrl is null ? null : new { webhook_secret = WebhookSecret },
        });
        return (await ReadAsync(create, HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    /// <summary>An ADVANCE.AI hosted journey created as a merchant's backend does: its signatureId.</summary>
    public async Task<string> CreateJourneyAsync()
    {
        var timestamp = (await AdvanceAi.Control.GetNowAsync(AdvanceAiAccessKey)).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AdvanceAiAccessKey + AdvanceAiSecretKey + timestamp)));
        var token = (await AdvanceAiAsync("/openapi/auth/ticket/v1/generate-token", new { accessKey = AdvanceAiAccessKey, timestamp, signature }, null)).GetProperty("token").GetString()!;
        var data = await AdvanceAiAsync("/intl/openapi/identity-risk/idvs-h5/ekyc/v1/generate-ekyc-verification-url", new
        {
            returnUrl = "https://merchant.example/return",
            failReturnUrl = "https://merchant.example/fail",
            callbackUrl = "https://merchant.example/callback",
            bizId = "order-" + Guid.NewGuid().ToString("N")[..8],
            userId = "user-1",
            region = "PHL",
        }, token);
        return data.GetProperty("signatureId").GetString()!;
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _consoles)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        foreach (var sim in new[] { AnyCheck, Verifik, AdvanceAi })
        {
            if (sim is not null)
            {
                await sim.DisposeAsync();
            }
        }
    }

    private async Task<JsonElement> AdvanceAiAsync(string path, object body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Add("X-ACCESS-TOKEN", token);
        }
        using var response = await AdvanceAi.Client.SendAsync(request);
        var envelope = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        envelope.GetProperty("code").GetString().Should().Be("SUCCESS", envelope.GetRawText());
        return envelope.GetProperty("data").Clone();
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, "the body was {0}", text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
