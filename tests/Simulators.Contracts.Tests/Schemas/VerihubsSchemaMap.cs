using Newtonsoft.Json.Linq;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// One row of the Verihubs coverage table: a (method, route, status, variant) and the schema file its
/// body must match. The variant tells apart the shapes one route and status can have: a 200 with
/// <c>error_code</c> (FAIL_ON_n, KTP_NOT_DETECTED…) and the result call's "processing" 200.
/// </summary>
internal sealed record VerihubsResponseRow(string Method, string Route, int Status, string Variant, string Schema) : IResponseRow
{
    public string Shape => Variant;

    public override string ToString() => $"{Method} {Route} {Status}" + (Variant.Length == 0 ? "" : $" [{Variant}]") + " -> " + Schema;
}

/// <summary>
/// Every Verihubs (method, route, status, variant) the simulator can answer and the schema of its
/// body. A journal entry whose key is missing here fails the coverage test, and so does a row no
/// journal entry exercised.
/// </summary>
internal static class VerihubsSchemaMap
{
    public const string Unmatched = "(unmatched)";

    /// <summary>A 200 carrying <c>error_code</c>: a finished-but-failed result or a FAIL_ON_n.</summary>
    public const string Failed = "error_code";

    /// <summary>The result call's 200 for an unfinished job: no data, no error_code.</summary>
    public const string Pending = "pending";

    /// <summary>The sync extraction's pre-2023 flat 200 (responseShape legacy-v2): no data wrapper.</summary>
    public const string Legacy = "legacy-v2";

    public const string SyncKtp = "/v2/ktp/extract";
    public const string AsyncKtp = "/ktp/id/extract-async";
    public const string Result = "/ktp/id/extract-async/result";
    public const string Compare = "/v1/face/compare";
    public const string Liveness = "/v1/face/liveness";
    public const string Enroll = "/v1/face/enroll";
    public const string Verify = "/v1/face/verify";
    public const string Search = "/v1/face/search";
    public const string IdVerification = "/data-verification/id-verification/verify";
    public const string Certificate = "/data-verification/certificate-electronic/verify";

    public const string Error = "error.schema.json";
    public const string IdvError = "id-verification.error.schema.json";
    public const string Unauthorized = "unauthorized.ktp-face.schema.json";
    public const string IdvUnauthorized = "unauthorized.id-verification.schema.json";
    public const string Extraction = "ktp-extraction.response.schema.json";
    public const string LegacyExtraction = "ktp-extraction-legacy.response.schema.json";
    public const string SyncFailure = "ktp-failed-result.response.schema.json";
    public const string ResultExtraction = "ktp-result.response.schema.json";
    public const string FailedResult = "ktp-result-failed.response.schema.json";
    public const string ServerError = "server-error.schema.json";
    public const string Callback = "ktp-callback.schema.json";

    public static IReadOnlyList<string> Routes { get; } = [SyncKtp, AsyncKtp, Result, Compare, Liveness, Enroll, Verify, Search, IdVerification, Certificate];

    public static IReadOnlyList<string> FaceRoutes { get; } = [Compare, Liveness, Enroll, Verify, Search];

