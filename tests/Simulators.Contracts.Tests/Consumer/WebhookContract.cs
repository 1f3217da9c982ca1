using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Simulators.Contracts.Tests.Client;
using Simulators.Contracts.Tests.Pact;

namespace Simulators.Contracts.Tests.Consumer;

/// <summary>
/// One message a webhook handler receives: its contents and metadata (the HTTP headers it arrives
/// with), the headers computed from the example body (a signature), and the handler that must accept it.
/// </summary>
internal sealed record MessageCase(
    string Name,
    string State,
    Action<MessageBuilder> Describe,
    Func<byte[], IReadOnlyDictionary<string, object>> SignedHeaders,
    Action<IncomingWebhook> Exercise);

/// <summary>
/// The webhooks and callbacks of every provider as Pact V4 asynchronous messages
/// (<c>contracts/pacts/ekyc-webhook-handler-*.json</c>), each accepted by a reference handler.
/// </summary>
internal static class WebhookContract
{
    public const string Consumer = "ekyc-webhook-handler";

    /// <summary>The secret the AnyCheck examples are signed with (a consumer's test configures its handler with it).</summary>
    public const string AnyCheckSecret = "contract-webhook-secret-of-32-characters";

    public const string CallbackUser = "sandbox-callback-user";
    public const string CallbackPassword = "sandbox-callback-password";

    private const string ExampleTimestamp = "1762156864";

    private static readonly JsonSerializerOptions Compact = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Every status AnyCheck announces with a webhook.</summary>
    public static readonly string[] AnnouncedStatuses =
        ["IN_PROGRESS", "NEED_REVIEW", "COMPLETED", "PARTIALLY_COMPLETED", "FAILED", "PARTIALLY_FAILED", "FRAUD_DETECTED", "CANCELLED"];

    public static string FileName(string provider) => $"{Consumer}-{provider}.json";

    public static string CommittedPath(string provider) => Path.Combine(Repository.Root, "contracts", "pacts", FileName(provider));

    public static string AnyCheckDescription(string status) => $"a verification.status_changed webhook for {status}";

    public static string AnyCheckState(string status) => $"a verification with a webhook_url reaches {status}";

    public static IReadOnlyList<MessageCase> AnyCheck { get; } = [.. AnnouncedStatuses.Select(AnyCheckWebhook)];

    public static IReadOnlyList<MessageCase> Verihubs { get; } =
    [
        Callback("a KTP callback of a finished extraction", "a KTP extraction with a callback_url finishes",
            new { message = "success extract ktp data", data = VerihubsContract.KtpData("ktp-callback-001", blur: false) },
            received =>
            {
                received.Nik.Should().MatchRegex(@"^\d{16}$");
                received.ReferenceId.Should().Be("ktp-callback-001");
            }),
        Callback("a KTP callback of an extraction that failed on quality", "a KTP extraction with a callback_url finishes with FAIL_ON_1",
            VerihubsContract.QualityFailure("ktp-callback-002"),
            received => received.ErrorCode.Should().Be("FAIL_ON_1")),
        Callback("a KTP callback of an image that is not a KTP", "a KTP extraction with a callback_url finishes with KTP_NOT_DETECTED",
            new { data = new { reference_id = "ktp-callback-003" }, error_code = "KTP_NOT_DETECTED", message = "ktp not detected" },
            received =>
            {
                received.ErrorCode.Should().Be("KTP_NOT_DETECTED");
                received.ReferenceId.Should().Be("ktp-callback-003");
            }),
    ];

    /// <summary>The Base64 portal secret the ADVANCE.AI webhook examples are signed with.</summary>
    public const string AdvanceAiSecret = "Y29udHJhY3Qtd2ViaG9vay1zZWNyZXQtb2YtMzItY2hhcmFjdGVycw==";

    private const string ExampleNonce = "3f2a9c4e1b7d6a5f8e0c2b4d6f8a1c3e";

    /// <summary>The step each ADVANCE.AI notice type announces (the callback docs).</summary>
    public static readonly string[] AdvanceAiNoticeTypes = ["SUBMIT_COMPLETED", "COMPLETED"];

    public static string AdvanceAiCallbackDescription(string type) => $"a callbackUrl notice {type}";

    public static string AdvanceAiWebhookDescription(string type) => $"a signed account webhook {type}";

    public static IReadOnlyList<MessageCase> AdvanceAi { get; } =
    [
        .. AdvanceAiNoticeTypes.Select(type => AdvanceAiNotice(type, signed: false)),
        .. AdvanceAiNoticeTypes.Select(type => AdvanceAiNotice(type, signed: true)),
    ];

