namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// One row of the Verifik coverage table: a (method, route, status, shape) and the schema file its body must
/// match. The shape tells apart what one route and status can answer: a document-liveness 200 in each
/// <c>responseShape</c> (<see cref="VerifikSchemaMap.Both"/>, <see cref="VerifikSchemaMap.Captured"/>,
/// <see cref="VerifikSchemaMap.Documented"/>), and the error bodies' several documented shapes.
/// </summary>
internal sealed record VerifikResponseRow(string Method, string Route, int Status, string Shape, string? Schema) : IResponseRow
{
    public override string ToString() => $"{Method} {Route} {Status}" + (Shape.Length == 0 ? "" : $" [{Shape}]") + " -> " + Schema;
}

/// <summary>
/// Every Verifik (method, route, status, shape) the simulator answers today and the schema of its body: document
/// liveness, face recognition, OCR and the auth endpoints. A journal entry whose key is missing here fails the coverage test, and so does
/// a row no journal entry exercised.
/// </summary>
internal static class VerifikSchemaMap
{
    public const string Unmatched = "(unmatched)";

    // The 200 shapes of a document-liveness answer: the tenant's responseShape.
    public const string Both = "both";
    public const string Captured = "captured";
    public const string Documented = "documented";

    // The error shapes besides error.schema.json's {code, message}.
    /// <summary>{error, message: CODE}: the document-liveness pages' own.</summary>
    public const string LivenessError = "liveness-error";

    /// <summary>{success: false, error, code}: the document-liveness list's 400.</summary>
    public const string ListError = "list-error";

    /// <summary>{error}: the koa-jwt 401, and the 400 of an unreadable body.</summary>
    public const string Plain = "plain";

    /// <summary>The image limit the run sets, so that IMAGE_TOO_LARGE needs no 10 MB image, and the engine's body limit (the 413 past it).</summary>
    public const int MaxImageBytes = 4096;
    public const int RequestBodyBytes = 64 * 1024;

    public const string Liveness = "/v2/document-liveness";
    public const string LivenessRecord = Liveness + "/{id}";
    public const string EmailLogin = "/v2/projects/email-login";
    public const string EmailConfirm = EmailLogin + "/confirm";
    public const string PhoneLogin = "/v2/projects/phone-login";
    public const string PhoneConfirm = PhoneLogin + "/confirm";
    public const string Session = "/v2/auth/session";
    public const string RenewAndRevoke = "/v2/auth/renew-and-revoke";
    public const string ProjectLogin = "/v2/auth/project-login";
    public const string EmailValidations = "/v2/email-validations";
    public const string PhoneValidations = "/v2/phone-validations";
    public const string EmailValidate = EmailValidations + "/validate";
    public const string PhoneValidate = PhoneValidations + "/validate";
    public const string FaceLiveness = "/v2/face-recognition/liveness";
    public const string FaceCompare = "/v2/face-recognition/compare";
    public const string FaceCompareWithLiveness = "/v2/face-recognition/compare-with-liveness";
    public const string ScanPrompt = "/v2/ocr/scan-prompt";
    public const string ScanStudio = "/v3/ocr/scan-studio";
    public const string AppRegistrations = "/v2/app-registrations";
    public const string AppRegistrationRecord = AppRegistrations + "/{id}";
    public const string DocumentValidation = "/v2/document-validations/app-registration";
    public const string BiometricValidation = "/v2/biometric-validations/app-registration";
    public const string Webhooks = "/v2/webhooks";
    public const string WebhookRecord = Webhooks + "/{id}";

    /// <summary><c>GET /v2/app-registrations</c> answers a page to a client, the registrant's own registration to a registrant.</summary>
    public const string ListShape = "list";
    public const string OneShape = "one";

    public const string Error = "error.schema.json";
    public const string LivenessErrorSchema = "document-liveness.error.schema.json";
    public const string Unauthorized = "unauthorized.schema.json";
    public const string InvalidRequest = "invalid-request.schema.json";
    public const string AccessToken = "email-login-confirm.response.schema.json";

    /// <summary>The query-string schemas, validated against a call's query (they describe no body).</summary>
    public const string EmailLoginQuery = "email-login.query.schema.json";
    public const string SessionQuery = "auth-session.query.schema.json";

    /// <summary>Every fixed path the simulator serves.</summary>
    public static IReadOnlyList<string> Endpoints { get; } =
    [
        Liveness, EmailLogin, EmailConfirm, PhoneLogin, PhoneConfirm, Session, RenewAndRevoke, ProjectLogin,
        EmailValidations, PhoneValidations, EmailValidate, PhoneValidate,
        FaceLiveness, FaceCompare, FaceCompareWithLiveness, ScanPrompt, ScanStudio,
        AppRegistrations, DocumentValidation, BiometricValidation, Webhooks,
    ];

