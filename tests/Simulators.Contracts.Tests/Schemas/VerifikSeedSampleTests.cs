using Newtonsoft.Json.Linq;
using static Simulators.Contracts.Tests.Schemas.SampleJson;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// The Verifik schemas proven both ways before the simulator exists: every sample body of the seed page,
/// the provider reference and the vendor's pages validates against its schema (the placeholder Create and
/// List examples after adding the keys the seed prints, as the documented schema's description says);
/// the simulator's default answer, which carries both documentation generations in one body, validates
/// against each generation's schema and the combined one, while either generation alone fails the other's;
/// and broken variants (a corrected wire typo, a wrong type, a missing key, a wrong value) are rejected.
/// </summary>
public sealed class VerifikSeedSampleTests
{
    private const string Provider = SchemaRepository.Verifik;
    private const string SchemaBase = "https://ekyc-simulators.local/schemas/verifik/";

    private const string CapturedRecord = "document-liveness.captured.schema.json";
    private const string DocumentedRecord = "document-liveness.documented.schema.json";
    private const string Create = "document-liveness.create.response.schema.json";
    private const string CreateCaptured = "document-liveness.create.captured.response.schema.json";
    private const string CreateDocumented = "document-liveness.create.documented.response.schema.json";
    private const string Retrieve = "document-liveness.retrieve.response.schema.json";
    private const string RetrieveCaptured = "document-liveness.retrieve.captured.response.schema.json";
    private const string RetrieveDocumented = "document-liveness.retrieve.documented.response.schema.json";
    private const string List = "document-liveness.list.response.schema.json";
    private const string ListCaptured = "document-liveness.list.captured.response.schema.json";
    private const string ListDocumented = "document-liveness.list.documented.response.schema.json";
    private const string Error = "error.schema.json";
    private const string LivenessError = "document-liveness.error.schema.json";

    public static TheoryData<string, string> VendorSamples => new()
    {
        { RetrieveDocumented, VerifikSamples.SeedRetrieve },
        { LivenessError, VerifikSamples.SeedNotFound },
        { CreateCaptured, VerifikSamples.ReferenceCapturedCreate },
        { "document-liveness.create.request.schema.json", VerifikSamples.DocsCreateRequest },
        { LivenessError, VerifikSamples.DocsCreateInvalidImage },
        { LivenessError, VerifikSamples.DocsCreateTooLarge },
        { "document-liveness.list.error.schema.json", VerifikSamples.DocsListInvalid },
        { "unauthorized.schema.json", VerifikSamples.ReferenceProtectedResource },
        { Error, VerifikSamples.ReferenceAuthenticationRequired },
        { Error, VerifikSamples.ReferenceTokenExpired },
        { Error, VerifikSamples.ReferenceAccessForbidden },
        { Error, VerifikSamples.ReferenceRecordNotFound },
        { Error, VerifikSamples.ReferenceNoCheckEnabled },
        { Error, VerifikSamples.ReferenceMissingUrl },
        { Error, VerifikSamples.ReferenceOsRequired },
        { Error, VerifikSamples.ReferenceSearchModeRequired },
        { Error, VerifikSamples.ReferenceOnlyImagesInBase64 },
        { Error, VerifikSamples.ReferenceInternalError },
        { Error, VerifikSamples.ReferenceServerError },
        { Error, VerifikSamples.ReferenceMissingImage },
        { Error, VerifikSamples.ReferenceEitherImage },
        { Error, VerifikSamples.ReferenceAlreadyExists },
        { Error, VerifikSamples.ReferenceRegistrationNotFound },
        { Error, VerifikSamples.ReferenceDocumentSettingsNotSet },
        { Error, VerifikSamples.ReferenceAppRegistrationNotFound },
        { Error, VerifikSamples.ReferenceInvalidLimit },
        { Error, VerifikSamples.ReferencePersonAlreadySet },
        { Error, VerifikSamples.ReferenceLivenessFailed },
        { Error, VerifikSamples.DocsEmailLoginNotFound },
        { Error, VerifikSamples.DocsEmailConfirmInvalidOtp },
        { Error, VerifikSamples.DocsPhoneLoginBadPhone },
        { Error, VerifikSamples.DocsPhoneLoginMissing },
        { Error, VerifikSamples.DocsPhoneConfirmBadOtp },
        { Error, VerifikSamples.DocsPhoneConfirmMissing },
        { Error, VerifikSamples.DocsSessionUnauthorized },
        { Error, VerifikSamples.DocsSessionMissingHeader },
        { Error, VerifikSamples.DocsScanPromptNotFound },
        { Error, VerifikSamples.DocsScanStudioBadType },
        { Error, VerifikSamples.DocsAppRegistrationNeedsContact },
        { Error, VerifikSamples.DocsAppRegistrationDomain },
        { Error, VerifikSamples.DocsAppRegistrationCountryCode },
        { "invalid-request.schema.json", VerifikSamples.DocsScanStudioInvalid },
        { "email-login.response.schema.json", VerifikSamples.DocsEmailLogin },
        { "email-login-confirm.request.schema.json", VerifikSamples.DocsEmailConfirmRequest },
        { "email-login-confirm.response.schema.json", VerifikSamples.DocsEmailConfirm },
        { "phone-login.request.schema.json", VerifikSamples.DocsPhoneLoginRequest },
        { "phone-login.response.schema.json", VerifikSamples.DocsPhoneLogin },
        { "phone-login-confirm.request.schema.json", VerifikSamples.DocsPhoneConfirmRequest },
        { "phone-login-confirm.response.schema.json", VerifikSamples.DocsPhoneConfirm },
        { "auth-session.response.schema.json", VerifikSamples.DocsSession },
        { "renew-and-revoke.response.schema.json", VerifikSamples.ReferenceRenewAndRevoke },
        { "face-liveness.request.schema.json", VerifikSamples.ReferenceFaceLivenessRequest },
        { "face-liveness.response.schema.json", VerifikSamples.ReferenceFaceLiveness },
        { "face-compare.request.schema.json", VerifikSamples.ReferenceCompareRequest },
        { "face-compare.response.schema.json", VerifikSamples.ReferenceFaceCompare },
        { "face-compare-with-liveness.request.schema.json", VerifikSamples.ReferenceCompareWithLivenessRequest },
        { "face-compare-with-liveness.response.schema.json", VerifikSamples.ReferenceCompareWithLiveness },
        { "scan-prompt.request.schema.json", VerifikSamples.DocsScanPromptRequest },
        { "scan-prompt.response.schema.json", VerifikSamples.DocsScanPrompt },
        { "scan-studio.request.schema.json", VerifikSamples.DocsScanStudioRequest },
        { "scan-studio.response.schema.json", VerifikSamples.DocsScanStudio },
        { "app-registration.create.request.schema.json", VerifikSamples.DocsAppRegistrationRequest },
        { "app-registration.create.response.schema.json", VerifikSamples.DocsAppRegistrationCreate },
        { "document-validation.app-registration.request.schema.json", VerifikSamples.ReferenceDocumentValidationRequest },
        { "biometric-validation.app-registration.request.schema.json", VerifikSamples.ReferenceBiometricValidationRequest },
        { "webhook.create.request.schema.json", VerifikSamples.ReferenceWebhookRequest },
        { "webhook.update.request.schema.json", VerifikSamples.ReferenceWebhookRequest },
        { "webhook-delivery.schema.json", VerifikSamples.ReferenceWebhookDelivery },
    };

