using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Simulators.Bench;

/// <summary>One finished verification, created through the simulator's own HTTP API.</summary>
internal sealed record Seeded(string Id, string Path, byte[] Body, string? ContentType);

internal static class Seeder
{
    public const string ApiKey = "ak_test_bench";

    /// <summary>The KTP service of the simulator's service catalogue.</summary>
    private const string ServiceId = "3fc8b757-57d3-4607-998c-9bfbc4efa6cf";

    public static HttpClient Client(string baseUrl)
    {
        var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        return http;
    }

    public static async Task<Seeded> SeedAsync(string baseUrl)
    {
        using var http = Client(baseUrl);

        using var upload = new MultipartFormDataContent
        {
            { new StringContent("VERIFICATION_INPUT_FILE"), "file_category" },
        };
        upload.Add(Jpeg(1), "files", "ktp.jpg");
        upload.Add(Jpeg(2), "files", "selfie.jpg");
        var uploaded = await SimulatorApi.ReadAsync(await http.PostAsync("/uploads", upload), "POST /uploads");
        var files = uploaded.GetProperty("files");
        var ktp = files[0].GetProperty("path").GetString()!;
        var selfie = files[1].GetProperty("path").GetString()!;

        var folder = await SimulatorApi.ReadAsync(await http.PostAsJsonAsync("/folders", new { name = "bench" }), "POST /folders");
        var folderId = folder.GetProperty("id").GetString()!;

        var created = await SimulatorApi.ReadAsync(await http.PostAsJsonAsync("/verifications", new
        {
            service_id = ServiceId,
            folder_id = folderId,
            configuration = new
            {
                verification_type = "KTP_SELFIE",
                files = new { ktp_file = new[] { ktp }, selfie_file = new[] { selfie } },
            },
        }), "POST /verifications");
        var id = created.GetProperty("id").GetString()!;
        var path = "/verifications/" + id;

        // Move the simulator's clock past the verification's timeline so it is finished (COMPLETED).
        for (var attempt = 0; ; attempt++)
        {
            await SimulatorApi.ReadAsync(await http.PostAsJsonAsync("/__simulator/clock/advance", new { seconds = 5 }), "POST /__simulator/clock/advance");
            var status = (await SimulatorApi.ReadAsync(await http.GetAsync(path), "GET " + path)).GetProperty("status").GetString();
            if (status == "COMPLETED")
            {
                break;
            }
            if (attempt == 5)
            {
                throw new InvalidOperationException($"The seeded verification is {status}, not COMPLETED, after advancing the clock.");
            }
        }

        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadAsByteArrayAsync();
        using var again = await http.GetAsync(path);
        var second = await again.Content.ReadAsByteArrayAsync();
        if (!body.AsSpan().SequenceEqual(second))
        {
            throw new InvalidOperationException("Two GETs of the finished verification returned different bytes; the bare endpoint could not mirror it.");
        }
        return new Seeded(id, path, body, response.Content.Headers.ContentType?.ToString());
    }

    /// <summary>A small JPEG-looking file (FF D8 FF E0 header); <paramref name="seed"/> makes the two uploads differ.</summary>
    public static ByteArrayContent Jpeg(int seed)
    {
        var bytes = new byte[2048];
        new Random(seed).NextBytes(bytes);
        byte[] header = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00];
        header.CopyTo(bytes, 0);
        bytes[^2] = 0xFF;
        bytes[^1] = 0xD9;
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        return content;
    }
}
