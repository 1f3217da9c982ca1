using System.Net;
using Simulators.Contracts.Tests.Client;
using Simulators.Contracts.Tests.Pact;

namespace Simulators.Contracts.Tests.Consumer;

/// <summary>
/// The interactions of the reference client with Verihubs (<c>contracts/pacts/ekyc-client-verihubs.json</c>),
/// using Verihubs' own sandbox codes as images. Extracted values are matched by shape; codes exactly.
/// </summary>
internal static class VerihubsContract
{
    private const string AppId = "sandbox-app-id";
    private const string ApiKey = "sandbox-api-key";
    private const string Nik = @"^\d{16}$";
    private const string Date = @"^\d{2}-\d{2}-\d{4}$";

    public static IReadOnlyList<ContractCase> Cases { get; } =
    [
        Case("a sync KTP extraction of the sandbox code KTP",
            i => Authenticated(i.Given("no KTP extraction exists", new { reference_id = "ktp-contract-000" }).WithRequest("POST", "/v2/ktp/extract"))
                .WithJsonBody(new { image = "KTP", validate_quality = false })
                .WillRespondWith(200)
                .WithResponseJsonBody(new { message = "Request Success", data = KtpData(null, blur: false, sync: true) }),
            async client =>
            {
                var result = await client.ExtractKtpAsync("KTP");
                result.Data!.Nik.Should().MatchRegex(Nik);
                result.Data.ImageQuality.Blur.Should().BeFalse();
            }),

        Case("an async KTP extraction is submitted",
            i => Authenticated(i.Given("no KTP extraction exists", new { reference_id = "ktp-contract-001" }).WithRequest("POST", "/ktp/id/extract-async"))
                .WithJsonBody(new { image = "KTP", reference_id = "ktp-contract-001" })
                .WillRespondWith(200)
                .WithResponseJsonBody(new { message = "Request Success", data = new { id = Match.UuidLike("0b6d2c1e-58f4-4c1a-9a57-3e0f4f7a2b10"), reference_id = "ktp-contract-001" } }),
            async client => (await client.SubmitKtpAsync("KTP", "ktp-contract-001")).Data!.ReferenceId.Should().Be("ktp-contract-001")),

        Case("the result of a finished KTP extraction",
            i => Authenticated(i.Given("a finished KTP extraction exists", new { reference_id = "ktp-contract-002" }).WithRequest("GET", "/ktp/id/extract-async/result"))
                .WithQuery("reference_id", "ktp-contract-002")
                .WillRespondWith(200)
                .WithResponseJsonBody(new { message = "success extract ktp data", data = KtpData(null, blur: false) }),
            async client =>
            {
                var result = await client.GetKtpResultAsync("ktp-contract-002");
                result.Message.Should().Be("success extract ktp data");
                result.Data!.State.Should().StartWith("PROVINSI ");
            }),

        Case("the result of a KTP extraction that failed on quality",
            i => Authenticated(i.Given("a KTP extraction finished with FAIL_ON_1", new { reference_id = "ktp-contract-006" }).WithRequest("GET", "/ktp/id/extract-async/result"))
                .WithQuery("reference_id", "ktp-contract-006")
                .WillRespondWith(200)
                .WithResponseJsonBody(QualityFailure(null)),
            async client => (await client.GetKtpResultAsync("ktp-contract-006")).ErrorCode.Should().Be("FAIL_ON_1")),

        Case("the result of a KTP extraction of an image that is not a KTP",
            i => Authenticated(i.Given("a KTP extraction finished with KTP_NOT_DETECTED", new { reference_id = "ktp-contract-007" }).WithRequest("GET", "/ktp/id/extract-async/result"))
                .WithQuery("reference_id", "ktp-contract-007")
                .WillRespondWith(200)
                .WithResponseJsonBody(new { data = new { }, error_code = "KTP_NOT_DETECTED", message = "ktp not detected" }),
            async client => (await client.GetKtpResultAsync("ktp-contract-007")).ErrorCode.Should().Be("KTP_NOT_DETECTED")),

        Case("the result of a KTP extraction still in progress",
            i => Authenticated(i.Given("a KTP extraction is in progress", new { reference_id = "ktp-contract-003" }).WithRequest("GET", "/ktp/id/extract-async/result"))
                .WithQuery("reference_id", "ktp-contract-003")
                .WillRespondWith(200)
                .WithResponseJsonBody(new { message = "processing" }),
            async client => (await client.GetKtpResultAsync("ktp-contract-003")).Data.Should().BeNull()),

        Case("the result of an unknown reference_id",
            i => Authenticated(i.Given("no KTP extraction exists", new { reference_id = "ktp-contract-004" }).WithRequest("GET", "/ktp/id/extract-async/result"))
                .WithQuery("reference_id", "ktp-contract-004")
                .WillRespondWith(404)
                .WithResponseJsonBody(new { message = "Reference ID not found", error_code = "INVALID_PAYLOAD_REFERENCE_ID_NOT_FOUND" }),
            async client => (await Refused(() => client.GetKtpResultAsync("ktp-contract-004"))).Should().Be((HttpStatusCode.NotFound, "INVALID_PAYLOAD_REFERENCE_ID_NOT_FOUND"))),

        Case("a face comparison of the same live person",
            i => Authenticated(i.Given("the sandbox App-ID exists").WithRequest("POST", "/v1/face/compare"))
                .WithJsonBody(new { image_1 = "LIVE_PERSON_A_1", image_2 = "LIVE_PERSON_A_1" })
                .WillRespondWith(200)
                .WithResponseJsonBody(new { message = "Request Success", status_code = Match.Type("200"), similarity_status = true, similarity = Match.Decimal(98.7) }),
            async client => (await client.CompareAsync("LIVE_PERSON_A_1", "LIVE_PERSON_A_1")).SimilarityStatus.Should().BeTrue()),

        Case("a face comparison of two different people",
            i => Authenticated(i.Given("the sandbox App-ID exists").WithRequest("POST", "/v1/face/compare"))
                .WithJsonBody(new { image_1 = "LIVE_PERSON_A_1", image_2 = "LIVE_PERSON_B_1" })
                .WillRespondWith(200)
                .WithResponseJsonBody(new { message = Match.Type("Failed on similarity"), error_code = "FAIL_ON_16", status_code = Match.Type("200"), similarity_status = false }),
            async client =>
            {
                var result = await client.CompareAsync("LIVE_PERSON_A_1", "LIVE_PERSON_B_1");
                result.ErrorCode.Should().Be("FAIL_ON_16");
                result.SimilarityStatus.Should().BeFalse();
            }),

        Case("a liveness check of a live person",
            i => Authenticated(i.Given("the sandbox App-ID exists").WithRequest("POST", "/v1/face/liveness"))
                .WithJsonBody(new { image = "LIVE_PERSON_A_1" })
                .WillRespondWith(200)
                .WithResponseJsonBody(new { message = "Request Success", status_code = Match.Type("200"), liveness_status = true }),
            async client => (await client.LivenessAsync("LIVE_PERSON_A_1")).LivenessStatus.Should().BeTrue()),

        Case("a face verification against an enrolled subject",
            i => Authenticated(i.Given("an enrolled face subject exists", new { subject_id = "subject-contract-001" }).WithRequest("POST", "/v1/face/verify"))
                .WithJsonBody(new { image = "LIVE_PERSON_A_1", subject_id = "subject-contract-001" })
                .WillRespondWith(200)
                .WithResponseJsonBody(new { message = "Request Success", status_code = Match.Type("200"), subject_id = "subject-contract-001", similarity_status = true }),
            async client => (await client.VerifyFaceAsync("LIVE_PERSON_A_1", "subject-contract-001")).SimilarityStatus.Should().BeTrue()),

        Case("a face search for an enrolled person with another selfie",
            i => Authenticated(i.Given("an enrolled face subject exists", new { subject_id = "subject-contract-002" }).WithRequest("POST", "/v1/face/search"))
                .WithJsonBody(new { image = "LIVE_PERSON_A_2" })
                .WillRespondWith(200)
                .WithResponseJsonBody(new
                {
                    message = "Face search is successfull!",
                    status_code = Match.Type("200"),
                    matches = Match.EachLike(new { subject_id = "subject-contract-002", similarity = Match.Decimal(97.5) }),
                }),
            async client =>
            {
                var result = await client.SearchFaceAsync("LIVE_PERSON_A_2");
                result.Message.Should().Be("Face search is successfull!");
                result.Matches.Should().ContainSingle().Which.SubjectId.Should().Be("subject-contract-002");
            }),

        Case("an ID verification",
            i => Authenticated(i.Given("the sandbox App-ID exists").WithRequest("POST", "/data-verification/id-verification/verify"))
                .WithJsonBody(new { nik = "3174054509880002", name = "DEWI LESTARI", birth_date = "05-09-1988" })
                .WillRespondWith(200)
                .WithResponseJsonBody(new
                {
                    message = "ID Check verification has been done",
                    data = new { id = Match.UuidLike("5e1f0c9a-7b2d-4e8e-9d0c-1a2b3c4d5e6f"), nik = Match.Type(true), name = Match.Type(true), birth_date = Match.Type(true), reference_id = Match.Type("idv-000123") },
                }),
            async client => (await client.VerifyIdAsync("3174054509880002", "DEWI LESTARI", "05-09-1988")).Data!.Nik.Should().BeTrue()),

        Case("an ID verification with a short NIK",
            i => Authenticated(i.Given("the sandbox App-ID exists").WithRequest("POST", "/data-verification/id-verification/verify"))
                .WithJsonBody(new { nik = "317405", name = "DEWI LESTARI", birth_date = "05-09-1988" })
                .WillRespondWith(400)
                .WithResponseJsonBody(new
                {
                    message = Match.Type("Invalid payload"),
                    error_code = "INVALID_PAYLOAD",
                    error_fields = Match.EachLike(new { field = "nik", message = Match.Type("nik length should consist of 16 digit(s)") }),
                }),
            async client =>
            {
                var error = await Refused(() => client.VerifyIdAsync("317405", "DEWI LESTARI", "05-09-1988"), e => e.Fields.Select(f => f.Field).Should().Contain("nik"));
                error.Should().Be((HttpStatusCode.BadRequest, "INVALID_PAYLOAD"));
            }),

        Case("a KTP extraction without credentials",
            i => i.WithRequest("POST", "/v2/ktp/extract")
                .WithJsonBody(new { image = "KTP", validate_quality = false })
                .WillRespondWith(401)
                .WithResponseJsonBody(new { message = "Authorization failed" }),
            async client => (await Refused(() => client.ExtractKtpAsync("KTP"))).Should().Be((HttpStatusCode.Unauthorized, (string?)null)),
            authenticated: false),

        Case("an ID verification without credentials",
            i => i.WithRequest("POST", "/data-verification/id-verification/verify")
                .WithJsonBody(new { nik = "3174054509880002", name = "DEWI LESTARI", birth_date = "05-09-1988" })
                .WillRespondWith(401)
                .WithResponseJsonBody(new { message = "Authorization Failed", error_code = "UNAUTHORIZED" }),
            async client => (await Refused(() => client.VerifyIdAsync("3174054509880002", "DEWI LESTARI", "05-09-1988"))).Should().Be((HttpStatusCode.Unauthorized, "UNAUTHORIZED")),
            authenticated: false),

        Case("a KTP extraction when the testing quota is used up",
            i => Authenticated(i.Given("the App-ID is in testing mode with no quota left").WithRequest("POST", "/v2/ktp/extract"))
                .WithJsonBody(new { image = "KTP", validate_quality = false })
                .WillRespondWith(403)
                .WithResponseJsonBody(Error("INSUFFICIENT_QUOTA")),
            async client => (await Refused(() => client.ExtractKtpAsync("KTP"))).Should().Be((HttpStatusCode.Forbidden, "INSUFFICIENT_QUOTA"))),

        Case("a vendor sandbox App-ID given a real image",
            i => Authenticated(i.Given("the App-ID is a vendor sandbox App-ID").WithRequest("POST", "/ktp/id/extract-async"))
                .WithJsonBody(new { image = "/9j/4AAQSkZJRgABAQ==", reference_id = "ktp-contract-005" })
                .WillRespondWith(400)
                .WithResponseJsonBody(Error("INVALID_SANDBOX_CODE")),
            async client => (await Refused(() => client.SubmitKtpAsync("/9j/4AAQSkZJRgABAQ==", "ktp-contract-005"))).Should().Be((HttpStatusCode.BadRequest, "INVALID_SANDBOX_CODE"))),
    ];