    /// <summary>
    /// The Smart Enroll events a handler sees for one registration's run (created, the document, the selfie, the end), and the
    /// end of a run that failed: type, the object's status, and the object (the registration or the validation it is about).
    /// </summary>
    public static readonly (string Type, string Status)[] VerifikEvents =
    [
        ("onboarding_app_registration_created", "STARTED"),
        ("onboarding_document_validation_created", "ASSESSING"),
        ("onboarding_biometric_validation_validated", "validated"),
        ("onboarding_biometric_validation_created_person", "validated"),
        ("onboarding_app_registration_completed", "COMPLETED"),
        ("onboarding_app_registration_failed", "FAILED"),
    ];

    public static string VerifikDescription(string type) => $"a Verifik webhook {type}";

    public static IReadOnlyList<MessageCase> Verifik { get; } = [.. VerifikEvents.Select(e => VerifikWebhook(e.Type, e.Status))];

    public static IReadOnlyDictionary<string, IReadOnlyList<MessageCase>> Providers { get; } = new Dictionary<string, IReadOnlyList<MessageCase>>
    {
        ["anycheck"] = AnyCheck,
        ["verihubs"] = Verihubs,
        [AdvanceAiContract.Provider] = AdvanceAi,
        [VerifikContract.Provider] = Verifik,
    };

