using System.Net;
using System.Text;
using System.Text.Json;
using Simulators.Testing;

namespace Simulators.Verihubs.Tests;

/// <summary>
/// The calls a public TypeScript face-login backend (komune-studio/face-login-backend) makes, with its bodies and
/// headers, asserting exactly what that client checks in each answer: its OCR (submit, wait 3 s, poll once), the
/// certificate check before enrolment, enroll, face login by search with another selfie, the compare before a
/// police-certificate request, and delete.
/// </summary>
public sealed class FaceLoginClientTests(VerihubsFixture fixture) : IClassFixture<VerihubsFixture>
{
    private const string Nik = "3173014505900003";

    private readonly VerihubsApi _api = new(fixture.Sim);

    private static readonly string Ktp = Convert.ToBase64String(Fixtures.Image("ktp-ok-male.jpg"));
    private static readonly string EnrolSelfie = VerihubsApi.Image("enrolment selfie");
    private static readonly string LoginSelfie = VerihubsApi.Image("login selfie, another photo of the same person");

    /// <summary>The client's headers: App-ID, API-Key, and lower-case accept and content-type.</summary>
    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.TryAddWithoutValidation("accept", "application/json");
        if (body is not null)
        {
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }
        using var response = await _api.Http.SendAsync(request);
        return await VerihubsApi.ReadAsync(response, expected);
    }

    [Fact]
    public async Task Ocr_SubmitThenPollOnceThreeSecondsLater_GetsTheExtraction()
    {
        var submitted = await SendAsync(HttpMethod.Post, "/ktp/id/extract-async", new { image = Ktp });
        var referenceId = submitted.GetProperty("data").GetProperty("reference_id").GetString();

        // The client waits a fixed 3 s of real time; the job is done after 2 s, a whole second earlier.
        await _api.AdvanceAsync(2);
        var result = await SendAsync(HttpMethod.Get, $"/ktp/id/extract-async/result?reference_id={referenceId}", null);

        // The client treats FAIL_ON_1, KTP_NOT_DETECTED and INTERNAL_SERVER_ERROR as failures; there is no error_code at all.
        VerihubsApi.ErrorCode(result).Should().BeNull();
        result.GetProperty("message").GetString().Should().Be("success extract ktp data");
        result.GetProperty("data").GetProperty("state").GetString().Should().StartWith("PROVINSI ");
    }

    [Fact]
    public async Task EnrolLoginCompareDelete_AsTheClientCallsThem_EveryCheckOfTheClientPasses()
    {
        var certificate = await SendAsync(HttpMethod.Post, "/data-verification/certificate-electronic/verify", new
        {
            nik = Nik, name = "SITI AMINAH", birth_date = "05-05-1990", email = "siti@example.com", phone = "081234567890",
            selfie_photo = EnrolSelfie, ktp_photo = Ktp,
        });
        VerihubsApi.ErrorCode(certificate).Should().BeNull();
        certificate.GetProperty("data").GetProperty("status").GetString().Should().NotBe("not_verified").And.Be("verified");

        // The client forwards its whole request body to enroll, its own fields included.
        var enrolled = await SendAsync(HttpMethod.Post, "/v1/face/enroll", new
        {
            image = EnrolSelfie, ktp_image = Ktp, subject_id = Nik, email = "siti@example.com", name = "SITI AMINAH",
            birth_date = "1990-05-05", phone_num = "081234567890",
        });
        enrolled.GetProperty("message").GetString().Should().Be("Request Success");

        var login = await SendAsync(HttpMethod.Post, "/v1/face/search", new { image = LoginSelfie, threshold = 80 });
        login.GetProperty("message").GetString().Should().Be("Face search is successfull!");
        login.GetProperty("matches").EnumerateArray().Select(m => m.GetProperty("subject_id").GetString()).Should().StartWith(Nik);

        var compare = await SendAsync(HttpMethod.Post, "/v1/face/compare", new { image_1 = EnrolSelfie, image_2 = LoginSelfie });
        compare.GetProperty("similarity_status").GetBoolean().Should().BeTrue();

        var deleted = await SendAsync(HttpMethod.Delete, $"/v1/face/enroll?subject_id={Nik}", new { });
        deleted.GetProperty("timestamp").GetString().Should().NotBeNullOrEmpty();
        deleted.GetProperty("message").GetString().Should().Be("Request Success");

        var after = await SendAsync(HttpMethod.Post, "/v1/face/search", new { image = LoginSelfie, threshold = 80 });
        after.GetProperty("matches").GetArrayLength().Should().Be(0, "the deleted face is gone");
    }
}