    /// <summary>Every schema is in this run: the simulator serves every endpoint the schemas describe.</summary>
    public static IReadOnlyList<string> NotYetServed { get; } = [];

    /// <summary>
    /// Schemas no row names because the rows' schemas include them whole: each generation's answer and record,
    /// which the both-generations answers (allOf of the two) and the *-only answers reference.
    /// </summary>
    public static IReadOnlyList<string> Referenced { get; } =
    [
        "document-liveness.captured.schema.json", "document-liveness.documented.schema.json",
        "app-registration.schema.json", "webhook.schema.json", "webhook-delivery.schema.json", "document-validation.schema.json", "biometric-validation.schema.json", "information-validation.schema.json",
        .. new[] { "create", "list", "retrieve" }.SelectMany(c => new[] { $"document-liveness.{c}.captured.response.schema.json", $"document-liveness.{c}.documented.response.schema.json" }),
    ];

    public static IReadOnlyList<VerifikResponseRow> Responses { get; } =
    [
        // Document liveness: each call in each responseShape; the pages' errors; the engine's on these paths.
        .. new[] { ("POST", "create"), ("GET", "list") }.SelectMany(c => Shapes(c.Item1, Liveness, c.Item2)),
        .. Shapes("GET", LivenessRecord, "retrieve"),
        new("POST", Liveness, 400, LivenessError, LivenessErrorSchema),
        new("POST", Liveness, 400, Plain, InvalidRequest),
        new("POST", Liveness, 413, LivenessError, LivenessErrorSchema),
        new("GET", LivenessRecord, 404, LivenessError, LivenessErrorSchema),
        new("GET", Liveness, 400, ListError, "document-liveness.list.error.schema.json"),
        .. new[] { ("POST", Liveness), ("GET", Liveness), ("GET", LivenessRecord) }.SelectMany(c => new[]
        {
            new VerifikResponseRow(c.Item1, c.Item2, 401, Plain, Unauthorized),
            Err(c.Item1, c.Item2, 401),
        }),
        Err("POST", Liveness, 409),
        Err("POST", Liveness, 500),
        Err("POST", Liveness, 503),
        Err("PUT", Liveness, 405),
        Err("DELETE", LivenessRecord, 405),

        // Face recognition: each call's answer; no token (UNAUTHORIZED) or a bad one (FORBIDDEN); Joi's 409s; the
        // 412 of an image that is not one; an image or a body too large; an unreadable body; the wrong method; FACE_ERROR's 500.
        .. Call(FaceLiveness, "face-liveness", 401, 403, 409, 412, 413, 500),
        .. Call(FaceCompare, "face-compare", 401, 403, 409, 412, 413, 500),
        .. Call(FaceCompareWithLiveness, "face-compare-with-liveness", 401, 403, 409, 412, 413, 500),

        // OCR: each call's answer; the koa-jwt 401 and a bad token's; DOCUMENT_NOT_FOUND; the 409s; 412; too large; unreadable; the wrong method.
        .. Call(ScanPrompt, "scan-prompt", 401, 404, 409, 412, 413),
        new("POST", ScanPrompt, 401, Plain, Unauthorized),
        .. Call(ScanStudio, "scan-studio", 401, 404, 409, 412, 413),
        new("POST", ScanStudio, 401, Plain, Unauthorized),

        // The OTP logins.
        new("POST", EmailLogin, 200, "", "email-login.response.schema.json"),
        Err("POST", EmailLogin, 404),
        Err("POST", EmailLogin, 409),
        Err("GET", EmailLogin, 405),
        new("POST", EmailConfirm, 200, "", AccessToken),
        Err("POST", EmailConfirm, 400),
        new("POST", EmailConfirm, 400, Plain, InvalidRequest),
        Err("POST", EmailConfirm, 409),
        Err("POST", EmailConfirm, 413),
        new("POST", PhoneLogin, 200, "", "phone-login.response.schema.json"),
        Err("POST", PhoneLogin, 400),
        Err("POST", PhoneLogin, 409),
        Err("POST", PhoneLogin, 429),
        new("POST", PhoneConfirm, 200, "", "phone-login-confirm.response.schema.json"),
        Err("POST", PhoneConfirm, 400),
        Err("POST", PhoneConfirm, 409),

        // The token's lifecycle.
        new("GET", Session, 200, "", "auth-session.response.schema.json"),
        new("POST", Session, 200, "", "auth-session.response.schema.json"),
        Err("GET", Session, 401),
        Err("GET", Session, 409),
        Err("DELETE", Session, 405),
        new("POST", RenewAndRevoke, 200, "", "renew-and-revoke.response.schema.json"),
        Err("POST", RenewAndRevoke, 401),
        Err("POST", RenewAndRevoke, 409),
        new("POST", ProjectLogin, 200, "", AccessToken),
        Err("POST", ProjectLogin, 401),
        Err("POST", ProjectLogin, 409),

        // The project-flow logins of Verifik's api-client.
        .. new[] { EmailValidations, PhoneValidations }.SelectMany(route => new[]
        {
            new VerifikResponseRow("POST", route, 200, "", "validation.response.schema.json"),
            Err("POST", route, 409),
        }),
        Err("POST", EmailValidations, 404),
        Err("POST", PhoneValidations, 400),
        .. new[] { EmailValidate, PhoneValidate }.SelectMany(route => new[]
        {
            new VerifikResponseRow("POST", route, 200, "", "validation-validate.response.schema.json"),
            Err("POST", route, 400),
            Err("POST", route, 409),
        }),

        // Smart Enroll: registrations, the registrant's document and selfie, webhooks.
        new("POST", AppRegistrations, 200, "", "app-registration.create.response.schema.json"),
        new("GET", AppRegistrations, 200, ListShape, "app-registration-list.response.schema.json"),
        new("GET", AppRegistrations, 200, OneShape, "app-registration.response.schema.json"),
        new("GET", AppRegistrationRecord, 200, "", "app-registration.response.schema.json"),
        new("POST", DocumentValidation, 200, "", "document-validation.app-registration.response.schema.json"),
        new("POST", BiometricValidation, 200, "", "biometric-validation.app-registration.response.schema.json"),
        new("POST", Webhooks, 200, "", "webhook.response.schema.json"),
        new("GET", Webhooks, 200, "", "webhook-list.response.schema.json"),
        .. new[] { "GET", "PUT", "DELETE" }.SelectMany(m => new[] { new VerifikResponseRow(m, WebhookRecord, 200, "", "webhook.response.schema.json"), Err(m, WebhookRecord, 404) }),
        .. new[] { ("POST", AppRegistrations), ("GET", AppRegistrations), ("POST", Webhooks), ("GET", Webhooks) }.SelectMany(c => new[] { Err(c.Item1, c.Item2, 401), Err(c.Item1, c.Item2, 403), Err(c.Item1, c.Item2, 409) }),
        new("POST", AppRegistrations, 400, Plain, InvalidRequest),
        new("POST", Webhooks, 400, Plain, InvalidRequest),
        new("POST", DocumentValidation, 400, Plain, InvalidRequest),
        Err("GET", AppRegistrationRecord, 404),
        Err("GET", AppRegistrationRecord, 409),
        Err("DELETE", AppRegistrationRecord, 405),
        Err("PATCH", WebhookRecord, 405),
        Err("POST", DocumentValidation, 404),
        Err("POST", DocumentValidation, 409),
        Err("POST", DocumentValidation, 412),
        Err("POST", DocumentValidation, 422),
        Err("POST", BiometricValidation, 403),
        Err("POST", BiometricValidation, 409),

        Err("GET", Unmatched, 404),
        Err("POST", Unmatched, 404),
    ];