    private static ContractCase Case(string name, Action<InteractionBuilder> describe, Func<VerihubsClient, Task> exercise, bool authenticated = true) =>
        new(name, describe, http => exercise(authenticated ? new VerihubsClient(http) : new VerihubsClient(http, appId: null, apiKey: null)));

    private static InteractionBuilder Authenticated(InteractionBuilder interaction) =>
        interaction.WithHeader("App-ID", AppId).WithHeader("API-Key", ApiKey);

    private static object Error(string code) => new { message = Match.Type("A short explanation."), error_code = code };

    /// <summary>
    /// The KTP fields a client reads, by shape: the values come from the persona of the input. The sync
    /// extraction adds <c>reference_id</c> and <c>status_code</c>; the async result, as the seed page prints
    /// it, has neither, and shows the card's <c>PROVINSI </c> and <c>KABUPATEN </c>/<c>KOTA </c> prefixes;
    /// a callback adds <c>reference_id</c> (<paramref name="referenceId"/>) so the receiver can match it.
    /// </summary>
    internal static Dictionary<string, object?> KtpData(string? referenceId, bool blur, bool sync = false)
    {
        var data = new Dictionary<string, object?>();
        if (sync)
        {
            data["reference_id"] = Match.Type(referenceId ?? "0b6d2c1e-58f4-4c1a-9a57-3e0f4f7a2b10");
            data["status_code"] = Match.Type("200");
        }
        else if (referenceId is not null)
        {
            data["reference_id"] = referenceId;
        }
        data["nik"] = Match.Regex(Nik, "3273014107950003");
        data["full_name"] = Match.Type("SITI RAHMAWATI");
        data["place_of_birth"] = Match.Type("BANDUNG");
        data["date_of_birth"] = Match.Regex(Date, "01-07-1995");
        data["gender"] = Match.Regex("^(LAKI-LAKI|PEREMPUAN)$", "PEREMPUAN");
        data["blood_type"] = Match.Regex("^(A|B|AB|O|-)$", "O");
        data["address"] = Match.Type("JL. CEMPAKA NO. 12");
        data["rt_rw"] = Match.Regex(@"^\d{3}/\d{3}$", "004/009");
        data["administrative_village"] = Match.Type("CIHAPIT");
        data["district"] = Match.Type("BANDUNG WETAN");
        data["city"] = sync ? Match.Type("KOTA BANDUNG") : Match.Regex("^(KABUPATEN|KOTA) .+$", "KOTA BANDUNG");
        data["state"] = sync ? Match.Type("JAWA BARAT") : Match.Regex("^PROVINSI .+$", "PROVINSI JAWA BARAT");
        data["religion"] = Match.Type("ISLAM");
        data["marital_status"] = Match.Type("BELUM KAWIN");
        data["occupation"] = Match.Type("KARYAWAN SWASTA");
        data["nationality"] = Match.Type("WNI");
        data["image_quality"] = new { blur, dark = false, grayscale = false, flashlight = false };
        return data;
    }

    /// <summary>An async result (or callback) that failed on quality: <c>data.image_quality</c> shows which flag.</summary>
    internal static object QualityFailure(string? referenceId)
    {
        var data = new Dictionary<string, object?>();
        if (referenceId is not null)
        {
            data["reference_id"] = referenceId;
        }
        data["image_quality"] = new { blur = true, dark = Match.Type(false), grayscale = Match.Type(false), flashlight = Match.Type(false) };
        return new { message = Match.Type("fail on quality"), error_code = "FAIL_ON_1", data };
    }

    private static async Task<(HttpStatusCode, string?)> Refused(Func<Task> call, Action<VerihubsApiException>? inspect = null)
    {
        try
        {
            await call();
        }
        catch (VerihubsApiException ex)
        {
            inspect?.Invoke(ex);
            return (ex.Status, ex.ErrorCode);
        }
        throw new InvalidOperationException("The call was expected to fail.");
    }
}
