using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Simulators.Bench;

/// <summary>What a create needs in one tenant: two uploaded files (KTP, selfie) and a folder, made as the seeder makes them.</summary>
internal sealed record CreateInputs(string ApiKey, string KtpPath, string SelfiePath, string FolderId);

/// <summary>One delivery as <c>/__simulator/webhooks</c> lists it: when it fell due (tenant clock), its first attempt (wall clock).</summary>
internal sealed record DeliverySeen(string State, DateTimeOffset CreatedAt, DateTimeOffset? FirstSentAt, int? FirstStatus, int Attempts);

/// <summary>The simulator's HTTP API as the benchmark uses it: inputs, creates in bulk, the clock, the outbox.</summary>
internal static class SimulatorApi
{
    /// <summary>The KTP service of the simulator's service catalogue.</summary>
    public const string ServiceId = "3fc8b757-57d3-4607-998c-9bfbc4efa6cf";

    /// <summary>Every tenant starts with 1,000 credits (100 creates); the write sections store far more.</summary>
    public const string UnlimitedCredits = "AnyCheck:InitialCredits=2000000000";

    public static HttpClient Client(string baseUrl, string apiKey = Seeder.ApiKey, int connections = 64)
    {
        var handler = new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        return http;
    }

    /// <summary>Uploads the KTP and the selfie and creates a folder, in the tenant of <paramref name="http"/>'s key.</summary>
    public static async Task<CreateInputs> PrepareAsync(HttpClient http, string apiKey, string folderName)
    {
        using var upload = new MultipartFormDataContent
        {
            { new StringContent("VERIFICATION_INPUT_FILE"), "file_category" },
        };
        upload.Add(Seeder.Jpeg(1), "files", "ktp.jpg");
        upload.Add(Seeder.Jpeg(2), "files", "selfie.jpg");
        var uploaded = await ReadAsync(await http.PostAsync("/uploads", upload), "POST /uploads");
        var files = uploaded.GetProperty("files");
        var folder = await ReadAsync(await http.PostAsJsonAsync("/folders", new { name = folderName }), "POST /folders");
        return new CreateInputs(apiKey, files[0].GetProperty("path").GetString()!, files[1].GetProperty("path").GetString()!, folder.GetProperty("id").GetString()!);
    }

    /// <summary>A valid KTP_SELFIE create body; with <paramref name="webhookUrl"/>, each status change is announced there.</summary>
    public static string CreateBody(CreateInputs inputs, string? webhookUrl = null)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("service_id", ServiceId);
            json.WriteString("folder_id", inputs.FolderId);
            json.WriteStartObject("configuration");
            json.WriteString("verification_type", "KTP_SELFIE");
            json.WriteStartObject("files");
            json.WriteStartArray("ktp_file");
            json.WriteStringValue(inputs.KtpPath);
            json.WriteEndArray();
            json.WriteStartArray("selfie_file");
            json.WriteStringValue(inputs.SelfiePath);
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndObject();
            if (webhookUrl is not null)
            {
                json.WriteString("webhook_url", webhookUrl);
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>
    /// <paramref name="count"/> creates with the same body, <paramref name="parallel"/> at a time; every one must be a 201.
    /// Returns the ids (when asked) and the wall time.
    /// </summary>
    public static async Task<(List<string> Ids, TimeSpan Elapsed)> CreateManyAsync(HttpClient http, string body, int count, int parallel, bool keepIds, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var ids = new string[keepIds ? count : 0];
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, parallel).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var id = await CreateOneAsync(http, bytes, cancellationToken);
                if (keepIds)
                {
                    ids[i] = id;
                }
            }
        }));
        return ([.. ids], Stopwatch.GetElapsedTime(started));
    }

    public static async Task<string> CreateOneAsync(HttpClient http, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync("/verifications", content, cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"POST /verifications answered {(int)response.StatusCode}, not 201: {Encoding.UTF8.GetString(bytes)}");
        }
        using var doc = JsonDocument.Parse(bytes);
        return doc.RootElement.GetProperty("id").GetString()!;
    }

    public static async Task<string> StatusAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        var view = await ReadAsync(await http.GetAsync("/verifications/" + id, cancellationToken), "GET /verifications/" + id);
        return view.GetProperty("status").GetString()!;
    }

    public static async Task FreezeAsync(HttpClient http, string? tenant = null) =>
        await ReadAsync(await http.PostAsJsonAsync("/__simulator/clock/freeze", TenantBody(tenant)), "POST /__simulator/clock/freeze");

    public static async Task ResumeAsync(HttpClient http, string? tenant = null) =>
        await ReadAsync(await http.PostAsJsonAsync("/__simulator/clock/resume", TenantBody(tenant)), "POST /__simulator/clock/resume");

    /// <summary>Moves a clock (the simulator's, or one tenant's) forward; the call returns when everything it made due is done.</summary>
    public static async Task<TimeSpan> AdvanceAsync(HttpClient http, double seconds, string? tenant = null, CancellationToken cancellationToken = default)
    {
        var body = tenant is null ? (object)new { seconds } : new { seconds, tenant };
        var started = Stopwatch.GetTimestamp();
        await ReadAsync(await http.PostAsJsonAsync("/__simulator/clock/advance", body, cancellationToken), "POST /__simulator/clock/advance");
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// The tenant's clock minus the wall clock of this machine (the simulator reads the same system clock):
    /// GET <c>/__simulator/clock</c> against the midpoint of the call, best of five.
    /// </summary>
    public static async Task<TimeSpan> ClockOffsetAsync(HttpClient http, string tenant)
    {
        var best = (Rtt: TimeSpan.MaxValue, Offset: TimeSpan.Zero);
        for (var i = 0; i < 5; i++)
        {
            var before = DateTimeOffset.UtcNow;
            var clock = await ReadAsync(await http.GetAsync("/__simulator/clock?tenant=" + Uri.EscapeDataString(tenant)), "GET /__simulator/clock");
            var after = DateTimeOffset.UtcNow;
            var now = clock.GetProperty("now").GetDateTimeOffset();
            var rtt = after - before;
            if (rtt < best.Rtt)
            {
                best = (rtt, now - (before + (rtt / 2)));
            }
        }
        return best.Offset;
    }

    public static async Task<List<DeliverySeen>> DeliveriesAsync(HttpClient http, string tenant)
    {
        using var response = await http.GetAsync("/__simulator/webhooks?tenant=" + Uri.EscapeDataString(tenant), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var doc = await JsonDocument.ParseAsync(stream);
        var seen = new List<DeliverySeen>();
        foreach (var item in doc.RootElement.GetProperty("items").EnumerateArray())
        {
            var attempts = item.GetProperty("attempts");
            var first = attempts.GetArrayLength() > 0 ? attempts[0] : (JsonElement?)null;
            seen.Add(new DeliverySeen(
                item.GetProperty("state").GetString()!,
                item.GetProperty("createdAt").GetDateTimeOffset(),
                first?.GetProperty("sentAt").GetDateTimeOffset(),
                first?.GetProperty("statusCode") is { ValueKind: JsonValueKind.Number } code ? code.GetInt32() : null,
                attempts.GetArrayLength()));
        }
        return seen;
    }

    public static string Key(int tenant) => "ak_test_" + tenant.ToString(CultureInfo.InvariantCulture);

    private static object TenantBody(string? tenant) => tenant is null ? new { } : new { tenant };

    /// <summary>A successful answer's JSON; anything else stops the run, naming the call.</summary>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, string what)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"{what} answered {(int)response.StatusCode}: {text}");
            }
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.Clone();
        }
    }
}
