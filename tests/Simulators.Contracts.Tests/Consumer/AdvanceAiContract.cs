using Simulators.Contracts.Tests.Client;
using Simulators.Contracts.Tests.Pact;

namespace Simulators.Contracts.Tests.Consumer;

/// <summary>
/// The interactions of the reference client with ADVANCE.AI IDVS (<c>contracts/pacts/ekyc-client-advance-ai.json</c>).
/// What only the provider can make at verification time (a token valid now, a timestamp inside the window and
/// its signature) is injected from the provider state; ids, links and extracted values are matched by shape;
/// codes, documented messages, results and the envelope's fixed keys exactly.
/// </summary>
internal static class AdvanceAiContract
{
    public const string Provider = "advance-ai";
    public const string AccessKey = "sandbox-access-key";
    public const string SecretKey = "sandbox-secret-key";

    /// <summary>The provider states the simulator declares (Control/AdvanceAiProviderStates.cs).</summary>
    public const string Account = "the sandbox account exists";
    public const string Transaction = "a transaction of the account exists";
    public const string SameFace = "two passed transactions show the same face";

    public const string SignatureId = "5f3c1a2b4d6e7f80";
    private const string OtherSignatureId = "6a4d2b3c5e7f8091";
    private const string UnknownSignatureId = "0123456789abcdef";

    /// <summary>The IAM_FAILED get-result's own id: a stub tells interactions apart by body, never by header.</summary>
    private const string NoTokenSignatureId = "5f3c1a2b4d6e7f86";

    private const string Jwt = @"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$";
    private const string ExampleToken = "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJoNV9saXZlbmVzcyIsImF1ZCI6IldFQiJ9.c2lnbmF0dXJl";
    private const string ExampleTimestamp = "1764547200000";
    private const string Link = @"^https?://\S+$";
    private const string Base64 = "^[A-Za-z0-9+/]+={0,2}$";

    /// <summary>
    /// Each get-result state with its own signatureId (what <c>pact stub</c> serves for it): the stage of the
    /// transaction, and the scenario a FINISHED one ended with.
    /// </summary>
    public static IReadOnlyDictionary<string, (string SignatureId, string Stage, string? Scenario)> ResultStates { get; } =
        new Dictionary<string, (string, string, string?)>
        {
            ["PENDING"] = ("5f3c1a2b4d6e7f81", "PENDING", null),
            ["SUBMITTED"] = ("5f3c1a2b4d6e7f82", "SUBMITTED", null),
            ["PASS"] = (SignatureId, "FINISHED", "PASS"),
            ["ID_FORGERY_DETECTED"] = ("5f3c1a2b4d6e7f83", "FINISHED", "ID_FORGERY_DETECTED"),
            ["CARD_LOW_QUALITY_IMAGE"] = ("5f3c1a2b4d6e7f84", "FINISHED", "CARD_LOW_QUALITY_IMAGE"),
            ["ABANDONED"] = ("5f3c1a2b4d6e7f85", "ABANDONED", null),
        };

    private static readonly string[] Variants =
    [
        "generate-ekyc-verification-url", "generate-url", "generate-document-verification-url",
        "generate-liveness-detection-url", "generate-face-authentication-url", "generate-non-document-verification-url",
    ];