    public static IReadOnlyList<RequestRow> Requests { get; } =
    [
        new("POST", Liveness, "document-liveness.create.request.schema.json"),
        new("POST", EmailConfirm, "email-login-confirm.request.schema.json"),
        new("POST", PhoneLogin, "phone-login.request.schema.json"),
        new("POST", PhoneConfirm, "phone-login-confirm.request.schema.json"),
        new("POST", EmailValidations, "email-validation.request.schema.json"),
        new("POST", PhoneValidations, "phone-validation.request.schema.json"),
        new("POST", EmailValidate, "email-validation-validate.request.schema.json"),
        new("POST", PhoneValidate, "phone-validation-validate.request.schema.json"),
        new("POST", AppRegistrations, "app-registration.create.request.schema.json"),
        new("POST", DocumentValidation, "document-validation.app-registration.request.schema.json"),
        new("POST", BiometricValidation, "biometric-validation.app-registration.request.schema.json"),
        new("POST", Webhooks, "webhook.create.request.schema.json"),
        new("PUT", WebhookRecord, "webhook.update.request.schema.json"),
        new("POST", FaceLiveness, "face-liveness.request.schema.json"),
        new("POST", FaceCompare, "face-compare.request.schema.json"),
        new("POST", FaceCompareWithLiveness, "face-compare-with-liveness.request.schema.json"),
        new("POST", ScanPrompt, "scan-prompt.request.schema.json"),
        new("POST", ScanStudio, "scan-studio.request.schema.json"),
    ];

