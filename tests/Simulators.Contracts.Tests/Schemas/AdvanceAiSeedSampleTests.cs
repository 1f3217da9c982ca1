using System.Text;
using System.Text.RegularExpressions;
using Newtonsoft.Json.Linq;
using static Simulators.Contracts.Tests.Schemas.SampleJson;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// The ADVANCE.AI schemas proven both ways before the simulator exists: every sample body the vendor
/// prints (the Get Result seed page, the request examples of its other pages) and every example of the
/// provider reference validates against its schema, after only the repairs the schemas' descriptions
/// name; and deliberately broken variants (a renamed key, a wrong type, a missing key, a wrong value)
/// are rejected.
/// </summary>
public sealed partial class AdvanceAiSeedSampleTests
{
    private const string Provider = SchemaRepository.AdvanceAi;
    private const string SchemaBase = "https://ekyc-simulators.local/schemas/advance-ai/";

    private const string Final = "get-result.response.schema.json";
    private const string Pending = "get-result.pending.response.schema.json";
    private const string Error = "error.schema.json";

    public static TheoryData<string, string> VendorSamples => new()
    {
        { Final, AdvanceAiSamples.SeedSuccess },
        { Error, AdvanceAiSamples.SeedSignatureNotExist },
        { Error, AdvanceAiSamples.SeedError },
        { "get-result.request.schema.json", AdvanceAiSamples.SeedGetResultRequest },
        { "generate-ekyc-verification-url.request.schema.json", AdvanceAiSamples.EkycGenerateUrlRequest },
        { "generate-ekyc-verification-url.request.schema.json", AdvanceAiSamples.EkycGenerateUrlCustomSchemeRequest },
        { "generate-document-verification-url.request.schema.json", AdvanceAiSamples.DocumentGenerateUrlRequest },
        { "generate-url.request.schema.json", AdvanceAiSamples.LegacyGenerateUrlRequest },
        { "database-id-verification.request.schema.json", AdvanceAiSamples.DatabaseIdVerificationRequest },
        { "generate-token.request.schema.json", AdvanceAiSamples.TokenRequestTestVector },
        { "generate-token.response.schema.json", AdvanceAiSamples.ReferenceTokenResponse },
        { "generate-url.response.schema.json", AdvanceAiSamples.ReferenceGenerateUrlResponse },
        { "callback.schema.json", AdvanceAiSamples.ReferenceCallback },
        { "webhook.schema.json", AdvanceAiSamples.ReferenceCallback },
    };

    [Theory]
    [MemberData(nameof(VendorSamples))]
    public async Task VendorSample_AsPrinted_Validates(string schema, string sample)
    {
        IsStrictJson(sample).Should().BeTrue();
        (await Errors(schema, sample)).Should().BeEmpty();
    }

    [Fact]
    public async Task SeedFailSample_AsPrinted_IsRejected()
    {
        (await Errors(Final, AdvanceAiSamples.SeedFail)).Should().NotBeEmpty("'fail', NOT_SUPPORTED_CARD and docResult are not the tables' values");
    }