    public static IReadOnlyList<ContractCase> Cases { get; } =
    [
        Token("a token for a signed request", numeric: false, periodSecond: 3600),
        Token("a token for a signed request with the timestamp as a number", numeric: true, periodSecond: 600),
        Token("a token for a signed request without periodSecond", numeric: false, periodSecond: null),

        Case("a token request with a wrong signature",
            i => i.Given(Account).WithRequest("POST", AdvanceAiClient.TokenPath)
                .WithJsonBody(new { accessKey = AccessKey, timestamp = Timestamp(numeric: false), signature = new string('0', 64) })
                .WillRespondWith(200)
                .WithResponseJsonBody(Refusal("PARAMETER_ERROR", "Signature error")),
            async client => (await Refused(() => client.GenerateTokenAsync(AccessKey, SecretKey, signature: new string('0', 64)))).Should().Be(("PARAMETER_ERROR", "Signature error")),
            token: null),

        .. Variants.Select(GenerateUrl),
        .. Variants.Select(GenerateUrlWithoutBizId),

        Case("a get-result without X-ACCESS-TOKEN",
            i => i.Given(Account).WithRequest("POST", AdvanceAiClient.Prefix + "get-result")
                .WithJsonBody(new { signatureId = NoTokenSignatureId })
                .WillRespondWith(200)
                .WithResponseJsonBody(Refusal("IAM_FAILED", Match.Type("Token not found or expired"))),
            async client => (await Refused(() => client.GetResultAsync(NoTokenSignatureId))).Code.Should().Be("IAM_FAILED"),
            token: null),

        Case("a generate-ekyc-verification-url with an unknown X-ACCESS-TOKEN",
            i => i.Given(Account).WithRequest("POST", AdvanceAiClient.Prefix + "generate-ekyc-verification-url")
                .WithHeader("X-ACCESS-TOKEN", "not-a-token-of-this-account")
                .WithJsonBody(JourneyBody("generate-ekyc-verification-url"))
                .WillRespondWith(200)
                .WithResponseJsonBody(Refusal("IAM_FAILED", Match.Type("Token not found or expired"))),
            async client => (await Refused(() => client.GenerateUrlAsync("generate-ekyc-verification-url", JourneyBody("generate-ekyc-verification-url")))).Code.Should().Be("IAM_FAILED"),
            token: "not-a-token-of-this-account"),

        GetResult("the result of a journey the user has not submitted", "PENDING",
            id => Unfinished(id, overall: null, submitted: false),
            data => data.GetProperty("submissionCompleted").GetBoolean().Should().BeFalse()),
        GetResult("the result of a submitted journey still being processed", "SUBMITTED",
            Submitted,
            data =>
            {
                data.GetProperty("submissionCompleted").GetBoolean().Should().BeTrue();
                data.GetProperty("overallResult").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
            }),
        GetResult("the result of a passed journey", "PASS",
            id => Passed(id, base64: false),
            data => data.GetProperty("docDetail").GetProperty("docFrontImage").GetString().Should().StartWith("http")),
        GetResult("the result of a passed journey with the images as Base64", "PASS",
            id => Passed(id, base64: true),
            data => Convert.FromBase64String(data.GetProperty("faceDetail").GetProperty("faceImageFar").GetString()!).Should().NotBeEmpty(),
            base64: true),
        GetResult("the result of a journey that failed on a forged document", "ID_FORGERY_DETECTED",
            id => Ended(id, "FAIL", "ID_FORGERY_DETECTED"),
            data => data.GetProperty("errorCode").GetString().Should().Be("ID_FORGERY_DETECTED")),
        GetResult("the result of a journey left incomplete by a poor document image", "CARD_LOW_QUALITY_IMAGE",
            id => Ended(id, "INCOMPLETE", "CARD_LOW_QUALITY_IMAGE"),
            data => data.GetProperty("overallResult").GetString().Should().Be("INCOMPLETE")),
        GetResult("the result of a journey the user abandoned", "ABANDONED",
            id => Unfinished(id, overall: "INCOMPLETE", submitted: false),
            data => data.GetProperty("idvResult").GetString().Should().Be("INCOMPLETE")),

        Case("the result of an unknown signatureId",
            i => Authenticated(i.Given(Account).WithRequest("POST", AdvanceAiClient.Prefix + "get-result"))
                .WithJsonBody(new { signatureId = UnknownSignatureId })
                .WillRespondWith(200)
                .WithResponseJsonBody(Refusal("SIGNATURE_NOT_EXIST", "This signatureId is not exist")),
            async client => (await Refused(() => client.GetResultAsync(UnknownSignatureId))).Code.Should().Be("SIGNATURE_NOT_EXIST")),

        Case("a Document API check of a document image",
            i => Authenticated(i.Given(Account).WithRequest("POST", AdvanceAiClient.Prefix + "api/document"))
                .WithJsonBody(DocumentBody)
                .WillRespondWith(200)
                .WithResponseJsonBody(Success(new
                {
                    signatureId = Match.Type(OtherSignatureId),
                    overallResult = "PASS",
                    submissionCompleted = true,
                    idvResult = "PASS",
                    errorCode = "SUCCESS",
                    docDetail = FullDoc(OtherSignatureId, base64: false),
                    countryCodeIso3 = "PHL",
                })),
            async client =>
            {
                var result = await client.DocumentAsync(DocumentBody);
                result.Data.GetProperty("overallResult").GetString().Should().Be("PASS");
            }),

        Case("the data of a finished transaction is cleared",
            i => Authenticated(i.Given(Transaction, new { signatureId = SignatureId, stage = "FINISHED" }).WithRequest("POST", AdvanceAiClient.Prefix + "clear-data"))
                .WithQuery("signatureId", SignatureId)
                .WillRespondWith(200)
                .WithResponseJsonBody(Success(null)),
            async client => (await client.ClearDataAsync(SignatureId)).Code.Should().Be("SUCCESS")),

        Case("a face search finds another user with the same face",
            i => Authenticated(i.Given(SameFace, new { signatureId = SignatureId, otherSignatureId = OtherSignatureId, userId = "user-contract", otherUserId = "user-contract-other" })
                    .WithRequest("POST", AdvanceAiClient.Prefix + "face-search"))
                .WithJsonBody(new { signatureId = SignatureId })
                .WillRespondWith(200)
                .WithResponseJsonBody(Success(new { signatureId = SignatureId, similarFaceUserIds = new[] { "user-contract-other" } })),
            async client => (await client.FaceSearchAsync(SignatureId)).Data!.SimilarFaceUserIds.Should().Equal("user-contract-other")),

        Case("an address verification is started",
            i => Authenticated(i.Given(Account).WithRequest("POST", AdvanceAiClient.Prefix + "api/address-verification/start-verification"))
                .WithJsonBody(AddressBody)
                .WillRespondWith(200)
                .WithResponseJsonBody(Success(new { signatureId = Match.Type(OtherSignatureId) })),
            async client => (await client.AddressAsync(AddressBody)).Data!.SignatureId.Should().NotBeNullOrEmpty()),

        Case("a database ID verification of an Indonesian NIK",
            i => Authenticated(i.Given(Account).WithRequest("POST", AdvanceAiClient.Prefix + "api/database-id-verification"))
                .WithJsonBody(DatabaseBody("NIK"))
                .WillRespondWith(200)
                .WithResponseJsonBody(Success(new { result = "PASS", errorCode = "SUCCESS", numberType = "NIK", region = "IDN" })),
            async client => (await client.DatabaseIdAsync(DatabaseBody("NIK"))).Data!.Result.Should().Be("PASS")),

        Case("a database ID verification whose number type is not of the region",
            i => Authenticated(i.Given(Account).WithRequest("POST", AdvanceAiClient.Prefix + "api/database-id-verification"))
                .WithJsonBody(DatabaseBody("BVN"))
                .WillRespondWith(200)
                .WithResponseJsonBody(Refusal("PARAMETER_ERROR", "Number type and country are not match")),
            async client => (await Refused(() => client.DatabaseIdAsync(DatabaseBody("BVN")))).Should().Be(("PARAMETER_ERROR", "Number type and country are not match"))),
    ];

