using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Simulators.Contracts.Tests.Consumer;

namespace Simulators.Contracts.Tests.Provider;

/// <summary>The committed HTTP pacts served by the official <c>pact stub</c>, once for the whole class.</summary>
public sealed class PactStubFixture : IAsyncLifetime
{
    internal PactStub AnyCheck { get; private set; } = null!;

    internal PactStub Verihubs { get; private set; } = null!;

    internal PactStub AdvanceAi { get; private set; } = null!;

    internal PactStub Verifik { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        AnyCheck = await PactStub.StartAsync(ConsumerContract.CommittedPath("anycheck"));
        Verihubs = await PactStub.StartAsync(ConsumerContract.CommittedPath("verihubs"));
        AdvanceAi = await PactStub.StartAsync(ConsumerContract.CommittedPath(AdvanceAiContract.Provider));
        Verifik = await PactStub.StartAsync(ConsumerContract.CommittedPath(VerifikContract.Provider));
    }

    public async Task DisposeAsync()
    {
        await AnyCheck.DisposeAsync();
        await Verihubs.DisposeAsync();
        await AdvanceAi.DisposeAsync();
        await Verifik.DisposeAsync();
    }
}

/// <summary>
/// The committed pacts used as a consumer team uses them: <c>pact stub</c> on loopback, driven by
/// ordinary HTTP requests (curl's multipart, its own payloads) and the provider-state header.
/// </summary>
public sealed class PactStubTests(PactStubFixture stubs) : IClassFixture<PactStubFixture>
{
    private const string Boundary = "------------------------d74496d66958873e";

    public static TheoryData<string> Statuses { get; } = [.. AnyCheckContract.StatusIds.Keys];

    public static TheoryData<string> AdvanceAiResults { get; } = [.. AdvanceAiContract.ResultStates.Keys];

    [Theory]
    [InlineData("scan.pdf", "application/pdf")]
    [InlineData("photo.jpg", "image/jpeg")]
    public async Task Upload_CurlMultipartWithItsOwnBoundaryAndBytes_Matches(string fileName, string contentType)
    {
        using var client = stubs.AnyCheck.Client();
        using var response = await client.SendAsync(Upload("files", fileName, contentType));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await Json(response);
        body.GetProperty("file_category").GetString().Should().Be("VERIFICATION_INPUT_FILE");
        body.GetProperty("files")[0].GetProperty("path").GetString().Should().EndWith(Path.GetExtension(fileName), "the stub answers with the interaction of the file's own type");
    }

