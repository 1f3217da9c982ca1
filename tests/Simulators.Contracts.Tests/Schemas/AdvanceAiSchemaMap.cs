using Newtonsoft.Json.Linq;

namespace Simulators.Contracts.Tests.Schemas;

/// <summary>
/// One row of the ADVANCE.AI coverage table: a (method, route, status, kind) and the schema file its body
/// must match; a null schema marks a body that is not JSON (the journey page, an image). The kind tells
/// apart what one route answers with HTTP 200: SUCCESS or an error code, and get-result's states.
/// </summary>
internal sealed record AdvanceAiResponseRow(string Method, string Route, int Status, string Kind, string? Schema) : IResponseRow
{
    public string Shape => Kind;

    public override string ToString() => $"{Method} {Route} {Status}" + (Kind.Length == 0 ? "" : $" [{Kind}]") + (Schema is null ? " (not JSON)" : " -> " + Schema);
}

/// <summary>
/// Every ADVANCE.AI (method, route, status, kind) the simulator can answer and the schema of its body. A
/// journal entry whose key is missing here fails the coverage test, and so does a row no journal entry
/// exercised.
/// </summary>
internal static class AdvanceAiSchemaMap
{
    public const string Unmatched = "(unmatched)";

    /// <summary>The envelope with a code other than SUCCESS.</summary>
    public const string Failed = "error";

    /// <summary>get-result of a transaction not finished yet (overallResult null).</summary>
    public const string Pending = "pending";

    /// <summary>get-result asked for returnImageType BASE64.</summary>
    public const string Base64 = "base64";

    public const string PendingBase64 = "pending+base64";

    /// <summary>get-result of an address verification.</summary>
    public const string AddressResult = "address";

    /// <summary>The limit the coverage run sets on a provider call's body, so that the 413 needs no 64 MB request.</summary>
    public const int RequestBodyBytes = 256 * 1024;

    public const string Prefix = "/intl/openapi/identity-risk/idvs-h5/ekyc/v1/";
    public const string Token = "/openapi/auth/ticket/v1/generate-token";
    public const string GetResult = Prefix + "get-result";
    public const string ClearData = Prefix + "clear-data";
    public const string FaceSearch = Prefix + "face-search";
    public const string Document = Prefix + "api/document";
    public const string Address = Prefix + "api/address-verification/start-verification";
    public const string DatabaseId = Prefix + "api/database-id-verification";
    public const string JourneyPage = "/h5/idvs/{signatureId}";
    public const string Image = "/h5/images/{signatureId}/{file}";

    public const string Error = "error.schema.json";
    public const string Callback = "callback.schema.json";
    public const string Webhook = "webhook.schema.json";

    /// <summary>The six generate-url variants and the request schema of each.</summary>
    public static IReadOnlyList<string> GenerateUrls { get; } =
    [
        Prefix + "generate-ekyc-verification-url", Prefix + "generate-url", Prefix + "generate-document-verification-url",
        Prefix + "generate-liveness-detection-url", Prefix + "generate-face-authentication-url", Prefix + "generate-non-document-verification-url",
    ];

    /// <summary>Every POST endpoint of the API.</summary>
    public static IReadOnlyList<string> Endpoints { get; } = [Token, .. GenerateUrls, GetResult, ClearData, FaceSearch, Document, Address, DatabaseId];

    public static IReadOnlyList<AdvanceAiResponseRow> Responses { get; } =
    [
        // Token: SUCCESS, the business errors (HTTP 200), an unreadable body or a field of the wrong type (400).
        Ok(Token, "generate-token.response.schema.json"),
        Fail(Token),
        Err("POST", Token, 400),
        Err("GET", Token, 405),

        // Generate URL: one answer for all six; SERVICE_BUSY where an injected 503 hit one.
        .. GenerateUrls.SelectMany(route => new[] { Ok(route, "generate-url.response.schema.json"), Fail(route), Err("POST", route, 400) }),
        Err("POST", Prefix + "generate-url", 503),

        // Get Result: finished or pending, as links or Base64; an address verification's own data; an injected 500.
        Ok(GetResult, "get-result.response.schema.json"),
        new("POST", GetResult, 200, Base64, "get-result.base64.response.schema.json"),
        new("POST", GetResult, 200, Pending, "get-result.pending.response.schema.json"),
        new("POST", GetResult, 200, PendingBase64, "get-result.pending.base64.response.schema.json"),
        new("POST", GetResult, 200, AddressResult, "get-result.address-verification.response.schema.json"),
        Fail(GetResult),
        Err("POST", GetResult, 400),
        Err("POST", GetResult, 500),
        Err("GET", GetResult, 405),

        Ok(ClearData, "clear-data.response.schema.json"),
        Fail(ClearData),

        Ok(FaceSearch, "face-search.response.schema.json"),
        Fail(FaceSearch),
        Err("POST", FaceSearch, 400),

        Ok(Document, "api-document.response.schema.json"),
        Fail(Document),
        Err("POST", Document, 400),
        Err("POST", Document, 413),
        Err("POST", Document, 429),

        Ok(Address, "address-verification.response.schema.json"),
        Fail(Address),
        Err("POST", Address, 400),

        Ok(DatabaseId, "database-id-verification.response.schema.json"),
        Fail(DatabaseId),
        Err("POST", DatabaseId, 400),

        // The simulator's own pages: the journey page (HTML, its errors HTML pages too) and the image links (JPEG,
        // errors in the envelope).
        new("GET", JourneyPage, 200, "", null),
        new("GET", JourneyPage, 404, "", null),
        new("GET", Image, 200, "", null),
        Err("GET", Image, 403),
        Err("GET", Image, 404),
        Err("POST", Image, 405),

        Err("GET", Unmatched, 404),
        Err("POST", Unmatched, 404),
    ];