    private static object DocumentBody => new { bizId = "document-contract-001", region = "PHL", frontImageBase64 = "/9j/4AAQSkZJRgABAQ==" };

    private static object AddressBody => new
    {
        bizId = "address-contract-001", userId = "user-contract", region = "PHL",
        proofFileUrl = "https://merchant.example/proof/bill.pdf", fullName = "Juan Dela Cruz", issueDate = "2025-10-01",
    };

    private static object DatabaseBody(string numberType) =>
        new { bizId = "database-contract-001", userId = "user-contract", region = "IDN", numberType, numberValue = "3174054509880002" };

    private static ContractCase Case(string name, Action<InteractionBuilder> describe, Func<AdvanceAiClient, Task> exercise, string? token = ExampleToken) =>
        new(name, describe, http => exercise(new AdvanceAiClient(http, token)));

    /// <summary>The token the provider state issued, as <c>X-ACCESS-TOKEN</c>.</summary>
    private static InteractionBuilder Authenticated(InteractionBuilder interaction) =>
        interaction.WithHeader("X-ACCESS-TOKEN", Match.FromProviderState("${token}", Match.Regex(Jwt, ExampleToken)));

    /// <summary>The timestamp the provider state read off the account's clock, as text or as a JSON number.</summary>
    private static Dictionary<string, object?> Timestamp(bool numeric) => numeric
        ? Match.FromProviderState("${timestampNumber}", Match.Integer(long.Parse(ExampleTimestamp, System.Globalization.CultureInfo.InvariantCulture)))
        : Match.FromProviderState("${timestamp}", Match.Regex(@"^\d{13}$", ExampleTimestamp));