    [Theory]
    [MemberData(nameof(VendorSamples))]
    public async Task VendorSample_AsPrinted_Validates(string schema, string sample)
    {
        IsStrictJson(sample).Should().BeTrue();
        (await Errors(schema, sample)).Should().BeEmpty();
    }

    [Fact]
    public async Task SeedRetrieveSample_AsPrinted_IsTheDocumentedGenerationOnly()
    {
        (await Errors(DocumentedRecord, Data(VerifikSamples.SeedRetrieve))).Should().BeEmpty();
        (await Errors(CapturedRecord, Data(VerifikSamples.SeedRetrieve))).Should().NotBeEmpty("the seed has none of the flat keys");
        (await Errors(RetrieveCaptured, VerifikSamples.SeedRetrieve)).Should().NotBeEmpty();
        (await Errors(Retrieve, VerifikSamples.SeedRetrieve)).Should().NotBeEmpty("the default answer carries both generations");
    }

    [Fact]
    public async Task CapturedCreateSample_AsPrinted_IsTheCapturedGenerationOnly()
    {
        (await Errors(CapturedRecord, Data(VerifikSamples.ReferenceCapturedCreate))).Should().BeEmpty();
        (await Errors(DocumentedRecord, Data(VerifikSamples.ReferenceCapturedCreate))).Should().NotBeEmpty("the capture has no status, validationResults, riskScore");
        (await Errors(CreateDocumented, VerifikSamples.ReferenceCapturedCreate)).Should().NotBeEmpty();
        (await Errors(Create, VerifikSamples.ReferenceCapturedCreate)).Should().NotBeEmpty("the default answer carries both generations");
    }

    [Fact]
    public async Task CapturedRetrieveAndList_InTheCapturedEnvelopes_Validate()
    {
        var record = (JObject)SchemaRepository.Parse(VerifikSamples.ReferenceCapturedCreate)["data"]!;
        var second = (JObject)record.DeepClone();
        second["_id"] = "6900aa11bb22cc33dd44ee56";
        var retrieve = new JObject { ["data"] = record.DeepClone() }.ToString();
        var list = new JObject { ["data"] = new JArray(record.DeepClone(), second), ["total"] = 2, ["limit"] = 20, ["page"] = 1, ["pages"] = 1 }.ToString();

        (await Errors(RetrieveCaptured, retrieve)).Should().BeEmpty();
        (await Errors(ListCaptured, list)).Should().BeEmpty();
        (await Errors(RetrieveDocumented, retrieve)).Should().NotBeEmpty();
        (await Errors(ListDocumented, list)).Should().NotBeEmpty();
        (await Errors(List, list)).Should().NotBeEmpty();
    }