    public static IReadOnlyList<VerihubsResponseRow> Responses { get; } =
    [
        // KTP sync: an extraction (or, for a legacy-v2 App-ID, the flat pre-2023 one), or 200 + FAIL_ON_1; 400 KTP_NOT_DETECTED, 500.
        Ok("POST", SyncKtp, Extraction),
        new("POST", SyncKtp, 200, Legacy, LegacyExtraction),
        Fail("POST", SyncKtp, SyncFailure),
        Err("POST", SyncKtp, 400),
        new("POST", SyncKtp, 401, "", Unauthorized),
        Err("POST", SyncKtp, 403),
        Err("POST", SyncKtp, 500),
        Err("GET", SyncKtp, 405),

        // KTP async submit: failures surface later, in the result (no 500 here).
        Ok("POST", AsyncKtp, "ktp-submit.response.schema.json"),
        Err("POST", AsyncKtp, 400),
        new("POST", AsyncKtp, 401, "", Unauthorized),
        Err("POST", AsyncKtp, 403),
        Err("GET", AsyncKtp, 405),

        // KTP result: documented GET; POST accepted too (simulator). The seed's bodies; never billed (403 only by
        // the INSUFFICIENT_QUOTA header); its 500 is the seed's {"message"} (header or fault rule).
        .. new[] { "GET", "POST" }.SelectMany(method => new VerihubsResponseRow[]
        {
            Ok(method, Result, ResultExtraction),
            Fail(method, Result, FailedResult),
            new(method, Result, 200, Pending, "ktp-pending.response.schema.json"),
            Err(method, Result, 400),
            new(method, Result, 401, "", Unauthorized),
            Err(method, Result, 403),
            Err(method, Result, 404),
            new(method, Result, 500, "", ServerError),
        }),
        Err("PUT", Result, 405),

        // Face: success, 200 + FAIL_ON_n, and the error statuses.
        .. FaceRoutes.SelectMany(route => new VerihubsResponseRow[]
        {
            Ok("POST", route, $"face-{route[9..]}.response.schema.json"),
            Fail("POST", route, $"face-{route[9..]}.failed.response.schema.json"),
            Err("POST", route, 400),
            new("POST", route, 401, "", Unauthorized),
            Err("POST", route, 403),
            Err("POST", route, 500),
            Err("GET", route, 405),
        }),

        // Deleting an enrolled face (public client code; not billed, so 403 only by scenario).
        Ok("DELETE", Enroll, "face-delete.response.schema.json"),
        Err("DELETE", Enroll, 400),
        new("DELETE", Enroll, 401, "", Unauthorized),
        Err("DELETE", Enroll, 403),
        Err("DELETE", Enroll, 500),

        // The certificate check: the data-verification family's 400 and 401.
        Ok("POST", Certificate, "certificate-verification.response.schema.json"),
        new("POST", Certificate, 400, "", IdvError),
        new("POST", Certificate, 401, "", IdvUnauthorized),
        Err("POST", Certificate, 403),
        Err("POST", Certificate, 500),
        Err("GET", Certificate, 405),

        // ID Verification: its own 400 (error_fields) and 401 (capital F, UNAUTHORIZED).
        Ok("POST", IdVerification, "id-verification.response.schema.json"),
        new("POST", IdVerification, 400, "", IdvError),
        new("POST", IdVerification, 401, "", IdvUnauthorized),
        Err("POST", IdVerification, 403),
        Err("POST", IdVerification, 500),
        Err("GET", IdVerification, 405),

        // Paths no endpoint matches.
        Err("GET", Unmatched, 404),
        Err("POST", Unmatched, 404),
    ];

    public static IReadOnlyList<RequestRow> Requests { get; } =
    [
        new("POST", SyncKtp, "ktp-extract.request.schema.json"),
        new("POST", AsyncKtp, "ktp-extract-async.request.schema.json"),
        // The result call may name its job in the query string instead.
        new("GET", Result, "ktp-result.request.schema.json", Optional: true),
        new("POST", Result, "ktp-result.request.schema.json", Optional: true),
        new("POST", Compare, "face-compare.request.schema.json"),
        new("POST", Liveness, "face-liveness.request.schema.json"),
        new("POST", Enroll, "face-enroll.request.schema.json"),
        new("POST", Verify, "face-verify.request.schema.json"),
        new("POST", Search, "face-search.request.schema.json"),
        new("POST", IdVerification, "id-verification.request.schema.json"),
        new("POST", Certificate, "certificate-verification.request.schema.json"),
    ];

    /// <summary>
    /// The HTTP status of each error.schema.json code (providers/verihubs.md §2-§10), plus the
    /// simulator's NOT_FOUND 404 and METHOD_NOT_ALLOWED 405.
    /// </summary>
    public static IReadOnlyDictionary<string, int[]> StatusOfCode { get; } = BuildStatusOfCode();