    private static ContractCase Token(string name, bool numeric, int? periodSecond)
    {
        var body = new Dictionary<string, object?>
        {
            ["accessKey"] = AccessKey,
            ["timestamp"] = Timestamp(numeric),
            ["signature"] = Match.FromProviderState("${signature}", Match.Regex("^[0-9a-f]{64}$", AdvanceAiClient.Sign(AccessKey, SecretKey, ExampleTimestamp))),
        };
        if (periodSecond is { } period)
        {
            body["periodSecond"] = period;
        }
        return Case(name,
            i => i.Given(Account).WithRequest("POST", AdvanceAiClient.TokenPath)
                .WithJsonBody(body)
                .WillRespondWith(200)
                .WithResponseJsonBody(Success(new { token = Match.Regex(Jwt, ExampleToken), expiredTime = Match.Integer(1764550800000) })),
            async client =>
            {
                var issued = (await client.GenerateTokenAsync(AccessKey, SecretKey, numeric, periodSecond)).Data!;
                issued.Token.Split('.').Should().HaveCount(3);
                issued.ExpiredTime.Should().BePositive();
            },
            token: null);
    }

    private static Dictionary<string, object?> JourneyBody(string variant) => AdvanceAiClient.JourneyBody(variant, "order-contract-001", "user-contract");

    private static ContractCase GenerateUrl(string variant) => Case($"a {variant} call opens a hosted journey",
        i => Authenticated(i.Given(Account).WithRequest("POST", AdvanceAiClient.Prefix + variant))
            .WithJsonBody(JourneyBody(variant))
            .WillRespondWith(200)
            .WithResponseJsonBody(Success(new { signatureId = Match.Type(SignatureId), url = Match.Regex(Link, "https://sandbox.advance.ai/h5/idvs/" + SignatureId) })),
        async client =>
        {
            var journey = (await client.GenerateUrlAsync(variant, JourneyBody(variant))).Data!;
            new Uri(journey.Url!).IsAbsoluteUri.Should().BeTrue();
            journey.SignatureId.Should().NotBeNullOrEmpty();
        });

    private static ContractCase GenerateUrlWithoutBizId(string variant)
    {
        var body = JourneyBody(variant);
        body.Remove("bizId");
        return Case($"a {variant} call without bizId",
            i => Authenticated(i.Given(Account).WithRequest("POST", AdvanceAiClient.Prefix + variant))
                .WithJsonBody(body)
                .WillRespondWith(200)
                .WithResponseJsonBody(Refusal("PARAMETER_ERROR", "Parameter should not be empty")),
            async client => (await Refused(() => client.GenerateUrlAsync(variant, body))).Should().Be(("PARAMETER_ERROR", "Parameter should not be empty")));
    }

    private static ContractCase GetResult(string name, string key, Func<string, object> data, Action<System.Text.Json.JsonElement> check, bool base64 = false)
    {
        var (signatureId, stage, scenario) = ResultStates[key];
        var state = new Dictionary<string, string> { ["signatureId"] = signatureId, ["stage"] = stage };
        if (scenario is not null)
        {
            state["scenario"] = scenario;
        }
        return Case(name,
            i => Authenticated(i.Given(Transaction, state).WithRequest("POST", AdvanceAiClient.Prefix + "get-result"))
                .WithJsonBody(base64 ? new { signatureId, returnImageType = "BASE64" } : new { signatureId })
                .WillRespondWith(200)
                .WithResponseJsonBody(Success(data(signatureId))),
            async client =>
            {
                var result = (await client.GetResultAsync(signatureId, base64)).Data;
                result.GetProperty("signatureId").GetString().Should().Be(signatureId);
                check(result);
            });
    }

    /// <summary>The six-key envelope of a success: <c>extra</c> null, <c>pricingStrategy</c> always FREE on IDVS.</summary>
    private static object Success(object? data) => new
    {
        code = "SUCCESS",
        message = "OK",
        data,
        extra = Match.Null,
        transactionId = Match.Type("9689214c4350d788"),
        pricingStrategy = "FREE",
    };

    private static object Refusal(string code, object message) => new
    {
        code,
        message,
        data = Match.Null,
        extra = Match.Null,
        transactionId = Match.Type("adad23c6cde5dc83"),
        pricingStrategy = "FREE",
    };

    /// <summary>No result yet, or an end without a submit: no details at all.</summary>
    private static object Unfinished(string signatureId, string? overall, bool submitted) => new
    {
        signatureId,
        overallResult = overall,
        submissionCompleted = submitted,
        idvResult = overall,
        errorCode = Match.Null,
        docDetail = Match.Null,
        faceDetail = Match.Null,
        countryCodeIso3 = "PHL",
    };