    [Fact]
    public async Task PlaceholderCreateAndListSamples_WithTheSeedsKeys_Validate()
    {
        (await Errors(CreateDocumented, VerifikSamples.DocsCreate)).Should().NotBeEmpty("the Create page's record lacks calibrationSettings and validationFlags, which the seed prints");
        (await Errors(ListDocumented, VerifikSamples.DocsList)).Should().NotBeEmpty("the List page's records also lack details");

        var create = Mutated(VerifikSamples.DocsCreate, b => AddSeedKeys((JObject)b["data"]!));
        var list = Mutated(VerifikSamples.DocsList, b => AddSeedKeys((JObject)b["data"]![0]!));

        (await Errors(CreateDocumented, create)).Should().BeEmpty();
        (await Errors(ListDocumented, list)).Should().BeEmpty();
    }

    [Fact]
    public async Task WebhookObjectSample_WithTheStoredKeys_Validates()
    {
        (await Errors("webhook.schema.json", VerifikSamples.DocsWebhookObject)).Should().NotBeEmpty("the object page prints a configuration without _id, timestamps and __v");
        var stored = Mutated(VerifikSamples.DocsWebhookObject, b =>
        {
            b.AddFirst(new JProperty("_id", "613a4b978482f60fd31bd7ba"));
            b["notification"]!["_id"] = "613a4b978482f60fd31bd7bb";
            b["createdAt"] = "2024-05-29T03:41:27.009Z";
            b["updatedAt"] = "2024-05-29T03:41:27.009Z";
            b["__v"] = 0;
        });

        (await Errors("webhook.schema.json", stored)).Should().BeEmpty();
        (await Errors("webhook.response.schema.json", new JObject { ["data"] = SchemaRepository.Parse(stored) }.ToString())).Should().BeEmpty();
        (await Errors("webhook-list.response.schema.json", new JObject { ["data"] = new JArray(SchemaRepository.Parse(stored)), ["total"] = 1, ["limit"] = 10, ["page"] = 1, ["pages"] = 1 }.ToString())).Should().BeEmpty();
    }

    [Fact]
    public async Task AppRegistrationSample_InTheGetListAndBiometricAnswers_Validates()
    {
        var registration = SchemaRepository.Parse(VerifikSamples.DocsAppRegistrationCreate)["data"]!["appRegistration"]!;
        var biometric = (JObject)registration.DeepClone();
        biometric["status"] = "ONGOING";
        biometric["biometricValidation"] = "674de8df21c72be3cc42b8b1";
        biometric["person"] = "674de8df21c72be3cc42b8b2";
        biometric["assignedCollection"] = "674de8df21c72be3cc42b8b3";

        (await Errors("app-registration.response.schema.json", new JObject { ["data"] = registration.DeepClone() }.ToString())).Should().BeEmpty();
        (await Errors("app-registration-list.response.schema.json", new JObject { ["data"] = new JArray(registration.DeepClone()), ["total"] = 1, ["limit"] = 10, ["page"] = 1, ["pages"] = 1 }.ToString())).Should().BeEmpty();
        (await Errors("biometric-validation.app-registration.response.schema.json", new JObject { ["data"] = biometric }.ToString())).Should().BeEmpty();
        (await Errors("biometric-validation.app-registration.response.schema.json", new JObject { ["data"] = registration.DeepClone() }.ToString())).Should().NotBeEmpty("the answer sets biometricValidation, person and assignedCollection");
    }

    [Fact]
    public async Task DocumentValidationAnswer_WithTheDocumentedKeys_Validates()
    {
        (await Errors("document-validation.app-registration.response.schema.json", DocumentValidation)).Should().BeEmpty();
        (await Errors("document-validation.app-registration.response.schema.json", Mutated(DocumentValidation, b => Set(b, "data.documentValidation.status", "assessing")))).Should().NotBeEmpty();
    }

    public static TheoryData<string> BothSchemas => new()
    {
        CapturedRecord, DocumentedRecord,
    };

    [Theory]
    [MemberData(nameof(BothSchemas))]
    public async Task BothGenerationsRecord_AgainstEachGenerationsRecord_Validates(string schema)
    {
        (await Errors(schema, BothRecord().ToString())).Should().BeEmpty();
    }

    public static TheoryData<string> BothAnswerSchemas => new()
    {
        Create, CreateCaptured, CreateDocumented,
        Retrieve, RetrieveCaptured, RetrieveDocumented,
    };

    [Theory]
    [MemberData(nameof(BothAnswerSchemas))]
    public async Task BothGenerationsAnswer_AgainstEveryGenerationsEnvelope_Validates(string schema)
    {
        (await Errors(schema, BothAnswer())).Should().BeEmpty();
    }

    [Theory]
    [InlineData(List)]
    [InlineData(ListCaptured)]
    [InlineData(ListDocumented)]
    public async Task BothGenerationsList_AgainstEveryGenerationsEnvelope_Validates(string schema)
    {
        (await Errors(schema, BothList())).Should().BeEmpty();
    }

    public static TheoryData<string, string, string> SingleGenerationAnswers => new()
    {
        { "create", "captured", VerifikSamples.ReferenceCapturedCreate },
        { "retrieve", "captured", new JObject { ["data"] = SchemaRepository.Parse(Data(VerifikSamples.ReferenceCapturedCreate)) }.ToString() },
        { "list", "captured", new JObject { ["data"] = new JArray(SchemaRepository.Parse(Data(VerifikSamples.ReferenceCapturedCreate))), ["total"] = 1, ["limit"] = 10, ["page"] = 1, ["pages"] = 1 }.ToString() },
        { "create", "documented", Mutated(VerifikSamples.DocsCreate, b => AddSeedKeys((JObject)b["data"]!)) },
        { "retrieve", "documented", VerifikSamples.SeedRetrieve },
        { "list", "documented", Mutated(VerifikSamples.DocsList, b => AddSeedKeys((JObject)b["data"]![0]!)) },
    };

