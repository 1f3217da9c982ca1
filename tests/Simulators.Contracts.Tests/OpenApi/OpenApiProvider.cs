using System.Text.Json.Nodes;
using Simulators.Contracts.Tests.Schemas;

namespace Simulators.Contracts.Tests.OpenApi;

/// <summary>A webhook (or callback) the provider sends: its name in the document, body schema and headers.</summary>
internal sealed record OpenApiWebhook(string Name, string Summary, string Description, string Schema, IReadOnlyList<(string Header, string Description)> Headers);

/// <summary>
/// A status the simulator answers that its coverage tour does not reach (or a route it does not tour): documented
/// here, checked by the real calls of <see cref="OpenApiDocumentTests"/>. A null schema is a non-JSON body of the
/// route's media types; <see cref="OpenApiProvider.Undescribed"/> is JSON no schema file describes.
/// </summary>
internal sealed record OpenApiExtraRow(string Method, string Route, int Status, string? Schema, string Shape = "") : IResponseRow;

/// <summary>A query parameter described by a property of a query-string schema file.</summary>
internal sealed record OpenApiQuery(string Method, string Route, string Schema, string Property, bool Required);

/// <summary>
/// What a provider's OpenAPI document is made from: its schema coverage table (routes, statuses, body
/// schemas: the same rows the coverage run checks the simulator against), how callers authenticate, which
/// routes need no credential, the media types of its non-JSON bodies, its query parameters and its webhooks.
/// </summary>
internal sealed record OpenApiProvider(
    string Id,
    string Title,
    string Description,
    SchemaTable Table,
    string Unmatched,
    JsonObject SecuritySchemes,
    JsonArray Security,
    IReadOnlySet<string> OpenRoutes,
    IReadOnlyDictionary<string, string[]> BinaryMediaTypes,
    IReadOnlyList<OpenApiQuery> Query,
    IReadOnlyList<OpenApiWebhook> Webhooks,
    IReadOnlyList<OpenApiExtraRow>? Extra = null)
{
    /// <summary>The schema of a JSON body no schema file describes.</summary>
    public const string Undescribed = "(undescribed)";

    /// <summary>The coverage table's rows and the extra ones.</summary>
    public IEnumerable<IResponseRow> Responses => Table.Responses.Concat(Extra ?? []);

    /// <summary>The committed document, <c>contracts/openapi/&lt;id&gt;.json</c>.</summary>
    public string DocumentPath => Path.Combine(Repository.Root, "contracts", "openapi", Id + ".json");

    /// <summary>How the document references a schema file of the provider's folder.</summary>
    public string SchemaRef(string file) => $"../../schemas/{Table.Provider}/{file}";

    public static IReadOnlyList<OpenApiProvider> All { get; } = [AnyCheck(), Verifik(), AdvanceAi(), Verihubs()];

    public static OpenApiProvider Get(string id) => All.Single(p => p.Id == id);

    private static OpenApiProvider AnyCheck() => new(
        "anycheck",
        "AnyCheck (Fintelite) simulator",
        "The AnyCheck API as the simulator serves it: JWT logins or an API key, uploads, services, folders and verifications. " +
        "Errors are {error_code, message} with the statuses of the provider reference. `POST /verifications/{id}/cancel` is a simulator extension.",
        AnyCheckSchemaMap.Table,
        AnyCheckSchemaMap.Unmatched,
        new JsonObject
        {
            ["bearerAuth"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT", ["description"] = "The access_token of POST /auth/login or POST /auth/refresh." },
            ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-API-Key", ["description"] = "An API key (ak_test_… or ak_live_…)." },
        },
        [new JsonObject { ["bearerAuth"] = new JsonArray() }, new JsonObject { ["apiKey"] = new JsonArray() }],
        new HashSet<string>(["/auth/methods", "/auth/login", "/auth/refresh"], StringComparer.Ordinal),
        new Dictionary<string, string[]> { ["/files/{id}"] = ["image/jpeg", "image/png", "application/pdf"] },
        [],
        [
            new("verification.status_changed", "A verification changed status",
                "POSTed to the verification's webhook_url at each status change; any 2xx acknowledges it, anything else is retried.",
                AnyCheckSchemaMap.Webhook,
                [("X-AnyCheck-Signature", "sha256=<hex HMAC-SHA256(webhook_secret, \"<timestamp>.<raw body>\")> (the default scheme)"),
                 ("X-AnyCheck-Timestamp", "Unix seconds of the signature.")]),
        ]);

    private static OpenApiProvider Verifik() => new(
        "verifik",
        "Verifik simulator",
        "The Verifik API as the simulator serves it: OTP and project logins, sessions, document liveness, face recognition, OCR and Smart Enroll " +
        "(app registrations, their document and biometric steps, webhooks). Every call but the logins needs a bearer JWT.",
        VerifikSchemaMap.Table,
        VerifikSchemaMap.Unmatched,
        new JsonObject
        {
            ["bearerAuth"] = new JsonObject { ["type"] = "http", ["scheme"] = "bearer", ["bearerFormat"] = "JWT", ["description"] = "A client's or registrant's token: Authorization: Bearer <JWT>." },
        },
        [new JsonObject { ["bearerAuth"] = new JsonArray() }],
        new HashSet<string>(
            [VerifikSchemaMap.EmailLogin, VerifikSchemaMap.EmailConfirm, VerifikSchemaMap.PhoneLogin, VerifikSchemaMap.PhoneConfirm,
             VerifikSchemaMap.EmailValidations, VerifikSchemaMap.PhoneValidations, VerifikSchemaMap.EmailValidate, VerifikSchemaMap.PhoneValidate],
            StringComparer.Ordinal),
        new Dictionary<string, string[]>(),
        [
            new("POST", VerifikSchemaMap.EmailLogin, VerifikSchemaMap.EmailLoginQuery, "email", true),
            new("GET", VerifikSchemaMap.Session, VerifikSchemaMap.SessionQuery, "origin", false),
            new("GET", VerifikSchemaMap.Session, VerifikSchemaMap.SessionQuery, "expiresIn", false),
            new("POST", VerifikSchemaMap.Session, VerifikSchemaMap.SessionQuery, "origin", false),
            new("POST", VerifikSchemaMap.Session, VerifikSchemaMap.SessionQuery, "expiresIn", false),
        ],
        [
            .. new[] { ("app_registration", "An app registration"), ("document_validation", "A registrant's document validation"), ("biometric_validation", "A registrant's biometric validation") }
                .Select(e => new OpenApiWebhook(e.Item1, $"{e.Item2} was created or changed",
                    "POSTed to each matching webhook's url as {type, object}; any 2xx acknowledges it.",
                    $"webhook-delivery.{e.Item1.Replace('_', '-')}.schema.json",
                    [("X-Verifik-Signature", "Only with WebhookSigning=hmac-sha256 (a simulator option; unsigned by default): hex HMAC-SHA256 of \"<timestamp>.<raw body>\" keyed with WebhookSecret."),
                     ("X-Verifik-Timestamp", "Only with WebhookSigning=hmac-sha256: Unix seconds (wall clock).")])),
        ],
        [
            // A call without a token on routes the tour only calls with one.
            .. new[] { ("GET", VerifikSchemaMap.AppRegistrationRecord), ("POST", VerifikSchemaMap.DocumentValidation), ("POST", VerifikSchemaMap.BiometricValidation),
                       ("GET", VerifikSchemaMap.WebhookRecord), ("PUT", VerifikSchemaMap.WebhookRecord), ("DELETE", VerifikSchemaMap.WebhookRecord) }
                .Select(c => new OpenApiExtraRow(c.Item1, c.Item2, 401, VerifikSchemaMap.Error)),
            new("POST", VerifikSchemaMap.Session, 409, VerifikSchemaMap.Error),
            // The client panel's profile update (Verifik's api-client calls it; no page documents it).
            new("PUT", "/v2/clients/{id}", 200, Undescribed),
            new("PUT", "/v2/clients/{id}", 401, VerifikSchemaMap.Unauthorized, VerifikSchemaMap.Plain),
            new("PUT", "/v2/clients/{id}", 404, VerifikSchemaMap.Error),
        ]);

    private static OpenApiProvider AdvanceAi() => new(
        "advanceai",
        "ADVANCE.AI simulator",
        "The ADVANCE.AI IDVS API as the simulator serves it: the access token, the six generate-url calls, get-result, the Document API, clear-data, " +
        "face-search, address and database-ID verification, and the hosted journey page with its image links. Business failures answer 200 with a code other than SUCCESS.",
        AdvanceAiSchemaMap.Table,
        AdvanceAiSchemaMap.Unmatched,
        new JsonObject
        {
            ["accessToken"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "X-ACCESS-TOKEN", ["description"] = "data.token of POST /openapi/auth/ticket/v1/generate-token." },
        },
        [new JsonObject { ["accessToken"] = new JsonArray() }],
        new HashSet<string>([AdvanceAiSchemaMap.Token, AdvanceAiSchemaMap.JourneyPage, AdvanceAiSchemaMap.Image], StringComparer.Ordinal),
        new Dictionary<string, string[]>
        {
            [AdvanceAiSchemaMap.JourneyPage] = ["text/html"],
            [AdvanceAiSchemaMap.JourneyPage + "/continue"] = ["text/html"],
            [AdvanceAiSchemaMap.Image] = ["image/jpeg"],
        },
        [],
        [
            new("callback", "A transaction notice to its callbackUrl", "POSTed {signatureId, type} to the callbackUrl of the generate-url call, unsigned; retried on a non-2xx.",
                AdvanceAiSchemaMap.Callback, []),
            new("account_webhook", "A transaction notice to the account's webhook", "Sent when the transaction has no callbackUrl and the account has a webhook; retried on a non-2xx.",
                AdvanceAiSchemaMap.Webhook,
                [("aai-timestamp", "Unix seconds (wall clock at send time)."), ("aai-nonce", "32 hex characters."),
                 ("aai-signature", "Base64(HMAC(Base64-decode(secretKey), timestamp + \"\\n\" + nonce + \"\\n\" + body)).")]),
        ],
        [
            // The hosted page's own form (the browser posts it; 303 to the page or its waiting page) and that waiting page.
            .. new[] { 303, 400, 404, 410, 429 }.Select(status => new OpenApiExtraRow("POST", AdvanceAiSchemaMap.JourneyPage, status, null)),
            new("GET", AdvanceAiSchemaMap.JourneyPage, 410, null),
            .. new[] { 200, 303, 404, 410 }.Select(status => new OpenApiExtraRow("GET", AdvanceAiSchemaMap.JourneyPage + "/continue", status, null)),
        ]);

    private static OpenApiProvider Verihubs() => new(
        "verihubs",
        "Verihubs simulator",
        "The Verihubs API as the simulator serves it: KTP extraction (sync, async with callback, result), face compare, liveness, enroll, verify, " +
        "search and delete, ID verification and electronic-certificate verification. Every call needs App-ID and API-Key.",
        VerihubsSchemaMap.Table,
        VerihubsSchemaMap.Unmatched,
        new JsonObject
        {
            ["appId"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "App-ID", ["description"] = "The application's App-ID (its tenant)." },
            ["apiKey"] = new JsonObject { ["type"] = "apiKey", ["in"] = "header", ["name"] = "API-Key", ["description"] = "The App-ID's API key." },
        },
        [new JsonObject { ["appId"] = new JsonArray(), ["apiKey"] = new JsonArray() }],
        new HashSet<string>(StringComparer.Ordinal),
        new Dictionary<string, string[]>(),
        // The result is asked for by query string (GET) or by body (POST); ktp-result.request.schema.json describes both.
        [new("GET", VerihubsSchemaMap.Result, "ktp-result.request.schema.json", "reference_id", false)],
        [
            new("ktp_extract_async_callback", "An async KTP extraction finished", "POSTed to the callback_url of POST /ktp/id/extract-async; retried on a non-2xx.",
                VerihubsSchemaMap.Callback,
                [("Authorization", "Basic base64(callbackUsername:callbackPassword), the App-ID's callback credentials.")]),
        ]);
}
