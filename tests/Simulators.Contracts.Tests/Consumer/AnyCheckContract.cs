using System.Net;
using Simulators.Contracts.Tests.Client;
using Simulators.Contracts.Tests.Pact;

namespace Simulators.Contracts.Tests.Consumer;

/// <summary>
/// The interactions of the reference client with AnyCheck (<c>contracts/pacts/ekyc-client-anycheck.json</c>).
/// Ids, tokens and timestamps are matched by shape; statuses and error codes are matched exactly.
/// </summary>
internal static class AnyCheckContract
{
    public const string ApiKey = "ak_test_sandbox";

    private const string ServiceId = "3fc8b757-57d3-4607-998c-9bfbc4efa6cf";
    private const string FolderId = "5d0e3f1e-2d7a-4c1b-9e55-7d1f2a9c8e01";
    private const string ResultId = "c2f1d3e4-5a6b-4c7d-8e9f-0a1b2c3d4e5f";
    private const string UnknownId = "00000000-0000-4000-8000-0000000000ff";
    private const string KtpPath = "uploads/contract_ktp.jpg";
    private const string SelfiePath = "uploads/contract_selfie.jpg";
    private const string Jwt = @"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$";
    private const string ExampleJwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzYW5kYm94In0.c2lnbmF0dXJl";
    private const string ExpiredJwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJleHAiOjE3MDAwMDAwMDB9.ZXhwaXJlZA";
    private const string FileUrl = @"^https?://[^/]+/files/[0-9a-f-]{36}$";
    private const string WebhookUrl = "http://127.0.0.1:8080/webhooks/anycheck";

    /// <summary>Every documented status, each with its own provider state and verification id (what <c>pact stub</c> serves for it).</summary>
    public static IReadOnlyDictionary<string, string> StatusIds { get; } = new Dictionary<string, string>
    {
        ["DRAFT"] = "10000000-0000-4000-8000-000000000001",
        ["IN_QUEUE"] = "11111111-1111-4111-8111-111111111111",
        ["IN_PROGRESS"] = "22222222-2222-4222-8222-222222222222",
        ["COMPLETED"] = "33333333-3333-4333-8333-333333333333",
        ["FAILED"] = "44444444-4444-4444-8444-444444444444",
        ["CANCELLED"] = "66666666-6666-4666-8666-666666666666",
        ["NEED_REVIEW"] = "77777777-7777-4777-8777-777777777777",
        ["FRAUD_DETECTED"] = "88888888-8888-4888-8888-888888888888",
        ["PARTIALLY_COMPLETED"] = "99999999-9999-4999-8999-999999999999",
        ["PARTIALLY_FAILED"] = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa",
    };

    /// <summary>The provider state of a verification in <paramref name="status"/> (the simulator seeds it by that name).</summary>
    public static string StateOf(string status) => $"a verification in status {status} exists";