    /// <summary>Every case into a fresh directory, each handler fed the message as the pact reifies it; returns the pact file's canonical text.</summary>
    public static string Regenerate(string provider)
    {
        var directory = Directory.CreateTempSubdirectory("pact-");
        try
        {
            using (var pact = new PactBuilder(Consumer, provider))
            {
                foreach (var message in Providers[provider])
                {
                    Run(pact, message);
                }
                pact.WriteMessages(directory.FullName);
            }
            return ConsumerContract.Canonical(File.ReadAllText(Path.Combine(directory.FullName, FileName(provider))));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Describes one message, signs its example body, and has the reference handler accept it as reified.</summary>
    public static IncomingWebhook Run(PactBuilder pact, MessageCase message)
    {
        var builder = pact.ExpectsToReceive(message.Name).Given(message.State);
        message.Describe(builder);
        foreach (var (name, value) in message.SignedHeaders(BodyOf(builder.Reify())))
        {
            builder.WithMetadata(name, value);
        }
        var reified = builder.Reify();
        var headers = reified.GetProperty("metadata").EnumerateObject()
            .Where(m => m.Value.ValueKind == JsonValueKind.String)
            .ToDictionary(m => m.Name, m => m.Value.GetString()!, StringComparer.OrdinalIgnoreCase);
        var incoming = new IncomingWebhook(headers, BodyOf(reified));
        message.Exercise(incoming);
        return incoming;
    }

    /// <summary>
    /// The bytes a receiver gets for a reified message (<c>{"contents": {"content": ...}}</c>): the content
    /// as compact JSON, keys in the pact's order, nothing escaped beyond JSON's own rules (what
    /// <c>JSON.stringify</c> of the pact's contents gives).
    /// </summary>
    public static byte[] BodyOf(JsonElement reified) =>
        reified.TryGetProperty("contents", out var contents) && contents.TryGetProperty("content", out var content)
            ? Encoding.UTF8.GetBytes(JsonNode.Parse(content.GetRawText())!.ToJsonString(Compact))
            : throw new InvalidOperationException("Reified message without contents: " + reified.GetRawText());

    private static MessageCase AnyCheckWebhook(string status)
    {
        var id = AnyCheckContract.StatusIds[status];
        return new MessageCase(
            AnyCheckDescription(status),
            AnyCheckState(status),
            m => m.WithJsonContents(new
            {
                @event = "verification.status_changed",
                timestamp = Match.TimestampLike("2025-11-03T08:01:04Z"),
                verification_id = Match.UuidLike(id),
                result_id = Match.UuidLike("c2f1d3e4-5a6b-4c7d-8e9f-0a1b2c3d4e5f"),
                status,
                data = AnyCheckContract.VerificationBody(status, id, webhook: true),
            })
            .WithMetadata("Content-Type", "application/json")
            .WithMetadata(AnyCheckWebhookHandler.TimestampHeader, Match.Regex(@"^\d{10}$", ExampleTimestamp)),
            body => new Dictionary<string, object>
            {
                [AnyCheckWebhookHandler.SignatureHeader] = Match.Regex("^sha256=[0-9a-f]{64}$", AnyCheckWebhookHandler.Sign(AnyCheckSecret, ExampleTimestamp, body)),
            },
            incoming =>
            {
                var change = new AnyCheckWebhookHandler(AnyCheckSecret).Handle(incoming);
                change.Status.Should().Be(status);
                change.VerificationId.Should().Be(Guid.Parse(id));
            });
    }

    /// <summary>
    /// <c>{signatureId, type}</c> and nothing else. To a callbackUrl it comes unsigned; to the account webhook with
    /// <c>aai-timestamp</c> (Unix seconds), <c>aai-nonce</c> and the <c>aai-signature</c> of the example body.
    /// </summary>
    private static MessageCase AdvanceAiNotice(string type, bool signed) => new(
        signed ? AdvanceAiWebhookDescription(type) : AdvanceAiCallbackDescription(type),
        signed ? $"a journey of an account with a signed webhook reaches {type}" : $"a journey with a callbackUrl reaches {type}",
        m =>
        {
            m.WithJsonContents(new { signatureId = Match.Type(AdvanceAiContract.SignatureId), type })
                .WithMetadata("Content-Type", "application/json");
            if (signed)
            {
                m.WithMetadata(AdvanceAiNoticeHandler.TimestampHeader, Match.Regex(@"^\d{10}$", ExampleTimestamp))
                    .WithMetadata(AdvanceAiNoticeHandler.NonceHeader, Match.Regex(@"^\S{8,}$", ExampleNonce));
            }
        },
        body => signed
            ? new Dictionary<string, object>
            {
                [AdvanceAiNoticeHandler.SignatureHeader] = Match.Regex("^[A-Za-z0-9+/]{43}=$", AdvanceAiNoticeHandler.Sign(AdvanceAiSecret, ExampleTimestamp, ExampleNonce, body)),
            }
            : new Dictionary<string, object>(),
        incoming =>
        {
            var notice = new AdvanceAiNoticeHandler(signed ? AdvanceAiSecret : null).Handle(incoming);
            notice.Type.Should().Be(type);
            notice.SignatureId.Should().Be(AdvanceAiContract.SignatureId);
        });

    /// <summary>
    /// <c>{type, object}</c> with <c>Content-Type: application/json</c> and no signature (Verifik's docs give none): the
    /// registration of <see cref="VerifikContract.RegistrantEmail"/>, at its start or its end with the validations' and the
    /// person's ids, or the validation the event is about.
    /// </summary>
    private static MessageCase VerifikWebhook(string type, string status)
    {
        var id = VerifikContract.ObjectIdLike(VerifikContract.RegistrationId);
        var ended = status is "COMPLETED" or "FAILED";
        object entity = type switch
        {
            _ when type.Contains("_document_validation_", StringComparison.Ordinal) => VerifikContract.DocumentValidation(VerifikContract.ObjectIdLike(VerifikContract.ValidationId), id, status),
            _ when type.Contains("_biometric_validation_", StringComparison.Ordinal) => VerifikContract.BiometricValidation(id),
            _ => VerifikContract.Registration(id, status, ended ? "3" : "1", [("email", VerifikContract.RegistrantEmail)],
                references: ended ? [.. new[] { "documentValidation", "biometricValidation", "person", "assignedCollection" }.Select(r => (r, (object?)VerifikContract.ObjectIdLike(VerifikContract.ValidationId)))] : null),
        };
        return new MessageCase(
            VerifikDescription(type),
            $"an app registration of a client with a webhook linked to its project flow announces {type}",
            m => m.WithJsonContents(new { type, @object = entity }).WithMetadata("Content-Type", "application/json"),
            _ => new Dictionary<string, object>(),
            incoming =>
            {
                var received = new VerifikWebhookHandler().Handle(incoming);
                received.Type.Should().Be(type);
                received.Status.Should().Be(status);
                received.AppRegistration.Should().Be(VerifikContract.RegistrationId);
            });
    }

    private static MessageCase Callback(string name, string state, object contents, Action<KtpCallback> check) => new(
        name,
        state,
        m => m.WithJsonContents(contents)
            .WithMetadata("Content-Type", "application/json")
            .WithMetadata("Authorization", Match.Regex("^Basic [A-Za-z0-9+/]+=*$", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(CallbackUser + ":" + CallbackPassword)))),
        _ => new Dictionary<string, object>(),
        incoming => check(new VerihubsCallbackHandler(CallbackUser, CallbackPassword).Handle(incoming)));
}