    /// <summary>Codes the default configuration cannot produce: the liveness docs' "INVALID PAYLOAD" needs LivenessInvalidPayloadCode.</summary>
    public static IReadOnlySet<string> UnreachableCodes { get; } = new HashSet<string>(["INVALID PAYLOAD"], StringComparer.Ordinal);

    public static SchemaTable Table { get; } = new(SchemaRepository.Verihubs, Responses, Requests, Error, StatusOfCode, UnreachableCodes, Callback);

    public static string RouteOf(string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        return Routes.FirstOrDefault(r => r.Equals(trimmed, StringComparison.OrdinalIgnoreCase)) ?? Unmatched;
    }

    /// <summary>Which of a route's 200 shapes a body is; "" for every other status.</summary>
    public static string VariantOf(string route, int status, string? body)
    {
        if (status != 200 || body is null)
        {
            return "";
        }
        JToken token;
        try
        {
            token = SchemaRepository.Parse(body);
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return "";
        }
        if (token is not JObject json)
        {
            return "";
        }
        if (json.ContainsKey("error_code"))
        {
            return Failed;
        }
        if (route == SyncKtp && !json.ContainsKey("data"))
        {
            return Legacy;
        }
        return route == Result && !json.ContainsKey("data") ? Pending : "";
    }

    private static Dictionary<string, int[]> BuildStatusOfCode()
    {
        var codes = new Dictionary<string, int[]>(StringComparer.Ordinal)
        {
            ["INVALID_PAYLOAD"] = [400],
            ["INVALID PAYLOAD"] = [400],
            ["KTP_NOT_DETECTED"] = [400],
            ["FACE_NOT_DETECTED"] = [400],
            ["INVALID_PAYLOAD_REFERENCE_ID"] = [400],
            ["INVALID_PAYLOAD_REFERENCE_ID_EXISTS"] = [400],
            ["INVALID_PAYLOAD_REFERENCE_ID_NOT_FOUND"] = [404],
            ["INVALID_PAYLOAD_CALLBACK_URL"] = [400],
            ["INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY"] = [400],
            ["INVALID_PAYLOAD_ATTRIBUTE_VALIDATION_DEPENDENCY"] = [400],
            ["INVALID_PAYLOAD_LIVENESS_VALIDATION_DEPENDENCY"] = [400],
            ["INVALID_SANDBOX_CODE"] = [400],
            ["MISSING_PAYLOAD_SUBJECT_ID"] = [400],
            ["INVALID_PAYLOAD_SUBJECT_ID_MISSING"] = [400],
            ["INVALID_PAYLOAD_SUBJECT_ID"] = [400],
            ["INVALID_PAYLOAD_THRESHOLD"] = [400],
            ["INVALID_PAYLOAD_LIMIT"] = [400],
            ["INSUFFICIENT_QUOTA"] = [403],
            ["INTERNAL_SERVER_ERROR"] = [500],
            ["NOT_FOUND"] = [404],
            ["METHOD_NOT_ALLOWED"] = [405],
        };
        foreach (var suffix in new[] { "", "_1", "_2" })
        {
            codes[$"MISSING_PAYLOAD_IMAGE{suffix}"] = [400];
            foreach (var kind in new[] { "MISSING", "SIZE", "FORMAT", "TIMEOUT" })
            {
                codes[$"INVALID_PAYLOAD_IMAGE{suffix}_{kind}"] = [400];
            }
        }
        return codes;
    }

    private static VerihubsResponseRow Ok(string method, string route, string schema) => new(method, route, 200, "", schema);

    private static VerihubsResponseRow Fail(string method, string route, string schema) => new(method, route, 200, Failed, schema);

    private static VerihubsResponseRow Err(string method, string route, int status) => new(method, route, status, "", Error);
}