    /// <summary>Submitted, not processed: the scanned document and its OCR, no labels, no face, no result.</summary>
    private static object Submitted(string signatureId) => new
    {
        signatureId,
        overallResult = Match.Null,
        submissionCompleted = true,
        idvResult = Match.Null,
        errorCode = Match.Null,
        docDetail = new
        {
            ocrResult = "PASS",
            docFrontImage = Image(signatureId, base64: false, "front"),
            docBackImage = Match.Null,
            ocrInfo = OcrInfo(),
            qualityLabels = new { front = Match.Null, back = Match.Null },
            forgeryLabels = Match.Null,
            eventDetails = DocumentEvents(),
        },
        faceDetail = Match.Null,
        countryCodeIso3 = "PHL",
    };

    private static object Passed(string signatureId, bool base64) => new
    {
        signatureId,
        overallResult = "PASS",
        submissionCompleted = true,
        idvResult = "PASS",
        errorCode = "SUCCESS",
        docDetail = FullDoc(signatureId, base64),
        faceDetail = new
        {
            faceResult = "PASS",
            faceImageFar = Image(signatureId, base64, "far"),
            faceImageFarTime = Match.Integer(1764547195000),
            faceImageNear = Image(signatureId, base64, "near"),
            faceImageNearTime = Match.Integer(1764547196000),
            silentImage = Match.Null,
            silentImageTime = Match.Null,
            auditImageUrl = Match.Null,
            faceLivenessScore = Match.Decimal(92.5),
            livenessAttackType = Match.Null,
            livenessType = "DISTANT_NEAR",
            livenessFlowCategory = Match.Null,
            faceSimilarityScore = Match.Decimal(88.5),
            eventDetails = Array.Empty<object>(),
        },
        countryCodeIso3 = "PHL",
    };

    /// <summary>A failed or incomplete end: the seed's all-null docDetail, no face.</summary>
    private static object Ended(string signatureId, string overall, string errorCode) => new
    {
        signatureId,
        overallResult = overall,
        submissionCompleted = true,
        idvResult = overall,
        errorCode,
        docDetail = new { ocrResult = Match.Null, docFrontImage = Match.Null, docBackImage = Match.Null, ocrInfo = Match.Null, qualityLabels = Match.Null, forgeryLabels = Match.Null },
        faceDetail = Match.Null,
        countryCodeIso3 = "PHL",
    };

    private static object FullDoc(string signatureId, bool base64) => new
    {
        ocrResult = "PASS",
        docFrontImage = Image(signatureId, base64, "front"),
        docBackImage = Match.Null,
        docType = new { front = "PH-ID-SSS", back = Match.Null },
        subDocType = new { front = "PH-ID-SSS", back = Match.Null },
        ocrInfo = OcrInfo(),
        qualityLabels = new { front = new { isBlur = false, isDim = false, isExposure = false }, back = Match.Null },
        forgeryLabels = Array.Empty<object>(),
        eventDetails = DocumentEvents(),
    };

    private static object OcrInfo() => new
    {
        front = new
        {
            name = Match.Type("JUAN DELA CRUZ"),
            idNumber = Match.Type("490805700371"),
            birthday = Match.Regex(@"^\d{4}/\d{2}/\d{2}$", "1990/01/31"),
            gender = Match.Regex("^(MALE|FEMALE)$", "MALE"),
            address = Match.Type("12 RIZAL AVENUE"),
        },
        back = Match.Null,
    };

    private static Dictionary<string, object?> DocumentEvents() =>
        Match.EachLike(new { @event = "FE_DOCUMENT_SCAN", result = "PASS", createTimestmap = Match.Integer(1764547197000) });

    /// <summary>An image: a link (its host and signing are the provider's) or the Base64 of a JPEG.</summary>
    private static Dictionary<string, object?> Image(string signatureId, bool base64, string name) => base64
        ? Match.Regex(Base64, "/9j/4AAQSkZJRgABAQ==")
        : Match.Regex(Link, $"https://sandbox.advance.ai/h5/images/{signatureId}/{name}.jpg?expires=1764633600&sign=0f1e2d3c4b5a69788796a5b4c3d2e1f0");

    private static async Task<(string Code, string Message)> Refused(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (AdvanceAiApiException ex)
        {
            return (ex.Code, ex.ServerMessage);
        }
        throw new InvalidOperationException("The call was expected to be refused.");
    }
}