    [Fact]
    public async Task Upload_FilesUnderAnotherPartName_DoesNotMatch()
    {
        using var client = stubs.AnyCheck.Client();
        using var response = await client.SendAsync(Upload("file", "scan.pdf", "application/pdf"));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound, "the stub matches parts by name, so a part called 'file' is not the contract's 'files'");
    }

    [Theory]
    [MemberData(nameof(Statuses))]
    public async Task GetVerification_StateHeaderOfEachStatus_ReturnsThatStatus(string status)
    {
        using var client = stubs.AnyCheck.Client(AnyCheckContract.StateOf(status));
        client.DefaultRequestHeaders.Add("X-API-Key", AnyCheckContract.ApiKey);
        var id = AnyCheckContract.StatusIds[status];

        using var response = await client.GetAsync($"/verifications/{id}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await Json(response);
        body.GetProperty("status").GetString().Should().Be(status);
        body.GetProperty("id").GetString().Should().Be(id);
    }

    [Fact]
    public async Task GetVerification_IdOfNoState_IsNotAnsweredWithAnotherVerification()
    {
        using var client = stubs.AnyCheck.Client();
        client.DefaultRequestHeaders.Add("X-API-Key", AnyCheckContract.ApiKey);

        using var response = await client.GetAsync("/verifications/3b9a4c1e-0000-4000-8000-00000000abcd");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().NotContain("\"status\"");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task CreateVerification_WithOrWithoutWebhookFields_Matches(bool webhook)
    {
        using var client = stubs.AnyCheck.Client();
        client.DefaultRequestHeaders.Add("X-API-Key", AnyCheckContract.ApiKey);
        var body = new Dictionary<string, object>
        {
            ["service_id"] = "3fc8b757-57d3-4607-998c-9bfbc4efa6cf",
            ["folder_id"] = "0a7d2c6e-1b3f-4e5a-9c8d-7e6f5a4b3c2d",
            ["configuration"] = new { verification_type = "KTP_SELFIE", fraud_detection = true, files = new { ktp_file = new[] { "uploads/contract_ktp.jpg" }, selfie_file = new[] { "uploads/contract_selfie.jpg" } } },
        };
        if (webhook)
        {
            body["webhook_url"] = "https://hooks.example.com/anycheck";
            body["webhook_metadata"] = new { webhook_secret = "s3cr3t-at-least-32-characters-long!!", customer_ref = "C-9" };
        }

        using var response = await client.PostAsJsonAsync("/verifications", body);

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var created = await Json(response);
        created.GetProperty("status").GetString().Should().Be("IN_QUEUE");
        created.TryGetProperty("webhook_url", out _).Should().Be(webhook);
    }

    [Theory]
    [InlineData("a KTP extraction is in progress", "ktp-contract-003", "processing", null)]
    [InlineData("a finished KTP extraction exists", "ktp-contract-002", "success extract ktp data", null)]
    [InlineData("a KTP extraction finished with FAIL_ON_1", "ktp-contract-006", null, "FAIL_ON_1")]
    [InlineData("a KTP extraction finished with KTP_NOT_DETECTED", "ktp-contract-007", "ktp not detected", "KTP_NOT_DETECTED")]
    public async Task KtpResult_StateHeaderOfEachResult_ReturnsThatResult(string state, string referenceId, string? message, string? errorCode)
    {
        using var client = stubs.Verihubs.Client(state);
        client.DefaultRequestHeaders.Add("App-ID", "sandbox-app-id");
        client.DefaultRequestHeaders.Add("API-Key", "sandbox-api-key");

        using var response = await client.GetAsync($"/ktp/id/extract-async/result?reference_id={referenceId}");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await Json(response);
        if (message is not null)
        {
            body.GetProperty("message").GetString().Should().Be(message);
        }
        (body.TryGetProperty("error_code", out var code) ? code.GetString() : null).Should().Be(errorCode);
    }

    [Theory]
    [MemberData(nameof(AdvanceAiResults))]
    public async Task AdvanceAiGetResult_SignatureIdOfEachState_ReturnsThatResult(string key)
    {
        using var client = stubs.AdvanceAi.Client();
        client.DefaultRequestHeaders.Add("X-ACCESS-TOKEN", "header.payload.signature");
        var (signatureId, stage, scenario) = AdvanceAiContract.ResultStates[key];

        using var response = await client.PostAsJsonAsync("/intl/openapi/identity-risk/idvs-h5/ekyc/v1/get-result", new { signatureId });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var data = (await Json(response)).GetProperty("data");
        data.GetProperty("signatureId").GetString().Should().Be(signatureId);
        var overall = data.GetProperty("overallResult");
        switch (stage)
        {
            case "PENDING" or "SUBMITTED":
                overall.ValueKind.Should().Be(JsonValueKind.Null);
                data.GetProperty("submissionCompleted").GetBoolean().Should().Be(stage == "SUBMITTED");
                break;
            case "ABANDONED":
                overall.GetString().Should().Be("INCOMPLETE");
                break;
            default:
                data.GetProperty("errorCode").GetString().Should().Be(scenario == "PASS" ? "SUCCESS" : scenario);
                break;
        }
    }

    [Fact]
    public async Task AdvanceAiGenerateToken_AnySignatureOfTheRightShape_GetsAToken()
    {
        using var client = stubs.AdvanceAi.Client();

        using var response = await client.PostAsJsonAsync("/openapi/auth/ticket/v1/generate-token", new
        {
            accessKey = AdvanceAiContract.AccessKey,
            timestamp = "1799999999999",
            signature = Client.AdvanceAiClient.Sign(AdvanceAiContract.AccessKey, AdvanceAiContract.SecretKey, "1799999999999"),
        });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await Json(response)).GetProperty("data").GetProperty("token").GetString().Should().Contain(".");
    }

    [Theory]
    [InlineData(VerifikContract.ValidationId, HttpStatusCode.OK)]
    [InlineData(VerifikContract.UnknownId, HttpStatusCode.NotFound)]
    public async Task VerifikRetrieve_IdOfTheValidationOrNone_AnswersItsInteraction(string id, HttpStatusCode status)
    {
        using var client = stubs.Verifik.Client();
        client.DefaultRequestHeaders.Add("Authorization", "Bearer header.payload.signature");

        using var response = await client.GetAsync($"/v2/document-liveness/{id}");

        response.StatusCode.Should().Be(status);
        var body = await Json(response);
        if (status == HttpStatusCode.OK)
        {
            body.GetProperty("data").GetProperty("_id").GetString().Should().Be(id);
        }
        else
        {
            body.GetProperty("message").GetString().Should().Be("DOCUMENT_LIVENESS_NOT_FOUND");
        }
    }

    [Theory]
    [InlineData("654321", HttpStatusCode.OK)]
    [InlineData("0000000", HttpStatusCode.BadRequest)]
    public async Task VerifikEmailConfirm_SixDigitsOrNot_AnswersATokenOrInvalidOtp(string otp, HttpStatusCode status)
    {
        using var client = stubs.Verifik.Client();

        using var response = await client.PostAsJsonAsync("/v2/projects/email-login/confirm", new { email = VerifikContract.SandboxEmail, otp });

        response.StatusCode.Should().Be(status);
        var body = await Json(response);
        (status == HttpStatusCode.OK ? body.GetProperty("data").GetProperty("tokenType").GetString() : body.GetProperty("message").GetString())
            .Should().Be(status == HttpStatusCode.OK ? "bearer" : "invalid_otp");
    }

    /// <summary>An upload as <c>curl -F file_category=VERIFICATION_INPUT_FILE -F files=@scan.pdf</c> sends it, with other bytes than the contract's.</summary>
    private static HttpRequestMessage Upload(string filePart, string fileName, string contentType)
    {
        byte[] file = contentType == "application/pdf"
            ? Encoding.ASCII.GetBytes("%PDF-1.7\n% another scan, another size\n%%EOF\n")
            : [0xFF, 0xD8, 0xFF, 0xDB, 0x00, 0x43, 0x00, 0x08, 0x06, 0x06, 0x07, 0x06, 0x05, 0x08, 0x07, 0x07, 0x07, 0x09, 0xFF, 0xD9];
        byte[] body =
        [
            .. Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file_category\"\r\n\r\nVERIFICATION_INPUT_FILE\r\n"),
            .. Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{filePart}\"; filename=\"{fileName}\"\r\nContent-Type: {contentType}\r\n\r\n"),
            .. file,
            .. Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n"),
        ];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
        var request = new HttpRequestMessage(HttpMethod.Post, "/uploads") { Content = content };
        request.Headers.Add("X-API-Key", AnyCheckContract.ApiKey);
        return request;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }
}