    public static IReadOnlyList<RequestRow> Requests { get; } =
    [
        new("POST", Token, "generate-token.request.schema.json"),
        .. GenerateUrls.Select(route => new RequestRow("POST", route, route[Prefix.Length..] + ".request.schema.json")),
        new("POST", GetResult, "get-result.request.schema.json"),
        new("POST", FaceSearch, "face-search.request.schema.json"),
        new("POST", Document, "api-document.request.schema.json"),
        new("POST", Address, "address-verification.request.schema.json"),
        new("POST", DatabaseId, "database-id-verification.request.schema.json"),
    ];

    /// <summary>
    /// The HTTP status of each error.schema.json code: business errors are HTTP 200 (reference §1, §8); the
    /// CLIENT_ERROR family carries the status its message names, an injected 5xx is ERROR, a 429/503 SERVICE_BUSY
    /// (README LIMITATIONS).
    /// </summary>
    public static IReadOnlyDictionary<string, int[]> StatusOfCode { get; } = new Dictionary<string, int[]>(StringComparer.Ordinal)
    {
        ["PARAMETER_ERROR"] = [200],
        ["ACCOUNT_DISABLED"] = [200],
        ["IAM_FAILED"] = [200],
        ["SIGNATURE_NOT_EXIST"] = [200],
        ["REQUEST_IN_PROCESSING"] = [200],
        ["ERROR"] = [200, 500],
        ["CLIENT_ERROR"] = [400, 403, 404, 405, 413],
        ["SERVICE_BUSY"] = [429, 503],
        ["INSUFFICIENT_BALANCE"] = [200],
        ["OVER_QUERY_LIMIT"] = [200],
        ["RETRY_LATER"] = [200],
    };

    /// <summary>
    /// Codes the schema accepts that the simulator never answers by itself: REQUEST_IN_PROCESSING, which only two
    /// clear-data calls of one transaction racing each other produce (the glossary's quota codes have scenarios).
    /// </summary>
    public static IReadOnlySet<string> UnreachableCodes { get; } =
        new HashSet<string>(["REQUEST_IN_PROCESSING"], StringComparer.Ordinal);

    public static SchemaTable Table { get; } = new(SchemaRepository.AdvanceAi, Responses, Requests, Error, StatusOfCode, UnreachableCodes, Callback, ErrorCodeField: "code");

    public static string RouteOf(string path)
    {
        var trimmed = path.Length > 1 ? path.TrimEnd('/') : path;
        if (Endpoints.FirstOrDefault(r => r.Equals(trimmed, StringComparison.OrdinalIgnoreCase)) is { } endpoint)
        {
            return endpoint;
        }
        var segments = trimmed.Split('/');
        return segments switch
        {
            ["", "h5", "idvs", _] => JourneyPage,
            ["", "h5", "images", _, _] => Image,
            _ => Unmatched,
        };
    }

    /// <summary>Which of a route's 200 kinds a body is: "" for SUCCESS (and any other status), or an error, or get-result's state.</summary>
    public static string KindOf(string route, int status, string? body, string? requestBody)
    {
        if (status != 200 || SchemaCoverage.ObjectOrNull(body) is not { } json)
        {
            return "";
        }
        if (json.Value<string>("code") != "SUCCESS")
        {
            return Failed;
        }
        if (route != GetResult || json["data"] is not JObject data)
        {
            return "";
        }
        if (data.ContainsKey("addressDetail") || data.ContainsKey("errorCodes"))
        {
            return AddressResult;
        }
        var base64 = SchemaCoverage.ObjectOrNull(requestBody)?.Value<string>("returnImageType") == "BASE64";
        var pending = data["overallResult"]?.Type is null or JTokenType.Null;
        return (pending, base64) switch
        {
            (true, true) => PendingBase64,
            (true, false) => Pending,
            (false, true) => Base64,
            _ => "",
        };
    }

    private static AdvanceAiResponseRow Ok(string route, string schema) => new("POST", route, 200, "", schema);

    private static AdvanceAiResponseRow Fail(string route) => new("POST", route, 200, Failed, Error);

    private static AdvanceAiResponseRow Err(string method, string route, int status) => new(method, route, status, "", Error);
}
