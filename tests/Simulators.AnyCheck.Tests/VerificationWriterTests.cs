using System.Text;
using System.Text.Json;
using Simulators.AnyCheck.Verifications;
using Simulators.AnyCheck.Webhooks;
using Simulators.Core.Json;

namespace Simulators.AnyCheck.Tests;

/// <summary>
/// The hand-written Verification writer against the source-generated serializer it replaces: the
/// same bytes for every shape a view takes (nulls, dates, unicode and escapes in what the client
/// sent, several files, external job ids), alone, in a list and inside a webhook payload.
/// </summary>
public sealed class VerificationWriterTests
{
    // The wire options without the writer: the serializer's own output for the same view.
    private static readonly AnyCheckJson BySerializer = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new UtcSecondsConverter() },
    });

    private static readonly DateTimeOffset Created = new(2026, 3, 4, 5, 6, 7, 891, TimeSpan.Zero);

    public static TheoryData<string> Shapes => [.. Views().Keys];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Write_EveryShape_SameBytesAsTheSerializer(string shape)
    {
        var view = Views()[shape];

        var written = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(view, AnyCheckJson.Wire.VerificationResponse));
        var serialized = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(view, BySerializer.VerificationResponse));

        written.Should().Be(serialized);
    }

    [Fact]
    public void Write_InAListAndAWebhookPayload_SameBytesAsTheSerializer()
    {
        var views = Views().Values.ToList();
        var list = new VerificationList(views.Count, "PARTIALLY_COMPLETED", views);
        var payload = new WebhookPayload(AnyCheckWebhooks.EventName, Created, views[1].Id, views[1].ResultId, "COMPLETED", views[1]);

        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(list, AnyCheckJson.Wire.VerificationList))
            .Should().Be(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(list, BySerializer.VerificationList)));
        Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(payload, AnyCheckJson.Wire.WebhookPayload))
            .Should().Be(Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(payload, BySerializer.WebhookPayload)));
    }

    [Fact]
    public void Write_WritesTheFieldsInTheDocsOrder()
    {
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(Views()["finished"], AnyCheckJson.Wire.VerificationResponse));

        document.RootElement.EnumerateObject().Select(p => p.Name).Should().Equal(
            "id", "service", "user_id", "api_key", "folder_id", "result_id", "execution_time", "status", "start_date", "end_date",
            "input_config", "input_file_url", "output", "output_file_url", "output_status", "external_job_id", "webhook_url",
            "webhook_metadata", "export_file_url", "credit_used", "total_files", "total_pages", "created_at", "updated_at");
    }

    private static Dictionary<string, VerificationResponse> Views()
    {
        var queued = new VerificationResponse(
            Guid.Parse("0b9e5d1c-3f7a-4c2e-9d1b-5a6f7e8d9c0b"),
            new ServiceRef(Guid.Parse("3fc8b757-57d3-4607-998c-9bfbc4efa6cf"), "KTP & PEP"),
            null,
            "ak_tes****",
            Guid.Parse("9c2a1b3d-4e5f-4a6b-8c7d-1e2f3a4b5c6d"),
            Guid.Parse("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
            0,
            "IN_QUEUE",
            null,
            null,
            RawJson.Of(Json("""{"verification_type":"KTP_SELFIE","files":{"ktp_file":["uploads/a_ktp.jpg"],"selfie_file":["uploads/b_selfie.jpg"]}}""")),
            FileUrlMap.Of([KeyValuePair.Create("ktp_file", new[] { "http://127.0.0.1:5101/files/a" }), KeyValuePair.Create("selfie_file", new[] { "http://127.0.0.1:5101/files/b" })]),
            Json("{}"),
            null,
            null,
            new ExternalJobIds([], []),
            null,
            Json("{}"),
            null,
            10,
            2,
            2,
            Created,
            Created);
        return new Dictionary<string, VerificationResponse>(StringComparer.Ordinal)
        {
            ["queued"] = queued,
            ["finished"] = queued with
            {
                UserId = Guid.Parse("eaa52fb0-f3f1-5341-ae7a-27f35cfb1457"),
                ApiKey = null,
                ExecutionTime = 2.284,
                Status = "COMPLETED",
                StartDate = Created.AddSeconds(1),
                EndDate = Created.AddSeconds(3),
                Output = Json("""{"ktp":{"nik":"3171234567890001","nama":"BUDI SANTOSO","alamat":"JL. MERDEKA NO. 1"},"selfie":{"similarity":0.9731,"liveness":true},"pep":null,"list":[1,2.50,-3e2]}"""),
                OutputFileUrl = "http://127.0.0.1:5101/files/0b9e5d1c-3f7a-4c2e-9d1b-5a6f7e8d9c0b",
                OutputStatus = "VERIFIED",
                ExternalJobId = new ExternalJobIds([Guid.Parse("aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee")], [Guid.Parse("11111111-2222-4333-8444-555555555555")]),
                WebhookUrl = "https://client.example/hooks/anycheck?a=1&b=<2>",
                WebhookMetadata = Json("""{"order":"ORD-1","note":"caf\u00e9 & \"quotes\" <tag> 'single' \/ Ω 😀","nested":{"n":[true,false,null]}}"""),
                CreditUsed = 0,
                UpdatedAt = Created.AddSeconds(3),
            },
            ["escapes in what the client sent"] = queued with
            {
                InputConfig = RawJson.Of(Json("""
                    {
                      "verification_type" : "KTP_PEP",
                      "fraud_detection": true,
                      "files": { "ktp_file": [ "uploads/caf\u00e9 & <x>.jpg", "uploads/\ud83d\ude00.png" ] },
                      "extra": { "number": 1.50, "big": 12345678901234567890, "exp": 1E+2, "text": "tab\there \/ slash" }
                    }
                    """)),
                InputFileUrl = FileUrlMap.Of([KeyValuePair.Create("ktp_file", new[] { "http://h/files/1", "http://h/files/2" })]),
                ExecutionTime = 0.001,
            },
            ["other file fields, a plain dictionary (a record read back from a database)"] = queued with
            {
                InputFileUrl = new Dictionary<string, string[]>(StringComparer.Ordinal)
                {
                    ["ktp_file"] = ["http://h/files/1"],
                    ["extra_file"] = [],
                    ["ünïcode_field & more"] = ["http://h/files/é"],
                },
                ExecutionTime = 12,
                Status = "FAILED",
                StartDate = Created,
                EndDate = Created.AddHours(1).AddMilliseconds(999),
                OutputStatus = "FAILED",
            },
            ["no files yet (a draft)"] = queued with
            {
                InputConfig = RawJson.Of(Json("""{"verification_type":"KTP_SELFIE"}""")),
                InputFileUrl = FileUrlMap.Of([]),
                Status = "DRAFT",
                CreditUsed = 0,
                TotalFiles = 0,
                TotalPages = 0,
            },
        };
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