    [Theory]
    [MemberData(nameof(SingleGenerationAnswers))]
    public async Task SingleGenerationAnswer_AgainstItsAloneSchema_ValidatesAndTheDefaultAnswerIsRejected(string operation, string generation, string answer)
    {
        var alone = $"document-liveness.{operation}.{generation}-only.response.schema.json";
        var both = operation == "list" ? BothList() : BothAnswer();

        (await Errors(alone, answer)).Should().BeEmpty();
        (await Errors($"document-liveness.{operation}.{generation}.response.schema.json", both)).Should().BeEmpty("the generation's own schema tolerates the other's keys");
        (await Errors(alone, both)).Should().NotBeEmpty("the generation alone carries none of the other's keys");
    }

    [Theory]
    [InlineData("create", "status")]
    [InlineData("retrieve", "riskScore")]
    [InlineData("retrieve", "completedAt")]
    public async Task CapturedAloneAnswer_WithOnePlaceholderKey_IsRejected(string operation, string key)
    {
        var placeholder = SchemaRepository.Parse(VerifikSamples.SeedRetrieve)["data"]![key]!.DeepClone();
        var answer = Mutated(VerifikSamples.ReferenceCapturedCreate, b => b["data"]![key] = placeholder);
        if (operation == "retrieve")
        {
            answer = new JObject { ["data"] = SchemaRepository.Parse(answer)["data"]!.DeepClone() }.ToString();
        }

        (await Errors($"document-liveness.{operation}.captured.response.schema.json", answer)).Should().BeEmpty();
        (await Errors($"document-liveness.{operation}.captured-only.response.schema.json", answer)).Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("sreenReplayScore")]
    [InlineData("rawResponse")]
    [InlineData("chargesCount")]
    public async Task DocumentedAloneAnswer_WithOneCapturedKey_IsRejected(string key)
    {
        var answer = Mutated(VerifikSamples.SeedRetrieve, b => b["data"]![key] = SchemaRepository.Parse(Data(VerifikSamples.ReferenceCapturedCreate))[key]!.DeepClone());

        (await Errors(RetrieveDocumented, answer)).Should().BeEmpty();
        (await Errors("document-liveness.retrieve.documented-only.response.schema.json", answer)).Should().NotBeEmpty();
    }

    [Fact]
    public async Task BothGenerationsAnswer_EveryKeyOfEitherGenerationRenamed_IsRejected()
    {
        var results = await SchemaCoverage.RenameEachFieldAsync(Provider, Retrieve, BothAnswer(), _ => true);

        results.Should().HaveCountGreaterThan(80);
        results.Where(r => r.StillValid).Select(r => $"{r.Path} -> {r.Renamed}").Should().BeEmpty();
    }

    [Fact]
    public async Task SeedRetrieveSample_EveryKeyRenamed_IsRejected()
    {
        var results = await SchemaCoverage.RenameEachFieldAsync(Provider, RetrieveDocumented, VerifikSamples.SeedRetrieve, _ => true);

        results.Should().HaveCountGreaterThan(25);
        results.Where(r => r.StillValid).Select(r => $"{r.Path} -> {r.Renamed}").Should().BeEmpty();
    }