    [Fact]
    public async Task SeedFailSample_WithTheTablesSpellings_Validates()
    {
        (await Errors(Final, FailWithTableSpellings(skip: null))).Should().BeEmpty();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task SeedFailSample_OneSpellingLeftAsPrinted_IsRejected(int skip)
    {
        (await Errors(Final, FailWithTableSpellings(skip))).Should().NotBeEmpty($"repair {skip} was left out");
    }

    [Fact]
    public void SeedPendingSample_AsPrinted_IsNotJson()
    {
        IsStrictJson(AdvanceAiSamples.SeedPending).Should().BeFalse();
        IsStrictJson(PendingRepaired(withSignatureId: false)).Should().BeTrue();
    }

    [Fact]
    public async Task SeedPendingSample_AsValidJsonWithTheTablesSignatureId_Validates()
    {
        (await Errors(Pending, PendingRepaired(withSignatureId: true))).Should().BeEmpty();
    }

    [Fact]
    public async Task SeedPendingSample_WithoutSignatureId_IsRejected()
    {
        (await Errors(Pending, PendingRepaired(withSignatureId: false))).Should().NotBeEmpty("Response.data lists signatureId");
    }

    [Fact]
    public async Task SeedPendingSample_AgainstTheFinishedSchema_IsRejected()
    {
        (await Errors(Final, PendingRepaired(withSignatureId: true))).Should().NotBeEmpty("overallResult null is a pending result");
    }

    [Fact]
    public async Task SeedSuccessSample_AgainstThePendingSchema_IsRejected()
    {
        (await Errors(Pending, AdvanceAiSamples.SeedSuccess)).Should().NotBeEmpty();
    }

    [Fact]
    public async Task VendorRequestSamples_WithTheirCommentsAndCommasRepaired_Validate()
    {
        var document = StripLineComments(AdvanceAiSamples.DocumentApiRequest);
        var address = StripLineComments(AdvanceAiSamples.AddressVerificationRequest)
            .Replace("\"Thomas Alva Edison\"", "\"Thomas Alva Edison\",", StringComparison.Ordinal)
            .Replace("\"WhiteCard\",\n}", "\"WhiteCard\"\n}", StringComparison.Ordinal);

        IsStrictJson(AdvanceAiSamples.DocumentApiRequest).Should().BeFalse();
        IsStrictJson(AdvanceAiSamples.AddressVerificationRequest).Should().BeFalse();
        IsStrictJson(document).Should().BeTrue();
        IsStrictJson(address).Should().BeTrue();
        (await Errors("api-document.request.schema.json", document)).Should().BeEmpty();
        (await Errors("address-verification.request.schema.json", address)).Should().BeEmpty();
    }

    [Fact]
    public async Task ReferenceGetResultExample_WithTheSeedsObjectShapes_Validates()
    {
        // The reference's own example (own values) has subDocType as a string and qualityLabels as [];
        // the seed's {front, back} objects are the wire shape.
        var example = Mutated(AdvanceAiSamples.ReferenceGetResultResponse, b =>
        {
            b.SelectToken("data.docDetail.subDocType")!.Replace(JObject.Parse("""{"front": "PH-ID-SSS", "back": null}"""));
            b.SelectToken("data.docDetail.qualityLabels")!.Replace(JObject.Parse("""{"front": null, "back": null}"""));
        });

        (await Errors(Final, AdvanceAiSamples.ReferenceGetResultResponse)).Should().NotBeEmpty();
        (await Errors(Final, example)).Should().BeEmpty();
    }

    [Fact]
    public async Task SeedSuccessSample_EveryKeyRenamed_IsRejected()
    {
        // ocrInfo sides are open maps of camelCase OCR fields (undocumented per docType): renaming one is still well-formed.
        var results = await SchemaCoverage.RenameEachFieldAsync(Provider, Final, AdvanceAiSamples.SeedSuccess,
            p => !p.Path.StartsWith("data.docDetail.ocrInfo.front.", StringComparison.Ordinal) && !p.Path.StartsWith("data.docDetail.ocrInfo.back.", StringComparison.Ordinal));

        results.Should().HaveCountGreaterThan(30);
        results.Where(r => r.StillValid).Select(r => $"{r.Path} -> {r.Renamed}").Should().BeEmpty();
    }

    public static TheoryData<string, string, string> BrokenVariants => new()
    {
        { "createTimestmap spelt correctly", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => Rename(b, "data.docDetail.eventDetails[0].createTimestmap", "createTimestamp")) },
        { "submissionCompleted as a string", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => Set(b, "data.submissionCompleted", "true")) },
        { "createTimestmap as a string", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => Set(b, "data.docDetail.eventDetails[0].createTimestmap", "1665993522952")) },
        { "transactionId missing", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => b.Remove("transactionId")) },
        { "extra missing", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => b.Remove("extra")) },
        { "countryCodeIso3 missing", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => ((JObject)b["data"]!).Remove("countryCodeIso3")) },
        { "an extra envelope key", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => b["status"] = 200) },
        { "pricingStrategy PAY", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => Set(b, "pricingStrategy", "PAY")) },
        { "transactionId of 15 hex", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => Set(b, "transactionId", "d3fde1547eeaf22")) },
        { "transactionId upper case", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => Set(b, "transactionId", "D3FDE1547EEAF226")) },
        { "signatureId upper case", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => Set(b, "data.signatureId", "F302F5D2454A85C2")) },
        { "countryCodeIso3 alpha-2", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => Set(b, "data.countryCodeIso3", "PH")) },
        { "idvResult not the twin of overallResult", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => Set(b, "data.idvResult", "FAIL")) },
        { "PASS with a failure code", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => Set(b, "data.errorCode", "CARD_NOT_FOUND")) },
        { "an errorCode outside the table", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => { Set(b, "data.overallResult", "FAIL"); Set(b, "data.idvResult", "FAIL"); Set(b, "data.errorCode", "NOT_SUPPORTED_CARD"); }) },
        { "overallResult lower case", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => { Set(b, "data.overallResult", "pass"); Set(b, "data.idvResult", "pass"); }) },
        { "a docType outside the code format", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => Set(b, "data.docDetail.docType.front", "MYKAD")) },
        { "forgeryLabels as a string", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => Set(b, "data.docDetail.forgeryLabels", "photocopy")) },
        { "a quality label as a string", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => Set(b, "data.docDetail.qualityLabels.front.isBlur", "false")) },
        { "a Base64 image under returnImageType URL", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => Set(b, "data.docDetail.docFrontImage", "YWJjZGVmZw==")) },
        { "a link under returnImageType BASE64", "get-result.base64.response.schema.json", AdvanceAiSamples.SeedSuccess },
        { "a link in a pending BASE64 result", "get-result.pending.base64.response.schema.json", PendingRepaired(withSignatureId: true) },
        { "a pending result with an overallResult", Pending, Mutated(PendingRepaired(withSignatureId: true), b => { Set(b, "data.overallResult", "PASS"); Set(b, "data.idvResult", "PASS"); }) },
        { "INCOMPLETE with the forgery code", Final, Mutated(AdvanceAiSamples.SeedSuccess, b => { Set(b, "data.overallResult", "INCOMPLETE"); Set(b, "data.idvResult", "INCOMPLETE"); Set(b, "data.errorCode", "ID_FORGERY_DETECTED"); }) },
        { "an error with data", Error, Mutated(AdvanceAiSamples.SeedError, b => b["data"] = new JObject()) },
        { "an error with extra", Error, Mutated(AdvanceAiSamples.SeedError, b => b["extra"] = "boom") },
        { "an error coded SUCCESS", Error, Mutated(AdvanceAiSamples.SeedError, b => { Set(b, "code", "SUCCESS"); Set(b, "message", "OK"); }) },
        { "SIGNATURE_NOT_EXIST with another text", Error, Mutated(AdvanceAiSamples.SeedSignatureNotExist, b => Set(b, "message", "Signature not found")) },
        { "ERROR with another text", Error, Mutated(AdvanceAiSamples.SeedError, b => Set(b, "message", "Internal Server Error")) },
        { "an undocumented error code", Error, Mutated(AdvanceAiSamples.SeedError, b => Set(b, "code", "NOT_FOUND")) },
        { "failReturnUrl spelt failedReturnUrl", "generate-ekyc-verification-url.request.schema.json", Mutated(AdvanceAiSamples.EkycGenerateUrlRequest, b => Rename(b, "failReturnUrl", "failedReturnUrl")) },
        { "returnUrl missing", "generate-ekyc-verification-url.request.schema.json", Mutated(AdvanceAiSamples.EkycGenerateUrlRequest, b => b.Remove("returnUrl")) },
        { "returnUrl javascript:", "generate-ekyc-verification-url.request.schema.json", Mutated(AdvanceAiSamples.EkycGenerateUrlRequest, b => Set(b, "returnUrl", "javascript:alert(1)")) },
        { "returnUrl JavaScript://", "generate-ekyc-verification-url.request.schema.json", Mutated(AdvanceAiSamples.EkycGenerateUrlRequest, b => Set(b, "returnUrl", "JavaScript://x/alert(1)")) },
        { "returnUrl myapp: without a host", "generate-ekyc-verification-url.request.schema.json", Mutated(AdvanceAiSamples.EkycGenerateUrlRequest, b => Set(b, "returnUrl", "myapp:")) },
        { "returnUrl myapp:// without a host", "generate-ekyc-verification-url.request.schema.json", Mutated(AdvanceAiSamples.EkycGenerateUrlRequest, b => Set(b, "returnUrl", "myapp://")) },
        { "failReturnUrl with a line feed", "generate-ekyc-verification-url.request.schema.json", Mutated(AdvanceAiSamples.EkycGenerateUrlRequest, b => Set(b, "failReturnUrl", "https://example.com/cb\nx")) },
        { "returnUrl over 2048 characters", "generate-ekyc-verification-url.request.schema.json", Mutated(AdvanceAiSamples.EkycGenerateUrlRequest, b => Set(b, "returnUrl", "https://example.com/" + new string('a', 2030))) },
        { "callbackUrl with a custom scheme", "generate-ekyc-verification-url.request.schema.json", Mutated(AdvanceAiSamples.EkycGenerateUrlRequest, b => Set(b, "callbackUrl", "myapp://callback")) },
        { "prefersColorScheme DARK", "generate-ekyc-verification-url.request.schema.json", Mutated(AdvanceAiSamples.EkycGenerateUrlRequest, b => Set(b, "prefersColorScheme", "DARK")) },
        { "productLevel lower case", "generate-ekyc-verification-url.request.schema.json", Mutated(AdvanceAiSamples.EkycGenerateUrlRequest, b => Set(b, "productLevel", "standard")) },
        { "ignoreFailWhenJump as a string", "generate-ekyc-verification-url.request.schema.json", Mutated(AdvanceAiSamples.EkycGenerateUrlRequest, b => Set(b, "ignoreFailWhenJump", "false")) },
        { "bizCode with a dash", "generate-ekyc-verification-url.request.schema.json", Mutated(AdvanceAiSamples.EkycGenerateUrlRequest, b => Set(b, "bizCode", "White-Card")) },
        { "solutionCode as a number", "generate-url.request.schema.json", Mutated(AdvanceAiSamples.LegacyGenerateUrlRequest, b => b["solutionCode"] = 1) },
        { "the older generation without docType", "generate-url.request.schema.json", Mutated(AdvanceAiSamples.LegacyGenerateUrlRequest, b => b.Remove("docType")) },
        { "numberType lower case", "database-id-verification.request.schema.json", Mutated(AdvanceAiSamples.DatabaseIdVerificationRequest, b => Set(b, "numberType", "bvn")) },
        { "bizId over 99 characters", "database-id-verification.request.schema.json", Mutated(AdvanceAiSamples.DatabaseIdVerificationRequest, b => Set(b, "bizId", new string('b', 100))) },
        { "a document request without a front image", "api-document.request.schema.json", Mutated(StripLineComments(AdvanceAiSamples.DocumentApiRequest), b => b.Remove("frontImageBase64")) },
        { "returnImageType lower case", "get-result.request.schema.json", Mutated(AdvanceAiSamples.SeedGetResultRequest, b => b["returnImageType"] = "url") },
        { "periodSecond below 60", "generate-token.request.schema.json", Mutated(AdvanceAiSamples.TokenRequestTestVector, b => b["periodSecond"] = 30) },
        { "a 10-digit timestamp", "generate-token.request.schema.json", Mutated(AdvanceAiSamples.TokenRequestTestVector, b => b["timestamp"] = "1665993522") },
        { "a signature that is not hex", "generate-token.request.schema.json", Mutated(AdvanceAiSamples.TokenRequestTestVector, b => Set(b, "signature", new string('z', 64))) },
        { "expiredTime in seconds", "generate-token.response.schema.json", Mutated(AdvanceAiSamples.ReferenceTokenResponse, b => b["data"]!["expiredTime"] = 1767229200) },
        { "a Generate URL answer without url", "generate-url.response.schema.json", Mutated(AdvanceAiSamples.ReferenceGenerateUrlResponse, b => ((JObject)b["data"]!).Remove("url")) },
        { "a callback with a third key", "callback.schema.json", Mutated(AdvanceAiSamples.ReferenceCallback, b => b["result"] = "PASS") },
        { "a callback for INCOMPLETE", "callback.schema.json", Mutated(AdvanceAiSamples.ReferenceCallback, b => Set(b, "type", "INCOMPLETE")) },
        { "a webhook without type", "webhook.schema.json", Mutated(AdvanceAiSamples.ReferenceCallback, b => b.Remove("type")) },
    };

    [Theory]
    [MemberData(nameof(BrokenVariants))]
    public async Task BrokenVariant_Validated_IsRejected(string what, string schema, string body)
    {
        (await Errors(schema, body)).Should().NotBeEmpty(what);
    }

    [Fact]
    public async Task BrokenVariants_SameSchemaUnbroken_Validates()
    {
        // The broken variants prove something only if their sources validate: these are the sources not covered above.
        (await Errors("get-result.base64.response.schema.json", Mutated(AdvanceAiSamples.SeedSuccess, b =>
        {
            Set(b, "data.docDetail.docFrontImage", "YWJjZGVmZw==");
            Set(b, "data.docDetail.docBackImage", "YWJjZGVmZw==");
        }))).Should().BeEmpty();
        (await Errors("get-result.pending.base64.response.schema.json", Mutated(PendingRepaired(withSignatureId: true), b =>
        {
            Set(b, "data.docDetail.docFrontImage", "YWJjZGVmZw==");
            b["data"]!["docDetail"]!["docBackImage"] = JValue.CreateNull();
        }))).Should().BeEmpty();
        (await Errors(Final, Mutated(AdvanceAiSamples.SeedSuccess, b =>
        {
            Set(b, "data.overallResult", "INCOMPLETE");
            Set(b, "data.idvResult", "INCOMPLETE");
            Set(b, "data.errorCode", "USER_TIMEOUT");
        }))).Should().BeEmpty();
        (await Errors("api-document.response.schema.json", AdvanceAiSamples.SeedSuccess)).Should().BeEmpty();
        (await Errors("callback.schema.json", Mutated(AdvanceAiSamples.ReferenceCallback, b => Set(b, "type", "COMPLETED")))).Should().BeEmpty();
        (await Errors("generate-token.request.schema.json", Mutated(AdvanceAiSamples.TokenRequestTestVector, b =>
        {
            b["timestamp"] = "1665993522952";
            b.Remove("periodSecond");
        }))).Should().BeEmpty();
    }

    /// <summary>The failure codes of the seed page's errorCode table, as printed there.</summary>
    public static TheoryData<string> SeedFailureCodes => new()
    {
        "ID_FORGERY_DETECTED", "NO_SUPPORTED_CARD", "CARD_TYPE_MISMATCH", "CARD_LOW_QUALITY_IMAGE", "INCOMPLETED_CARD",
        "CARD_INFO_MISMATCH", "TOO_MANY_CARDS", "CARD_NOT_FOUND", "OCR_NO_RESULT", "PARAMETER_ERROR", "USER_TIMEOUT", "ERROR",
        "NO_SUPPORTED_CARD_CUSTOMIZED", "NO_FACE_DETECTED", "OCR_FIELD_INVALID", "NATIONALITY_COMPLIANCE_FAILED",
    };

    [Theory]
    [MemberData(nameof(SeedFailureCodes))]
    public async Task GetResult_FailWithEachSeedErrorCode_Validates(string code)
    {
        var body = Mutated(AdvanceAiSamples.SeedSuccess, b =>
        {
            Set(b, "data.overallResult", "FAIL");
            Set(b, "data.idvResult", "FAIL");
            Set(b, "data.errorCode", code);
        });

        (await Errors(Final, body)).Should().BeEmpty();
        (await Errors("api-document.response.schema.json", body)).Should().BeEmpty();
    }

    [Theory]
    [InlineData("https://example.com/cb")]
    [InlineData("myapp://callback/success")]
    [InlineData("alipays://platformapi/startapp?id=1")]
    public async Task GenerateUrl_DocumentedAcceptedRedirectUrl_Validates(string url)
    {
        var body = Mutated(AdvanceAiSamples.EkycGenerateUrlRequest, b =>
        {
            Set(b, "returnUrl", url);
            Set(b, "failReturnUrl", url);
        });

        (await Errors("generate-ekyc-verification-url.request.schema.json", body)).Should().BeEmpty();
    }

    private const string Envelope = """{"code": "SUCCESS", "message": "OK", "extra": null, "transactionId": "0a1b2c3d4e5f6071", "pricingStrategy": "FREE", "data": DATA}""";

    /// <summary>
    /// Bodies of the endpoints the vendor prints no response example for, in the shape their schemas
    /// describe (documented keys, the simulator's choices where the docs stop), each with a broken twin.
    /// </summary>
    public static TheoryData<string, string, string> UnprintedShapes => new()
    {
        { "clear-data.response.schema.json", "null", "{}" },
        { "face-search.response.schema.json", """{"signatureId": "f302f5d2454a85c2", "similarFaceUserIds": ["8e44f0089b076e18a718eb9ca3d94674"]}""", """{"signatureId": "f302f5d2454a85c2", "similarFaceUserIds": "8e44f0089b076e18a718eb9ca3d94674"}""" },
        { "address-verification.response.schema.json", """{"signatureId": "681760d460df34eb"}""", """{"signatureId": "681760d460df34eb", "url": "https://sim.local/x"}""" },
        {
            "get-result.address-verification.response.schema.json",
            """{"signatureId": "681760d460df34eb", "overallResult": "PASS", "errorCodes": [], "addressDetail": {"fullAddress": "1 RIZAL ST"}, "countryCodeIso3": "PHL", "inputParameters": {"fullName": "Thomas Alva Edison"}}""",
            """{"signatureId": "681760d460df34eb", "overallResult": "PASS", "errorCode": "SUCCESS", "addressDetail": {}, "countryCodeIso3": "PHL", "inputParameters": {}}"""
        },
        {
            "database-id-verification.response.schema.json",
            """{"result": "FAIL", "errorCode": "CARD_NOT_FOUND", "numberType": "BVN", "region": "NGA"}""",
            """{"result": "PASS", "errorCode": "CARD_NOT_FOUND", "numberType": "BVN", "region": "NGA"}"""
        },
        {
            "api-document.response.schema.json",
            """{"signatureId": "730baa5ab2e34e53", "overallResult": "FAIL", "submissionCompleted": true, "idvResult": "FAIL", "errorCode": "CARD_NOT_FOUND", "countryCodeIso3": "THA", "docDetail": null}""",
            """{"signatureId": "730baa5ab2e34e53", "overallResult": "INCOMPLETE", "submissionCompleted": true, "idvResult": "INCOMPLETE", "errorCode": "CARD_NOT_FOUND", "countryCodeIso3": "THA", "docDetail": null}"""
        },
        {
            Pending,
            """{"signatureId": "730baa5ab2e34e53", "overallResult": null, "submissionCompleted": false, "idvResult": null, "errorCode": null, "countryCodeIso3": "PHL", "docDetail": null}""",
            """{"signatureId": "730baa5ab2e34e53", "overallResult": null, "submissionCompleted": false, "idvResult": null, "countryCodeIso3": "PHL", "docDetail": null}"""
        },
        {
            Final,
            """{"signatureId": "730baa5ab2e34e53", "overallResult": "PASS", "submissionCompleted": true, "idvResult": "PASS", "errorCode": "SUCCESS", "countryCodeIso3": "PHL", "faceDetail": {"faceResult": "PASS", "faceImageNear": "https://sim.local/img/near.jpg", "faceImageNearTime": 1767229302000, "faceLivenessScore": 92.5, "faceSimilarityScore": 88, "livenessType": "DISTANT_NEAR", "eventDetails": []}}""",
            """{"signatureId": "730baa5ab2e34e53", "overallResult": "PASS", "submissionCompleted": true, "idvResult": "PASS", "errorCode": "SUCCESS", "countryCodeIso3": "PHL", "faceDetail": {"faceResult": "PASS", "faceLivenessScore": 120}}"""
        },
    };

    [Theory]
    [MemberData(nameof(UnprintedShapes))]
    public async Task UnprintedShape_ValidatesAndItsBrokenTwinIsRejected(string schema, string data, string broken)
    {
        (await Errors(schema, Envelope.Replace("DATA", data, StringComparison.Ordinal))).Should().BeEmpty();
        (await Errors(schema, Envelope.Replace("DATA", broken, StringComparison.Ordinal))).Should().NotBeEmpty();
    }

    [Fact]
    public Task Schemas_EveryFile_IsDraft07WithItsOwnIdTitleAndDescription() =>
        SampleJson.CheckSchemaFilesAsync(Provider, SchemaBase, 20, @"\APOST /(openapi/auth/ticket|intl/openapi/identity-risk/idvs-h5/ekyc)/v1/\S+ request\z");

    private static Task<IReadOnlyList<string>> Errors(string schema, string json) => SchemaRepository.ValidateAsync(Provider, schema, json);

    /// <summary>The seed's FAIL example with the tables' spellings, all three or all but the one at <paramref name="skip"/>.</summary>
    private static string FailWithTableSpellings(int? skip)
    {
        (string From, string To)[] repairs =
        [
            ("\"overallResult\":\"fail\"", "\"overallResult\":\"FAIL\""),
            ("\"errorCode\":\"NOT_SUPPORTED_CARD\"", "\"errorCode\":\"NO_SUPPORTED_CARD\""),
            ("\"docResult\": null", "\"ocrResult\": null"),
        ];
        var text = AdvanceAiSamples.SeedFail.Replace("\"idvResult\":\"fail\"", "\"idvResult\":\"FAIL\"", StringComparison.Ordinal);
        for (var i = 0; i < repairs.Length; i++)
        {
            if (i != skip)
            {
                text.Should().Contain(repairs[i].From);
                text = text.Replace(repairs[i].From, repairs[i].To, StringComparison.Ordinal);
            }
        }
        return text;
    }

    /// <summary>The seed's pending example as JSON: comments dropped, PASS quoted, and (optionally) the signatureId the table lists.</summary>
    private static string PendingRepaired(bool withSignatureId)
    {
        var text = StripLineComments(AdvanceAiSamples.SeedPending).Replace("\"ocrResult\": PASS,", "\"ocrResult\": \"PASS\",", StringComparison.Ordinal);
        return withSignatureId ? Mutated(text, b => ((JObject)b["data"]!).AddFirst(new JProperty("signatureId", "f302f5d2454a85c2"))) : text;
    }

    /// <summary>Drops <c>// …</c> comments outside strings (URLs keep their <c>//</c>).</summary>
    private static string StripLineComments(string text)
    {
        var result = new StringBuilder(text.Length);
        var inString = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                result.Append(c);
                if (c == '\\' && i + 1 < text.Length)
                {
                    result.Append(text[++i]);
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i + 1 < text.Length && text[i + 1] != '\n')
                {
                    i++;
                }
            }
            else
            {
                inString = c == '"';
                result.Append(c);
            }
        }
        return TrailingSpace().Replace(result.ToString(), "");
    }

    [GeneratedRegex(@"[ \t]+(?=\r?\n)")]
    private static partial Regex TrailingSpace();
}