    /// <summary>
    /// The HTTP statuses of each error.schema.json code (reference §1, §4), with the simulator's own 405, 413
    /// and 429/503 in the same shape, and its 409 for a parameter of the wrong type.
    /// </summary>
    public static IReadOnlyDictionary<string, int[]> StatusOfCode { get; } = new Dictionary<string, int[]>(StringComparer.Ordinal)
    {
        ["BadRequest"] = [400],
        ["ERROR"] = [400, 412, 500],
        ["Unauthorized"] = [401],
        ["UNAUTHORIZED"] = [401],
        ["FORBIDDEN"] = [403],
        ["Forbidden"] = [401, 403],
        ["NotFound"] = [404],
        ["DOCUMENT_NOT_FOUND"] = [404],
        ["appRegistration_not_found"] = [404],
        ["document_settings_not_set"] = [404],
        ["MethodNotAllowed"] = [405],
        ["MissingParameter"] = [409, 422],
        ["PreconditionFailed"] = [409],
        ["already_exists"] = [409],
        ["person_already_set"] = [409],
        ["liveness_failed"] = [409],
        ["collection_not_set"] = [409],
        ["PayloadTooLarge"] = [413],
        ["TooManyRequests"] = [429, 503],
        ["InternalServerError"] = [500],
    };

    /// <summary>Every code of error.schema.json is answered by a served endpoint: none is unreachable.</summary>
    public static IReadOnlySet<string> UnreachableCodes { get; } = new HashSet<string>(StringComparer.Ordinal);

    public static SchemaTable Table { get; } = new(SchemaRepository.Verifik, Responses, Requests, Error, StatusOfCode, UnreachableCodes, "webhook-delivery.schema.json", ErrorCodeField: "code");

    public static string RouteOf(string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        if (Endpoints.FirstOrDefault(r => r.Equals(trimmed, StringComparison.OrdinalIgnoreCase)) is { } endpoint)
        {
            return endpoint;
        }
        return trimmed.Split('/') switch
        {
            ["", "v2", "document-liveness", _] => LivenessRecord,
            ["", "v2", "app-registrations", _] => AppRegistrationRecord,
            ["", "v2", "webhooks", _] => WebhookRecord,
            _ => Unmatched,
        };
    }

    /// <summary>The shape of a body: an error's by its keys; a document-liveness 200's by the tenant's <paramref name="responseShape"/>.</summary>
    public static string ShapeOf(string route, int status, string? body, string responseShape)
    {
        if (status == 200)
        {
            return route switch
            {
                Liveness or LivenessRecord => responseShape,
                // A client's page has its paging; a registrant's own registration is the record itself (the create answer is neither).
                AppRegistrations when SchemaCoverage.ObjectOrNull(body) is { } page => page.ContainsKey("total") ? ListShape
                    : page["data"] is Newtonsoft.Json.Linq.JObject one && one.ContainsKey("_id") ? OneShape : "",
                _ => "",
            };
        }
        if (SchemaCoverage.ObjectOrNull(body) is not { } json)
        {
            return "";
        }
        return (json.ContainsKey("success"), json.ContainsKey("error"), json.ContainsKey("message")) switch
        {
            (true, _, _) => ListError,
            (false, true, true) => LivenessError,
            (false, true, false) => Plain,
            _ => "",
        };
    }

    /// <summary>A document-liveness call's 200 in the three shapes: both generations, and each alone.</summary>
    private static VerifikResponseRow[] Shapes(string method, string route, string call) =>
    [
        new(method, route, 200, Both, $"document-liveness.{call}.response.schema.json"),
        new(method, route, 200, Captured, $"document-liveness.{call}.captured-only.response.schema.json"),
        new(method, route, 200, Documented, $"document-liveness.{call}.documented-only.response.schema.json"),
    ];

    private static VerifikResponseRow Err(string method, string route, int status) => new(method, route, status, "", Error);

    /// <summary>A POST call's 200 (<c>&lt;name&gt;.response.schema.json</c>), its unreadable-body 400, its errors in error.schema.json, and its GET's 405.</summary>
    private static VerifikResponseRow[] Call(string route, string name, params int[] errors) =>
    [
        new("POST", route, 200, "", $"{name}.response.schema.json"),
        new("POST", route, 400, Plain, InvalidRequest),
        .. errors.Select(status => Err("POST", route, status)),
        Err("GET", route, 405),
    ];
}