    public static TheoryData<string, string, string> BrokenVariants => new()
    {
        { "sreenReplayScore spelt correctly", CapturedRecord, Mutated(Data(VerifikSamples.ReferenceCapturedCreate), b => Rename(b, "sreenReplayScore", "screenReplayScore")) },
        { "sreenReplayCalibration spelt correctly", CapturedRecord, Mutated(Data(VerifikSamples.ReferenceCapturedCreate), b => Rename(b, "sreenReplayCalibration", "screenReplayCalibration")) },
        { "sreenReplayScore spelt correctly in the default answer", Create, Mutated(BothAnswer(), b => Rename(b, "data.sreenReplayScore", "screenReplayScore")) },
        { "both spellings side by side", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => b["data"]!["screenReplayScore"] = 0.31m) },
        { "a top-level probability as a string", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => Set(b, "data.screenReplayProbability", "0.97")) },
        { "a rawResponse probability as a number", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => b["data"]!["rawResponse"]!["pipeline_results"]![0]!["liveness_probability"] = 0.97m) },
        { "aggregate_liveness_probability as a number", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => b["data"]!["rawResponse"]!["aggregate_liveness_probability"] = 0.97m) },
        { "a probability over 1", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => b["data"]!["printedCopyProbability"] = 1.2m) },
        { "a score as a string", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => Set(b, "data.printedCopyScore", "2.4")) },
        { "chargesCount missing", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => ((JObject)b["data"]!).Remove("chargesCount")) },
        { "chargesCount zero", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => b["data"]!["chargesCount"] = 0) },
        { "__v missing", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => ((JObject)b["data"]!).Remove("__v")) },
        { "_id of 23 hex", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => Set(b, "data._id", "6900aa11bb22cc33dd44ee5")) },
        { "_id upper case", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => Set(b, "data._id", "6900AA11BB22CC33DD44EE55")) },
        { "a placeholder _id in the default answer", Create, Mutated(BothAnswer(), b => Set(b, "data._id", "document_liveness_123456789")) },
        { "createdAt without milliseconds in the captured record", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => Set(b, "data.createdAt", "2025-10-28T01:23:59Z")) },
        { "isLive as a string", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => Set(b, "data.isLive", "true")) },
        { "an unknown warning code", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => b["data"]!["screenReplayWarnings"] = new JArray("GLARE")) },
        { "a calibration MEDIUM", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => Set(b, "data.printedCopyCalibration", "MEDIUM")) },
        { "a pipeline name outside the pattern", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => b["data"]!["rawResponse"]!["pipeline_results"]![0]!["pipeline_name"] = "screen_replay") },
        { "imageUrl of another path", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => Set(b, "data.imageUrl", "https://cdn.verifik.co/images/document_123456789.jpg")) },
        { "the request id of 6 characters", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => Set(b, "id", "K3Q9ZZ")) },
        { "the request id missing", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => b.Remove("id")) },
        { "the signature message changed", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => Set(b, "signature.message", "Certified by Verifik")) },
        { "the signature dateTime with seconds", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => Set(b, "signature.dateTime", "October 28, 2025 1:24:05 AM")) },
        { "the signature dateTime with a leading zero", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => Set(b, "signature.dateTime", "October 28, 2025 01:24 AM")) },
        { "the signature dateTime in ISO", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => Set(b, "signature.dateTime", "2025-10-28T01:24:00Z")) },
        { "an extra envelope key", CreateCaptured, Mutated(VerifikSamples.ReferenceCapturedCreate, b => b["status"] = 200) },
        { "success false", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => b["success"] = false) },
        { "success missing", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => b.Remove("success")) },
        { "signature missing", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => b.Remove("signature")) },
        { "passed as a string", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => Set(b, "data.validationResults.screenReplay.passed", "true")) },
        { "score as a string", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => Set(b, "data.validationResults.printedCopy.score", "0.90")) },
        { "details missing", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => ((JObject)b["data"]!["validationResults"]!["digitalManipulation"]!).Remove("details")) },
        { "a check missing", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => ((JObject)b["data"]!["validationResults"]!).Remove("portraitSubstitution")) },
        { "status outside the enum", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => Set(b, "data.status", "done")) },
        { "status upper case", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => Set(b, "data.status", "COMPLETED")) },
        { "riskScore as a string", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => Set(b, "data.riskScore", "0.05")) },
        { "confidence missing", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => ((JObject)b["data"]!).Remove("confidence")) },
        { "completedAt not a timestamp", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => Set(b, "data.completedAt", "January 15, 2024")) },
        { "a calibrationSettings key spelt sreen", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => Rename(b, "data.calibrationSettings.screenReplayCalibration", "sreenReplayCalibration")) },
        { "a validationFlags flag as a string", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => Set(b, "data.validationFlags.ignoreColourLessValidation", "false")) },
        { "an unknown key in data", RetrieveDocumented, Mutated(VerifikSamples.SeedRetrieve, b => b["data"]!["verdict"] = "ok") },
        { "the list without pagination", ListDocumented, Mutated(BothList(), b => b.Remove("pagination")) },
        { "the list without top-level total", ListCaptured, Mutated(BothList(), b => b.Remove("total")) },
        { "the list with limit 0", List, Mutated(BothList(), b => b["limit"] = 0) },
        { "the default answer without success", Create, Mutated(BothAnswer(), b => b.Remove("success")) },
        { "the default answer without id", Create, Mutated(BothAnswer(), b => b.Remove("id")) },
        { "the default answer without validationResults", Create, Mutated(BothAnswer(), b => ((JObject)b["data"]!).Remove("validationResults")) },
        { "the default answer without rawResponse", Create, Mutated(BothAnswer(), b => ((JObject)b["data"]!).Remove("rawResponse")) },
        { "the seed 404 with another message", LivenessError, Mutated(VerifikSamples.SeedNotFound, b => Set(b, "message", "NOT_FOUND")) },
        { "the seed 404 with the keys swapped", LivenessError, """{"message": "Document liveness not found", "error": "DOCUMENT_LIVENESS_NOT_FOUND"}""" },
        { "INVALID_IMAGE_FORMAT with the 413 text", LivenessError, Mutated(VerifikSamples.DocsCreateInvalidImage, b => Set(b, "error", "Image too large")) },
        { "the seed 404 with a code key", LivenessError, Mutated(VerifikSamples.SeedNotFound, b => b["code"] = "NotFound") },
        { "the koa 401 with another text", "unauthorized.schema.json", """{"error": "Unauthorized"}""" },
        { "an undocumented code", Error, """{"code": "NOT_FOUND", "message": "Record not found."}""" },
        { "NotFound with another text", Error, """{"code": "NotFound", "message": "Not found"}""" },
        { "MissingParameter without the line feed", Error, """{"code": "MissingParameter", "message": "missing countryCode. missing phone"}""" },
        { "BadRequest without its signature", Error, Mutated(VerifikSamples.DocsPhoneLoginBadPhone, b => b.Remove("signature")) },
        { "Unauthorized without its signature", Error, Mutated(VerifikSamples.DocsSessionUnauthorized, b => b.Remove("signature")) },
        { "the app-registration 409 without status", Error, Mutated(VerifikSamples.DocsAppRegistrationNeedsContact, b => b.Remove("status")) },
        { "the app-registration 409 with status 400", Error, Mutated(VerifikSamples.DocsAppRegistrationNeedsContact, b => b["status"] = 400) },
        { "liveness_failed without its score", Error, """{"code": "liveness_failed", "message": "409:liveness_failed"}""" },
        { "an error with a signature of another text", Error, Mutated(VerifikSamples.DocsSessionUnauthorized, b => Set(b, "signature.message", "Signed")) },
        { "an error with data", Error, Mutated(VerifikSamples.ReferenceRecordNotFound, b => b["data"] = null) },
        { "a create request with no check enabled", "document-liveness.create.request.schema.json", """{"image": "aGVsbG8=", "validateScreenReplay": false}""" },
        { "a create request without image", "document-liveness.create.request.schema.json", Mutated(VerifikSamples.DocsCreateRequest, b => b.Remove("image")) },
        { "a create request with the response's typo", "document-liveness.create.request.schema.json", Mutated(VerifikSamples.DocsCreateRequest, b => Rename(b, "screenReplayCalibration", "sreenReplayCalibration")) },
        { "a create request flag as a string", "document-liveness.create.request.schema.json", Mutated(VerifikSamples.DocsCreateRequest, b => Set(b, "saveImage", "true")) },
        { "a create request calibration lower case", "document-liveness.create.request.schema.json", Mutated(VerifikSamples.DocsCreateRequest, b => Set(b, "printedCopyCalibration", "regular")) },
        { "email-login without expiresAt", "email-login.response.schema.json", Mutated(VerifikSamples.DocsEmailLogin, b => ((JObject)b["data"]!).Remove("expiresAt")) },
        { "email-login status delivered", "email-login.response.schema.json", Mutated(VerifikSamples.DocsEmailLogin, b => Set(b, "data.status", "delivered")) },
        { "a confirm tokenType Bearer", "email-login-confirm.response.schema.json", Mutated(VerifikSamples.DocsEmailConfirm, b => Set(b, "data.tokenType", "Bearer")) },
        { "a confirm answer not wrapped in data", "phone-login-confirm.response.schema.json", VerifikSamples.DocsSession },
        { "the session answer wrapped in data", "auth-session.response.schema.json", VerifikSamples.DocsPhoneConfirm },
        { "renew-and-revoke with accessToken", "renew-and-revoke.response.schema.json", VerifikSamples.DocsSession },
        { "a phone-login otp in clear", "phone-login.response.schema.json", Mutated(VerifikSamples.DocsPhoneLogin, b => Set(b, "data.otp", "123456")) },
        { "a phone-login phone as a number", "phone-login.response.schema.json", Mutated(VerifikSamples.DocsPhoneLogin, b => b["data"]!["phone"] = 1234566663L) },
        { "a phone-login request without type", "phone-login.request.schema.json", Mutated(VerifikSamples.DocsPhoneLoginRequest, b => b.Remove("type")) },
        { "a phone-login countryCode without plus", "phone-login.request.schema.json", Mutated(VerifikSamples.DocsPhoneLoginRequest, b => Set(b, "countryCode", "1")) },
        { "a confirm request without otp", "phone-login-confirm.request.schema.json", Mutated(VerifikSamples.DocsPhoneConfirmRequest, b => b.Remove("otp")) },
        { "an email confirm otp as a number", "email-login-confirm.request.schema.json", Mutated(VerifikSamples.DocsEmailConfirmRequest, b => b["otp"] = 123456) },
        { "face liveness without os", "face-liveness.request.schema.json", Mutated(VerifikSamples.ReferenceFaceLivenessRequest, b => b.Remove("os")) },
        { "face liveness os lower case", "face-liveness.request.schema.json", Mutated(VerifikSamples.ReferenceFaceLivenessRequest, b => Set(b, "os", "ios")) },
        { "face liveness passed as a string", "face-liveness.response.schema.json", Mutated(VerifikSamples.ReferenceFaceLiveness, b => Set(b, "data.passed", "true")) },
        { "face liveness without min_score", "face-liveness.response.schema.json", Mutated(VerifikSamples.ReferenceFaceLiveness, b => ((JObject)b["data"]!).Remove("min_score")) },
        { "compare probe as a string", "face-compare.request.schema.json", Mutated(VerifikSamples.ReferenceCompareRequest, b => b["probe"] = "/9j/4AAQ") },
        { "compare without search_mode", "face-compare.request.schema.json", Mutated(VerifikSamples.ReferenceCompareRequest, b => b.Remove("search_mode")) },
        { "compare_min_score under 0.67", "face-compare.request.schema.json", Mutated(VerifikSamples.ReferenceCompareRequest, b => b["compare_min_score"] = 0.5m) },
        { "compare score as a string", "face-compare.response.schema.json", Mutated(VerifikSamples.ReferenceFaceCompare, b => Set(b, "data.score", "0.91")) },
        { "compare-with-liveness probe as an array", "face-compare-with-liveness.request.schema.json", Mutated(VerifikSamples.ReferenceCompareWithLivenessRequest, b => b["probe"] = new JArray("/9j/4AAQ")) },
        { "compare-with-liveness without comparison", "face-compare-with-liveness.response.schema.json", Mutated(VerifikSamples.ReferenceCompareWithLiveness, b => ((JObject)b["data"]!).Remove("comparison")) },
        { "scan-prompt validationMethod SCAN_STUDIO", "scan-prompt.response.schema.json", Mutated(VerifikSamples.DocsScanPrompt, b => Set(b, "data.validationMethod", "SCAN_STUDIO")) },
        { "scan-prompt without OCRExtraction", "scan-prompt.response.schema.json", Mutated(VerifikSamples.DocsScanPrompt, b => ((JObject)b["data"]!).Remove("OCRExtraction")) },
        { "scan-studio data.age as a number", "scan-studio.response.schema.json", Mutated(VerifikSamples.DocsScanStudio, b => b["data"]!["age"] = 39) },
        { "scan-studio OCRExtraction.age as a string", "scan-studio.response.schema.json", Mutated(VerifikSamples.DocsScanStudio, b => b["data"]!["OCRExtraction"]!["age"] = "39") },
        { "scan-studio a field confidence as a string", "scan-studio.response.schema.json", Mutated(VerifikSamples.DocsScanStudio, b => b["data"]!["OCRExtraction"]!["details"]!["fields"]![0]!["confidence"] = "0.99") },
        { "scan-studio request without documentType", "scan-studio.request.schema.json", Mutated(VerifikSamples.DocsScanStudioRequest, b => b.Remove("documentType")) },
        { "scan-studio request documentType PASSPORT", "scan-studio.request.schema.json", Mutated(VerifikSamples.DocsScanStudioRequest, b => Set(b, "documentType", "PASSPORT")) },
        { "app-registration without email and phone", "app-registration.create.request.schema.json", Mutated(VerifikSamples.DocsAppRegistrationRequest, b => { b.Remove("email"); b.Remove("phone"); }) },
        { "app-registration phone without countryCode", "app-registration.create.request.schema.json", Mutated(VerifikSamples.DocsAppRegistrationRequest, b => b.Remove("countryCode")) },
        { "app-registration phone with dashes", "app-registration.create.request.schema.json", Mutated(VerifikSamples.DocsAppRegistrationRequest, b => Set(b, "phone", "123-456-7890")) },
        { "app-registration status lower case", "app-registration.create.response.schema.json", Mutated(VerifikSamples.DocsAppRegistrationCreate, b => Set(b, "data.appRegistration.status", "started")) },
        { "app-registration without token", "app-registration.create.response.schema.json", Mutated(VerifikSamples.DocsAppRegistrationCreate, b => ((JObject)b["data"]!).Remove("token")) },
        { "app-registration currentStep as a number", "app-registration.create.response.schema.json", Mutated(VerifikSamples.DocsAppRegistrationCreate, b => b["data"]!["appRegistration"]!["currentStep"] = 1) },
        { "a document validation without any image", "document-validation.app-registration.request.schema.json", """{"force": true}""" },
        { "a biometric validation without os", "biometric-validation.app-registration.request.schema.json", Mutated(VerifikSamples.ReferenceBiometricValidationRequest, b => b.Remove("os")) },
        { "a webhook create without isActive", "webhook.create.request.schema.json", Mutated(VerifikSamples.ReferenceWebhookRequest, b => b.Remove("isActive")) },
        { "a webhook link of names", "webhook.create.request.schema.json", Mutated(VerifikSamples.ReferenceWebhookRequest, b => b["link"] = new JArray("onboarding")) },
        { "a delivery of an undocumented event", "webhook-delivery.schema.json", Mutated(VerifikSamples.ReferenceWebhookDelivery, b => Set(b, "type", "onboarding_document_liveness_completed")) },
        { "a delivery with the otp typo corrected", "webhook-delivery.schema.json", Mutated(VerifikSamples.ReferenceWebhookDelivery, b => Set(b, "type", "onboarding_email_validation_otp_incorrect")) },
        { "a delivery carrying an otp", "webhook-delivery.schema.json", Mutated(VerifikSamples.ReferenceWebhookDelivery, b => b["object"]!["otp"] = "123456") },
        { "a delivery without object", "webhook-delivery.schema.json", Mutated(VerifikSamples.ReferenceWebhookDelivery, b => b.Remove("object")) },
    };

    [Theory]
    [MemberData(nameof(BrokenVariants))]
    public async Task BrokenVariant_IsRejected(string what, string schema, string body)
    {
        (await Errors(schema, body)).Should().NotBeEmpty(what);
    }

    /// <summary>The simulator's own errors where Verifik documents none (405, 413 over the body limit, 429), each with a twin of another text.</summary>
    [Theory]
    [InlineData("MethodNotAllowed", "Method not allowed.")]
    [InlineData("PayloadTooLarge", "Request body too large.")]
    [InlineData("TooManyRequests", "Too many requests, please retry later.")]
    public async Task SimulatorOnlyError_ItsText_ValidatesAndAnotherTextIsRejected(string code, string message)
    {
        (await Errors(Error, new JObject { ["code"] = code, ["message"] = message }.ToString())).Should().BeEmpty();
        (await Errors(Error, new JObject { ["code"] = code, ["message"] = "Server error." }.ToString())).Should().NotBeEmpty();
    }

    [Theory]
    [InlineData("onboarding_app_registration_completed")]
    [InlineData("onboarding_app_registration_sync_document_validation")]
    [InlineData("onboarding_email_validation_otp_incorect")]
    [InlineData("login_biometric_validation_liveness_failed")]
    [InlineData("onboarding_face_verification_compare")]
    public async Task WebhookDelivery_DocumentedEventType_Validates(string type)
    {
        (await Errors("webhook-delivery.schema.json", Mutated(VerifikSamples.ReferenceWebhookDelivery, b => Set(b, "type", type)))).Should().BeEmpty();
    }

    [Theory]
    [InlineData("January 1, 2026 12:00 AM")]
    [InlineData("December 31, 2025 11:59 PM")]
    [InlineData("May 9, 2024 9:05 AM")]
    public async Task Signature_DocumentedDateFormat_Validates(string dateTime)
    {
        (await Errors("face-compare.response.schema.json", Mutated(VerifikSamples.ReferenceFaceCompare, b => Set(b, "signature.dateTime", dateTime)))).Should().BeEmpty();
    }

    [Theory]
    [InlineData("validateScreenReplay")]
    [InlineData("validatePrintedCopy")]
    [InlineData("validatePortraitSubstitution")]
    [InlineData("validateDigitalManipulation")]
    public async Task CreateRequest_OneCheckEnabled_Validates(string check)
    {
        (await Errors("document-liveness.create.request.schema.json", new JObject { ["image"] = "aGVsbG8=", [check] = true }.ToString())).Should().BeEmpty();
    }

    [Fact]
    public Task Schemas_EveryFile_IsDraft07WithItsOwnIdTitleAndDescription() =>
        SampleJson.CheckSchemaFilesAsync(Provider, SchemaBase, 40, @"\A(POST|PUT) /v[23]/\S+ request\z");

    private const string DocumentValidation = """
{"data": {"documentValidation": {"_id": "674de8df21c72be3cc42b8c1", "appRegistration": "674de8df21c72be3cc42b8a7", "client": "507f1f77bcf86cd799439013",
 "project": "507f1f77bcf86cd799439011", "projectFlow": "507f1f77bcf86cd799439015", "documentType": "CC", "documentCategory": "ID", "status": "ASSESSING",
 "validationMethod": "OCR", "inputMethod": "FILE_UPLOAD", "imageValidated": false, "namesMatch": true, "fullNameMatchPercentage": 100,
 "firstNameMatchPercentage": 100, "lastNameMatchPercentage": 100, "type": "validation", "createdAt": "2024-12-02T17:06:00.000Z", "updatedAt": "2024-12-02T17:06:00.000Z"}}}
""";

    /// <summary>
    /// The record of the simulator's default answer: the captured flat record with the seed's nested keys
    /// beside it (the keys both generations share keep the captured formats: 24-hex ids, timestamps with
    /// milliseconds, the document-liveness imageUrl).
    /// </summary>
    private static JObject BothRecord()
    {
        var record = (JObject)SchemaRepository.Parse(VerifikSamples.ReferenceCapturedCreate)["data"]!;
        var seed = (JObject)SchemaRepository.Parse(VerifikSamples.SeedRetrieve)["data"]!;
        foreach (var property in seed.Properties().Where(p => record.Property(p.Name) is null))
        {
            record[property.Name] = property.Value.DeepClone();
        }
        record["appRegistration"] = JValue.CreateNull();
        record["completedAt"] = record["updatedAt"]!.DeepClone();
        return record;
    }

    private static string BothAnswer() => new JObject
    {
        ["success"] = true,
        ["data"] = BothRecord(),
        ["signature"] = SchemaRepository.Parse(VerifikSamples.ReferenceCapturedCreate)["signature"]!.DeepClone(),
        ["id"] = "K3Q9Z",
    }.ToString();

    private static string BothList()
    {
        var answer = (JObject)SchemaRepository.Parse(BothAnswer());
        answer["data"] = new JArray(answer["data"]!);
        answer["total"] = 1;
        answer["limit"] = 10;
        answer["page"] = 1;
        answer["pages"] = 1;
        answer["pagination"] = new JObject { ["page"] = 1, ["limit"] = 10, ["total"] = 1, ["pages"] = 1 };
        return answer.ToString();
    }

    /// <summary>What the seed prints and the Create and List pages' records leave out.</summary>
    private static void AddSeedKeys(JObject record)
    {
        var seed = (JObject)SchemaRepository.Parse(VerifikSamples.SeedRetrieve)["data"]!;
        record["calibrationSettings"] = seed["calibrationSettings"]!.DeepClone();
        record["validationFlags"] = seed["validationFlags"]!.DeepClone();
        foreach (var check in ((JObject)record["validationResults"]!).Properties())
        {
            check.Value["details"] ??= seed["validationResults"]![check.Name]!["details"]!.DeepClone();
        }
    }

    private static string Data(string answer) => SchemaRepository.Parse(answer)["data"]!.ToString();

    private static Task<IReadOnlyList<string>> Errors(string schema, string json) => SchemaRepository.ValidateAsync(Provider, schema, json);
}
