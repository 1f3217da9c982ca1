namespace Simulators.Contracts.Tests.Schemas;

/// <summary>What a response body is: JSON to validate, or bytes (a file download) that are not JSON.</summary>
internal enum BodyKind
{
    Json,
    Binary,
}

/// <summary>
/// One row of the coverage table: a (method, route, status, body kind) and the schema file its body
/// must match; a null schema marks a binary body (a file download), explicitly not JSON.
/// </summary>
internal sealed record ResponseRow(string Method, string Route, int Status, BodyKind Kind, string? Schema) : IResponseRow
{
    public string Shape => Kind.ToString();

    public override string ToString() => $"{Method} {Route} {Status} {Kind}" + (Schema is null ? " (not JSON)" : " -> " + Schema);
}

/// <summary>
/// Every AnyCheck (method, route template, status) the simulator can answer and the schema of its
/// body. A journal entry whose key is missing here fails the coverage test, and so does a row no
/// journal entry exercised.
/// </summary>
internal static class AnyCheckSchemaMap
{
    /// <summary>The route of any path no AnyCheck endpoint matches.</summary>
    public const string Unmatched = "(unmatched)";

    public const string Error = "error.schema.json";
    public const string Verification = "verification.schema.json";
    public const string Webhook = "webhook.verification-status-changed.schema.json";

    /// <summary>Every AnyCheck route, documented or simulator extension (cancel).</summary>
    public static IReadOnlyList<string> Routes { get; } =
    [
        "/auth/methods",
        "/auth/login",
        "/auth/refresh",
        "/profile",
        "/uploads",
        "/files/{id}",
        "/services",
        "/services/{id}",
        "/folders",
        "/folders/{id}",
        "/groups/{group_id}/folders",
        "/verifications",
        "/verifications/{id}",
        "/verifications/{id}/retry",
        "/verifications/{id}/cancel",
        "/verifications/{id}/submit",
    ];

    public static IReadOnlyList<ResponseRow> Responses { get; } =
    [
        // Auth (no credentials needed for these three).
        Ok("GET", "/auth/methods", 200, "auth-methods.response.schema.json"),
        Ok("POST", "/auth/login", 200, "login.response.schema.json"),
        Err("POST", "/auth/login", 400),
        Err("POST", "/auth/login", 401),
        Err("GET", "/auth/login", 405),
        Ok("POST", "/auth/refresh", 200, "refresh.response.schema.json"),
        Err("POST", "/auth/refresh", 400),
        Err("POST", "/auth/refresh", 401),
        Ok("GET", "/profile", 200, "profile.response.schema.json"),
        Err("GET", "/profile", 401),

        // Uploads and downloads.
        Ok("POST", "/uploads", 201, "upload.response.schema.json"),
        Err("POST", "/uploads", 400),
        Err("POST", "/uploads", 401),
        new("GET", "/files/{id}", 200, BodyKind.Binary, null),
        Ok("GET", "/files/{id}", 200, Verification),
        Err("GET", "/files/{id}", 400),
        Err("GET", "/files/{id}", 401),
        Err("GET", "/files/{id}", 404),

        // Services.
        Ok("GET", "/services", 200, "service-list.response.schema.json"),
        Err("GET", "/services", 401),
        Err("GET", "/services", 429),
        Ok("GET", "/services/{id}", 200, "service.schema.json"),
        Err("GET", "/services/{id}", 400),
        Err("GET", "/services/{id}", 401),
        Err("GET", "/services/{id}", 404),

        // Folders.
        Ok("POST", "/folders", 201, "folder.schema.json"),
        Err("POST", "/folders", 400),
        Err("POST", "/folders", 401),
        Ok("GET", "/folders/{id}", 200, "folder.schema.json"),
        Err("GET", "/folders/{id}", 400),
        Err("GET", "/folders/{id}", 401),
        Err("GET", "/folders/{id}", 403),
        Err("GET", "/folders/{id}", 404),
        Err("PATCH", "/folders/{id}", 405),
        Ok("GET", "/groups/{group_id}/folders", 200, "folder-list.response.schema.json"),
        Err("GET", "/groups/{group_id}/folders", 400),
        Err("GET", "/groups/{group_id}/folders", 401),
        Err("GET", "/groups/{group_id}/folders", 403),
        Err("GET", "/groups/{group_id}/folders", 404),

        // Verifications.
        Ok("POST", "/verifications", 201, Verification),
        Err("POST", "/verifications", 400),
        Err("POST", "/verifications", 401),
        Err("POST", "/verifications", 403),
        Err("POST", "/verifications", 404),
        Err("POST", "/verifications", 408),
        Err("POST", "/verifications", 429),
        Err("POST", "/verifications", 500),
        Ok("GET", "/verifications", 200, "verification-list.response.schema.json"),
        Err("GET", "/verifications", 400),
        Err("GET", "/verifications", 401),
        Ok("GET", "/verifications/{id}", 200, Verification),
        Err("GET", "/verifications/{id}", 400),
        Err("GET", "/verifications/{id}", 401),
        Err("GET", "/verifications/{id}", 404),
        Err("GET", "/verifications/{id}", 408),
        Err("GET", "/verifications/{id}", 429),
        Err("GET", "/verifications/{id}", 500),
        Ok("PUT", "/verifications/{id}", 200, Verification),
        Err("PUT", "/verifications/{id}", 400),
        Err("PUT", "/verifications/{id}", 401),
        Err("PUT", "/verifications/{id}", 404),
        Err("DELETE", "/verifications/{id}", 405),
        Ok("POST", "/verifications/{id}/retry", 200, Verification),
        Err("POST", "/verifications/{id}/retry", 400),
        Err("POST", "/verifications/{id}/retry", 401),
        Err("POST", "/verifications/{id}/retry", 403),
        Err("POST", "/verifications/{id}/retry", 404),
        Ok("POST", "/verifications/{id}/cancel", 200, Verification),
        Err("POST", "/verifications/{id}/cancel", 400),
        Err("POST", "/verifications/{id}/cancel", 401),
        Err("POST", "/verifications/{id}/cancel", 404),
        Ok("POST", "/verifications/{id}/submit", 200, Verification),
        Err("POST", "/verifications/{id}/submit", 400),
        Err("POST", "/verifications/{id}/submit", 401),
        Err("POST", "/verifications/{id}/submit", 404),

        // Paths no endpoint matches.
        Err("GET", Unmatched, 404),
        Err("POST", Unmatched, 404),
    ];

