// tests/Simulators.Testing.Tests/ReadmeExamples/AnyCheckExampleTests.cs
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Simulators.Testing;

namespace MyApp.Tests;

// Your own client, as your application registers it.
public sealed class AnyCheckClient(HttpClient http)
{
    public async Task<string> StartKtpCheckAsync(byte[] ktp, byte[] selfie, string webhookUrl)
    {
        using var form = new MultipartFormDataContent { { new StringContent("VERIFICATION_INPUT_FILE"), "file_category" } };
        foreach (var (bytes, name) in new[] { (ktp, "ktp.jpg"), (selfie, "selfie.jpg") })
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "files", name);
        }
        var uploaded = await ReadAsync(await http.PostAsync(new Uri("/uploads", UriKind.Relative), form));
        var paths = uploaded.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()).ToArray();
        var folder = await ReadAsync(await http.PostAsJsonAsync("/folders", new { name = "Onboarding" }));
        var created = await ReadAsync(await http.PostAsJsonAsync("/verifications", new
        {
            service_id = "3fc8b757-57d3-4607-998c-9bfbc4efa6cf",
            folder_id = folder.GetProperty("id").GetString(),
            configuration = new
            {
                verification_type = "KTP_SELFIE",
                fraud_detection = false,
                files = new { ktp_file = new[] { paths[0] }, selfie_file = new[] { paths[1] } },
            },
            webhook_url = webhookUrl,
        }));
        return created.GetProperty("id").GetString()!;
    }

    public async Task<string> GetStatusAsync(string id) =>
        (await ReadAsync(await http.GetAsync(new Uri("/verifications/" + id, UriKind.Relative)))).GetProperty("status").GetString()!;

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<JsonElement>();
        }
    }
}

public sealed class AnyCheckClientTests
{
    [Fact]
    public async Task StartKtpCheck_ReceiverFailsOnce_CompletesAndWebhookIsRetried()
    {
        await using var anycheck = await SimulatorHarness.StartAnyCheckAsync();
        var services = new ServiceCollection();
        services.AddHttpClient<AnyCheckClient>(c => c.DefaultRequestHeaders.Add("X-API-Key", "ak_test_my_suite"))
            .UseSimulator(anycheck);
        var client = services.BuildServiceProvider().GetRequiredService<AnyCheckClient>();
        var attempts = 0;
        anycheck.Webhooks.OnWebhook(webhook => Task.FromResult(Interlocked.Increment(ref attempts) == 1 ? 503 : 200));

        var id = await client.StartKtpCheckAsync(Fixtures.Image("ktp-ok-male.jpg"), Fixtures.Image("selfie-match.jpg"), "https://my-app.example/hooks/anycheck");
        await anycheck.Control.AdvanceAsync(TimeSpan.FromSeconds(3));   // IN_PROGRESS (its webhook answered 503), then COMPLETED
        (await client.GetStatusAsync(id)).Should().Be("COMPLETED");
        await anycheck.Control.AdvanceAsync(TimeSpan.FromSeconds(10));  // the retry of the 503

        var deliveries = await anycheck.Control.GetWebhooksAsync("ak_test_my_suite");
        deliveries.Should().HaveCount(2);
        deliveries[0].GetProperty("attempts").EnumerateArray().Select(a => a.GetProperty("statusCode").GetInt32()).Should().Equal(503, 200);
        anycheck.Webhooks.Received.Should().HaveCount(3);
    }
}
