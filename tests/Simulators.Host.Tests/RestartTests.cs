using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Xunit.Abstractions;

namespace Simulators.Host.Tests;

/// <summary>
/// The QA sandbox's promise: with <c>--store sqlite:</c>, a host killed without warning comes back
/// with everything it had answered for, and finishes the work that was due.
/// </summary>
public sealed class RestartTests(ITestOutputHelper output) : IDisposable
{
    private const string KtpServiceId = "3fc8b757-57d3-4607-998c-9bfbc4efa6cf";
    private const string Secret = "sigkill-webhook-secret-0123456789abcdef";
    private const string AppId = "sigkill-app";
    private const int Verifications = 3;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "simulators-host-" + Guid.NewGuid().ToString("N"));
    private readonly int _anycheckPort = HostProcess.FreePort();
    private readonly int _verihubsPort = HostProcess.FreePort();
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory.
        }
    }

    [Fact]
    public async Task Sigkill_SqliteStore_RestartKeepsStateAndDeliversWhatWasDue()
    {
        await using var receiver = new WebhookReceiver();
        byte[][] images = [[0xFF, 0xD8, 0xFF, 0xE0, .. "ktp of the sigkill test"u8], [0xFF, 0xD8, 0xFF, 0xE0, .. "selfie of the sigkill test"u8]];

        // Before: state made through the real APIs, with every webhook failing (the receiver is down).
        string token;
        string[] fileIds;
        var verificationIds = new List<string>();
        JsonElement clockBefore;
        using (var host = await StartHostAsync())
        {
            Mark("started");
            using var anycheck = Client(_anycheckPort);
            using var verihubs = VerihubsClient();

            token = (await SendAsync(anycheck, HttpMethod.Post, "/auth/login", """{"email":"sandbox@example.com","password":"sandbox"}"""))
                .GetProperty("access_token").GetString()!;
            anycheck.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            var uploaded = await UploadAsync(anycheck, images);
            var paths = uploaded.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("path").GetString()!).ToArray();
            fileIds = [.. uploaded.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("url").GetString()!.Split('/')[^1])];
            var folder = (await SendAsync(anycheck, HttpMethod.Post, "/folders", """{"name":"x"}""", HttpStatusCode.Created)).GetProperty("id").GetString();

            clockBefore = await SendAsync(anycheck, HttpMethod.Post, "/__simulator/clock/freeze", """{"tenant":"sandbox"}""");
            clockBefore.GetProperty("frozen").GetBoolean().Should().BeTrue();
            for (var i = 0; i < Verifications; i++)
            {
                var created = await SendAsync(anycheck, HttpMethod.Post, "/verifications", JsonSerializer.Serialize(new
                {
                    service_id = KtpServiceId,
                    folder_id = folder,
                    configuration = new
                    {
                        verification_type = "KTP_SELFIE",
                        fraud_detection = false,
                        files = new { ktp_file = new[] { paths[0] }, selfie_file = new[] { paths[1] } },
                    },
                    webhook_url = receiver.Url("/anycheck"),
                    webhook_metadata = new { webhook_secret = Secret },
                }), HttpStatusCode.Created);
                verificationIds.Add(created.GetProperty("id").GetString()!);
            }
            await SendAsync(anycheck, HttpMethod.Post, "/__simulator/clock/advance", """{"seconds":1,"tenant":"sandbox"}""");
            foreach (var id in verificationIds)
            {
                (await SendAsync(anycheck, HttpMethod.Get, $"/verifications/{id}")).GetProperty("status").GetString().Should().Be("IN_PROGRESS");
            }
            await SendAsync(anycheck, HttpMethod.Post, "/__simulator/outcomes", """{"scenario":"FACE_MATCH_LOW","tenant":"sandbox"}""", HttpStatusCode.Created);
            await AssertFailedDeliveriesAsync(anycheck, verificationIds);

            await SendAsync(verihubs, HttpMethod.Post, "/ktp/id/extract-async", $$"""{"image":"KTP","reference_id":"ref-1","callback_url":"{{receiver.Url("/cb")}}"}""");
            (await SendAsync(verihubs, HttpMethod.Get, "/ktp/id/extract-async/result?reference_id=ref-1")).GetProperty("message").GetString().Should().Be("processing");

            if (OperatingSystem.IsLinux())
            {
                // The process killed is the host itself, not a launcher around it.
                (await File.ReadAllTextAsync($"/proc/{host.Id}/cmdline")).Should().Contain("Simulators.Host.dll");
            }
            Mark("killing");
            (await host.KillAsync()).Should().Be(128 + 9, "SIGKILL ends the process with signal 9");
        }

        // After: the same file and ports, nothing of the old process left.
        using (var host = await StartHostAsync())
        {
            using var anycheck = Client(_anycheckPort);
            anycheck.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var verihubs = VerihubsClient();
            Mark("restarted");

            // The JWT signing key persisted: the old token still works.
            await SendAsync(anycheck, HttpMethod.Get, "/profile");
            for (var i = 0; i < fileIds.Length; i++)
            {
                using var file = await anycheck.GetAsync(new Uri($"/files/{fileIds[i]}", UriKind.Relative));
                file.StatusCode.Should().Be(HttpStatusCode.OK);
                (await file.Content.ReadAsByteArrayAsync()).Should().Equal(images[i]);
            }
            var clockAfter = await SendAsync(anycheck, HttpMethod.Get, "/__simulator/clock?tenant=sandbox");
            clockAfter.GetProperty("frozen").GetBoolean().Should().BeTrue();
            clockAfter.GetProperty("now").GetDateTimeOffset().Should().Be(clockBefore.GetProperty("now").GetDateTimeOffset().AddSeconds(1));
            foreach (var id in verificationIds)
            {
                (await SendAsync(anycheck, HttpMethod.Get, $"/verifications/{id}")).GetProperty("status").GetString().Should().Be("IN_PROGRESS");
            }
            (await SendAsync(anycheck, HttpMethod.Get, "/__simulator/outcomes?tenant=sandbox")).GetProperty("queued").EnumerateArray()
                .Select(o => o.GetString()).Should().Equal("FACE_MATCH_LOW");
            await AssertFailedDeliveriesAsync(anycheck, verificationIds);

            // The receiver comes up; an hour later every webhook owed has arrived, signed.
            Mark("checked");
            await receiver.StartAsync();
            await SendAsync(anycheck, HttpMethod.Post, "/__simulator/clock/advance", """{"seconds":3600,"tenant":"sandbox"}""");
            Mark("advanced");
            var webhooks = receiver.Received.Where(r => r.Path == "/anycheck").ToList();
            foreach (var webhook in webhooks)
            {
                var timestamp = webhook.Headers["X-AnyCheck-Timestamp"];
                var expected = "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Signed(timestamp, webhook.Body)));
                webhook.Headers["X-AnyCheck-Signature"].Should().Be(expected);
            }
            var announced = webhooks.Select(w => JsonDocument.Parse(w.Body).RootElement)
                .Select(b => (Id: b.GetProperty("verification_id").GetString(), Status: b.GetProperty("status").GetString())).ToList();
            foreach (var id in verificationIds)
            {
                announced.Should().Contain((id, "IN_PROGRESS")).And.Contain((id, "COMPLETED"), "verification {0} finished within the hour", id);
            }

            // Verihubs: its job finished on real time; the callback waits for its retries, which the jump runs.
            await SendAsync(verihubs, HttpMethod.Post, "/__simulator/clock/advance", $$"""{"seconds":600,"tenant":"{{AppId}}"}""");
            var result = await PollAsync(async () =>
            {
                var body = await SendAsync(verihubs, HttpMethod.Get, "/ktp/id/extract-async/result?reference_id=ref-1");
                return body.TryGetProperty("data", out var data) ? data : (JsonElement?)null;
            });
            Mark("verihubs done");
            result.GetProperty("nik").GetString().Should().MatchRegex("^[0-9]{16}$", "the finished extraction (its body names no reference_id)");
            var callback = receiver.Received.Should().Contain(r => r.Path == "/cb").Which;
            callback.Headers["Authorization"].Should().Be("Basic " + Convert.ToBase64String("sandbox-callback-user:sandbox-callback-password"u8));
            JsonDocument.Parse(callback.Body).RootElement.GetRawText().Should().Contain("ref-1");
        }
    }

    // Where the time went, in the test's output: the test should stay well under 30 s.
    private void Mark(string what) => output.WriteLine($"{_watch.Elapsed.TotalSeconds:0.00} s {what}");

    private Task<HostProcess> StartHostAsync() => HostProcess.StartRunningAsync(
        "--store", $"sqlite:{Path.Combine(_directory, "state.db")}",
        "--anycheck-urls", $"http://127.0.0.1:{_anycheckPort}",
        "--verihubs-urls", $"http://127.0.0.1:{_verihubsPort}");

    private static async Task AssertFailedDeliveriesAsync(HttpClient anycheck, IReadOnlyList<string> verificationIds)
    {
        var deliveries = (await SendAsync(anycheck, HttpMethod.Get, "/__simulator/webhooks?tenant=sandbox")).GetProperty("items").EnumerateArray().ToList();
        deliveries.Should().HaveCount(verificationIds.Count, "one IN_PROGRESS webhook is owed per verification");
        foreach (var delivery in deliveries)
        {
            delivery.GetProperty("state").GetString().Should().Be("pending");
            var attempts = delivery.GetProperty("attempts").EnumerateArray().ToList();
            attempts.Should().NotBeEmpty();
            attempts.Should().OnlyContain(a => a.GetProperty("statusCode").ValueKind == JsonValueKind.Null, "the receiver was down");
            delivery.GetProperty("body").GetProperty("status").GetString().Should().Be("IN_PROGRESS");
        }
        deliveries.Select(d => d.GetProperty("body").GetProperty("verification_id").GetString()).Should().BeEquivalentTo(verificationIds);
    }

    private static byte[] Signed(string timestamp, byte[] body) => [.. Encoding.UTF8.GetBytes(timestamp + "."), .. body];

    private static HttpClient Client(int port) => new() { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = HostProcess.Timeout };

    private HttpClient VerihubsClient()
    {
        var client = Client(_verihubsPort);
        client.DefaultRequestHeaders.Add("App-ID", AppId);
        client.DefaultRequestHeaders.Add("API-Key", "sandbox-api-key");
        return client;
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, byte[][] files)
    {
        using var form = new MultipartFormDataContent { { new StringContent("VERIFICATION_INPUT_FILE"), "file_category" } };
        for (var i = 0; i < files.Length; i++)
        {
            var part = new ByteArrayContent(files[i]);
            part.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
            form.Add(part, "files", string.Create(CultureInfo.InvariantCulture, $"file{i}.jpg"));
        }
        using var response = await client.PostAsync(new Uri("/uploads", UriKind.Relative), form);
        return await ReadAsync(response, HttpStatusCode.Created);
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        return await ReadAsync(response, expected);
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(expected, "{0} {1} answered {2}", response.RequestMessage?.Method, response.RequestMessage?.RequestUri, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<JsonElement> PollAsync(Func<Task<JsonElement?>> read)
    {
        var deadline = DateTime.UtcNow + HostProcess.Timeout;
        while (true)
        {
            if (await read() is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The Verihubs result did not finish in time.");
            }
            await Task.Delay(100);
        }
    }
}