    public static IReadOnlyList<RequestRow> Requests { get; } =
    [
        new("POST", "/auth/login", "login.request.schema.json"),
        new("POST", "/auth/refresh", "refresh.request.schema.json"),
        new("POST", "/uploads", "upload.request.schema.json", Multipart: true),
        new("POST", "/folders", "folder.request.schema.json"),
        new("POST", "/verifications", "verification.create.request.schema.json"),
        new("PUT", "/verifications/{id}", "verification.review.request.schema.json"),
        new("POST", "/verifications/{id}/retry", "verification.retry.request.schema.json", Optional: true),
    ];

    /// <summary>
    /// The HTTP status of each error code: the reference's "probable" column (providers/anycheck.md §4),
    /// plus the simulator's choices (405 and 413 as INVALID_REQUEST, 429 RATE_LIMITED).
    /// </summary>
    public static IReadOnlyDictionary<string, int[]> StatusOfCode { get; } = new Dictionary<string, int[]>(StringComparer.Ordinal)
    {
        ["INVALID_REQUEST"] = [400, 405, 413],
        ["INVALID_ID"] = [400],
        ["INVALID_VALUE"] = [400],
        ["ALREADY_EXISTS"] = [400],
        ["UNAUTHORIZED"] = [401],
        ["INVALID_CREDENTIALS"] = [401],
        ["TOKEN_EXPIRED"] = [401],
        ["INVALID_TOKEN"] = [401],
        ["API_KEY_EXPIRED"] = [401],
        ["INVALID_API_KEY"] = [401],
        ["FORBIDDEN"] = [403],
        ["INSUFFICIENT_BALANCE"] = [403],
        ["QUOTA_EXCEEDED"] = [403],
        ["NOT_FOUND"] = [404],
        ["REQUEST_TIMEOUT"] = [408],
        ["RATE_LIMITED"] = [429],
        ["INTERNAL_SERVER_ERROR"] = [500],
    };

    /// <summary>Codes no client action can provoke in the simulator: none (FORBIDDEN through a foreign folder, 408/500 through scenarios and fault rules).</summary>
    public static IReadOnlySet<string> UnreachableCodes { get; } = new HashSet<string>(StringComparer.Ordinal);

    public static SchemaTable Table { get; } = new(SchemaRepository.AnyCheck, Responses, Requests, Error, StatusOfCode, UnreachableCodes, Webhook);

    /// <summary>The route template a path matches, or <see cref="Unmatched"/>.</summary>
    public static string RouteOf(string path)
    {
        var segments = path.Trim('/').Split('/');
        foreach (var route in Routes)
        {
            var template = route.Trim('/').Split('/');
            if (template.Length == segments.Length
                && template.Zip(segments).All(p => (p.First.StartsWith('{') && p.Second.Length > 0) || p.First.Equals(p.Second, StringComparison.OrdinalIgnoreCase)))
            {
                return route;
            }
        }
        return Unmatched;
    }

    public static BodyKind KindOf(string? contentType) =>
        contentType is not null && contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) ? BodyKind.Json : BodyKind.Binary;

    private static ResponseRow Ok(string method, string route, int status, string schema) => new(method, route, status, BodyKind.Json, schema);

    private static ResponseRow Err(string method, string route, int status) => new(method, route, status, BodyKind.Json, Error);
}