    // Small files of each kind a KTP comes as: the contract matches the file part by its content type.
    private static readonly byte[] KtpScan = "%PDF-1.4\n1 0 obj << /Type /Page >>\n%%EOF\n"u8.ToArray();
    private static readonly byte[] KtpPhoto = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9];

    public static IReadOnlyList<ContractCase> Cases { get; } =
    [
        Case("login with the sandbox credentials",
            i => i.Given("the sandbox account exists")
                .WithRequest("POST", "/auth/login")
                .WithJsonBody(new { email = "sandbox@example.com", password = "sandbox" })
                .WillRespondWith(200)
                .WithResponseJsonBody(new { access_token = Match.Regex(Jwt, ExampleJwt), refresh_token = Match.Regex(Jwt, ExampleJwt), expires_in = Match.Integer(3600) }),
            async client =>
            {
                var tokens = await client.LoginAsync("sandbox@example.com", "sandbox");
                tokens.ExpiresIn.Should().Be(3600);
                tokens.AccessToken.Split('.').Should().HaveCount(3);
            }),

        Case("login with a wrong password",
            i => i.Given("the sandbox account exists")
                .WithRequest("POST", "/auth/login")
                .WithJsonBody(new { email = "sandbox@example.com", password = "wrong-password" })
                .WillRespondWith(401)
                .WithResponseJsonBody(Error("INVALID_CREDENTIALS")),
            async client => (await Refused(() => client.LoginAsync("sandbox@example.com", "wrong-password"))).Should().Be((HttpStatusCode.Unauthorized, "INVALID_CREDENTIALS"))),

        Upload("an upload of a scanned KTP", ("ktp.pdf", KtpScan), "application/pdf"),
        Upload("an upload of a KTP photo", ("ktp.jpg", KtpPhoto), "image/jpeg"),

        Create("a KTP_SELFIE verification is created", webhook: false),
        Create("a KTP_SELFIE verification is created with a webhook", webhook: true),

        .. StatusIds.Select(s => Fetch(s.Key, s.Value)),

        Case("verifications are listed by result id",
            i => i.Given(StateOf("COMPLETED"), new { id = "55555555-5555-4555-8555-555555555555", resultId = ResultId })
                .WithRequest("GET", "/verifications")
                .WithQuery("result_id", ResultId)
                .WithHeader("X-API-Key", ApiKey)
                .WillRespondWith(200)
                .WithResponseJsonBody(new { total = Match.Integer(1), overall_status = "COMPLETED", items = Match.EachLike(VerificationBody("COMPLETED", "55555555-5555-4555-8555-555555555555")) }),
            async client =>
            {
                client.UseApiKey(ApiKey);
                var list = await client.ListByResultAsync(Guid.Parse(ResultId));
                list.OverallStatus.Should().Be("COMPLETED");
                list.Items.Should().ContainSingle().Which.Status.Should().Be("COMPLETED");
            }),

        Case("an unknown verification is fetched",
            i => i.Given("no verification exists")
                .WithRequest("GET", "/verifications/" + UnknownId)
                .WithHeader("X-API-Key", ApiKey)
                .WillRespondWith(404)
                .WithResponseJsonBody(Error("NOT_FOUND")),
            async client =>
            {
                client.UseApiKey(ApiKey);
                (await Refused(() => client.GetVerificationAsync(Guid.Parse(UnknownId)))).Should().Be((HttpStatusCode.NotFound, "NOT_FOUND"));
            }),

        Case("a request with a malformed access token",
            i => i.WithRequest("GET", "/verifications/" + UnknownId)
                .WithHeader("Authorization", "Bearer not-a-valid-token")
                .WillRespondWith(401)
                .WithResponseJsonBody(Error("INVALID_TOKEN")),
            async client =>
            {
                client.UseAccessToken("not-a-valid-token");
                (await Refused(() => client.GetVerificationAsync(Guid.Parse(UnknownId)))).Should().Be((HttpStatusCode.Unauthorized, "INVALID_TOKEN"));
            }),

        Case("a request with an expired access token",
            i => i.Given("the access token has expired", new { token = ExpiredJwt })
                .WithRequest("GET", "/verifications/" + UnknownId)
                .WithHeader("Authorization", "Bearer " + ExpiredJwt)
                .WillRespondWith(401)
                .WithResponseJsonBody(Error("TOKEN_EXPIRED")),
            async client =>
            {
                client.UseAccessToken(ExpiredJwt);
                (await Refused(() => client.GetVerificationAsync(Guid.Parse(UnknownId)))).Should().Be((HttpStatusCode.Unauthorized, "TOKEN_EXPIRED"));
            }),

        Case("a request without credentials",
            i => i.WithRequest("GET", "/verifications/" + UnknownId)
                .WillRespondWith(401)
                .WithResponseJsonBody(Error("UNAUTHORIZED")),
            async client => (await Refused(() => client.GetVerificationAsync(Guid.Parse(UnknownId)))).Should().Be((HttpStatusCode.Unauthorized, "UNAUTHORIZED"))),
    ];

    /// <summary>The reference client's upload of one file; matched by part names and the file's content type, never by boundary or bytes.</summary>
    private static ContractCase Upload(string name, (string Name, byte[] Bytes) file, string contentType)
    {
        using var form = AnyCheckClient.UploadForm([file]);
        var body = form.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        var formType = form.Headers.ContentType!.ToString();
        return Case(name,
            i => i.Given("the sandbox account exists")
                .WithRequest("POST", "/uploads")
                .WithHeader("X-API-Key", ApiKey)
                .WithMultipartBody(formType, body, new Dictionary<string, string> { ["files"] = contentType })
                .WillRespondWith(201)
                .WithResponseJsonBody(new
                {
                    object_id = Match.UuidLike("0b6f3c1e-2d7a-4c1b-9e55-7d1f2a9c8e01"),
                    file_category = "VERIFICATION_INPUT_FILE",
                    files = Match.EachLike(new
                    {
                        path = Match.Regex("^/?uploads/.+$", "uploads/6a1d7c2e0f3b4e9a8c112b5e7f9d4a10_" + file.Name),
                        url = Match.Regex(FileUrl, "https://api.anycheck.ai/files/6a1d7c2e-0f3b-4e9a-8c11-2b5e7f9d4a10"),
                        page_count = Match.Integer(1),
                    }),
                }),
            async client =>
            {
                client.UseApiKey(ApiKey);
                var result = await client.UploadAsync([file]);
                result.FileCategory.Should().Be("VERIFICATION_INPUT_FILE");
                result.Files.Should().ContainSingle().Which.PageCount.Should().Be(1);
            });
    }

    private static ContractCase Case(string name, Action<InteractionBuilder> describe, Func<AnyCheckClient, Task> exercise) =>
        new(name, describe, http => exercise(new AnyCheckClient(http)));

    private static ContractCase Create(string name, bool webhook) => Case(
        name,
        i => i.Given("a folder with an uploaded KTP and selfie exists", new { folderId = FolderId, ktpPath = KtpPath, selfiePath = SelfiePath })
            .WithRequest("POST", "/verifications")
            .WithHeader("X-API-Key", ApiKey)
            .WithJsonBody(CreateBody(webhook))
            .WillRespondWith(201)
            .WithResponseJsonBody(VerificationBody("IN_QUEUE", "7b3e9d10-4a2f-4f0e-b1c3-55e2d0a9f311", webhook)),
        async client =>
        {
            client.UseApiKey(ApiKey);
            var created = await client.CreateVerificationAsync(new CreateVerification(
                Guid.Parse(ServiceId), Guid.Parse(FolderId), new VerificationConfiguration("KTP_SELFIE", false, new VerificationFiles([KtpPath], [SelfiePath])),
                WebhookUrl: webhook ? WebhookUrl : null,
                WebhookMetadata: webhook ? new Dictionary<string, string> { ["order_ref"] = "A-17" } : null));
            created.Status.Should().Be("IN_QUEUE");
            created.StartDate.Should().BeNull();
            created.ExecutionTime.Should().Be(0);
        });

    /// <summary>The create's body; the optional webhook fields by shape (any URL, any string metadata).</summary>
    private static Dictionary<string, object?> CreateBody(bool webhook)
    {
        var body = new Dictionary<string, object?>
        {
            ["service_id"] = Match.UuidLike(ServiceId),
            ["folder_id"] = Match.UuidLike(FolderId),
            ["configuration"] = new
            {
                verification_type = "KTP_SELFIE",
                fraud_detection = Match.Type(false),
                files = new { ktp_file = new[] { KtpPath }, selfie_file = new[] { SelfiePath } },
            },
        };
        if (webhook)
        {
            body["webhook_url"] = Match.Regex(@"^https?://\S+$", WebhookUrl);
            body["webhook_metadata"] = Match.EachValue(Match.Type("A-17"), new Dictionary<string, object> { ["order_ref"] = "A-17" });
        }
        return body;
    }

    private static ContractCase Fetch(string status, string id) => Case(
        $"a verification in {status} is fetched",
        i => i.Given(StateOf(status), new { id })
            .WithRequest("GET", "/verifications/" + id)
            .WithHeader("X-API-Key", ApiKey)
            .WillRespondWith(200)
            .WithResponseJsonBody(VerificationBody(status, id)),
        async client =>
        {
            client.UseApiKey(ApiKey);
            var verification = await client.GetVerificationAsync(Guid.Parse(id));
            verification.Status.Should().Be(status);
            verification.ExecutionTime.Should().NotBeNull();
            (verification.OutputStatus is not null).Should().Be(status is "COMPLETED" or "PARTIALLY_FAILED");
        });

    private static object Error(string code) => new { error_code = code, message = Match.Type("A human-readable explanation.") };

    /// <summary>The Verification object as the client relies on it in each status.</summary>
    internal static Dictionary<string, object?> VerificationBody(string status, string id, bool webhook = false)
    {
        var started = status is not ("DRAFT" or "IN_QUEUE");
        var finished = started && status is not "IN_PROGRESS";
        var body = new Dictionary<string, object?>
        {
            ["id"] = Match.UuidLike(id),
            ["service"] = new { id = Match.UuidLike(ServiceId), name = Match.Type("KTP & PEP") },
            ["user_id"] = Match.Null,
            ["api_key"] = Match.Regex(@"^ak_[a-z]+_\*{4}[^*]{1,4}$", "ak_test_****2f9c"),
            ["folder_id"] = Match.UuidLike(FolderId),
            ["result_id"] = Match.UuidLike(ResultId),
            ["execution_time"] = Match.Decimal(finished ? 2.284 : 0),
            ["status"] = status,
            ["start_date"] = started ? Match.TimestampLike("2025-11-03T08:01:02Z") : null,
            ["end_date"] = finished ? Match.TimestampLike("2025-11-03T08:01:04Z") : null,
            ["input_config"] = new { verification_type = "KTP_SELFIE" },
            ["input_file_url"] = status == "DRAFT" ? new { } : new
            {
                ktp_file = Match.EachLike(Match.Regex(FileUrl, "https://api.anycheck.ai/files/6a1d7c2e-0f3b-4e9a-8c11-2b5e7f9d4a10")),
                selfie_file = Match.EachLike(Match.Regex(FileUrl, "https://api.anycheck.ai/files/81cc7c2e-0f3b-4e9a-8c11-2b5e7f9d4a10")),
            },
            ["output"] = status is "COMPLETED"
                ? new
                {
                    face_match_confidence_level = Match.Regex("^(LOW|MEDIUM|HIGH)$", "HIGH"),
                    face_match_confidence_score = Match.Decimal(8.91),
                    is_match_face = Match.Type(true),
                }
                : new { },
            // The verdict of a finished check: COMPLETED's, and PARTIALLY_FAILED's (the seed's PARTIALLY_NOT_VERIFIED); none otherwise.
            ["output_status"] = status switch
            {
                "COMPLETED" => Match.Regex("^(VERIFIED|NOT_VERIFIED)$", "VERIFIED"),
                "PARTIALLY_FAILED" => "PARTIALLY_NOT_VERIFIED",
                _ => null,
            },
            ["external_job_id"] = new { ocr_job_id = started ? (object)Match.EachLike(Match.UuidLike("0f2e7c2e-0f3b-4e9a-8c11-2b5e7f9d4a10")) : Array.Empty<string>() },
            ["credit_used"] = Match.Integer(10),
            ["total_files"] = Match.Integer(2),
            ["total_pages"] = Match.Integer(2),
            ["created_at"] = Match.TimestampLike("2025-11-03T08:01:01Z"),
            ["updated_at"] = Match.TimestampLike("2025-11-03T08:01:04Z"),
        };
        if (webhook)
        {
            body["webhook_url"] = Match.Regex(@"^https?://\S+$", WebhookUrl);
        }
        return body;
    }

    private static async Task<(HttpStatusCode, string)> Refused(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (AnyCheckApiException ex)
        {
            return (ex.Status, ex.ErrorCode);
        }
        throw new InvalidOperationException("The call was expected to fail.");
    }
}
