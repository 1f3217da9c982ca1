using System.Globalization;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Simulators.Contracts.Tests.Client;

/// <summary>
/// A reference ADVANCE.AI IDVS client, as an integrating backend writes one: it signs generate-token
/// (<c>sha256(accessKey + secretKey + timestamp)</c>, lower-case hex), sends the token as <c>X-ACCESS-TOKEN</c>,
/// and reads every answer as the HTTP 200 envelope <c>{code, message, data, extra, transactionId, pricingStrategy}</c>,
/// a <c>code</c> other than SUCCESS surfacing as <see cref="AdvanceAiApiException"/>.
/// </summary>
internal sealed class AdvanceAiClient(HttpClient http, string? token = null)
{
    public const string Prefix = "/intl/openapi/identity-risk/idvs-h5/ekyc/v1/";
    public const string TokenPath = "/openapi/auth/ticket/v1/generate-token";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// A generate-*-url body with the fields every variant requires, and the ones only its variant does:
    /// generate-url's docType (a Philippine SSS card), the non-document call's numberType and numberValue
    /// (a Nigerian BVN, so region NGA).
    /// </summary>
    public static Dictionary<string, object?> JourneyBody(string variant, string bizId, string userId)
    {
        var body = new Dictionary<string, object?>
        {
            ["returnUrl"] = "https://merchant.example/kyc/done",
            ["failReturnUrl"] = "https://merchant.example/kyc/failed",
            ["bizId"] = bizId,
            ["userId"] = userId,
            ["region"] = variant == "generate-non-document-verification-url" ? "NGA" : "PHL",
        };
        if (variant == "generate-url")
        {
            body["docType"] = "PH-ID-SSS";
        }
        if (variant == "generate-non-document-verification-url")
        {
            body["numberType"] = "BVN";
            body["numberValue"] = "22222222222";
        }
        return body;
    }

    public static string Sign(string accessKey, string secretKey, string timestamp) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(accessKey + secretKey + timestamp)));

    /// <summary>generate-token signed now; <paramref name="numericTimestamp"/> sends the timestamp as a JSON number, <paramref name="periodSecond"/> null leaves it out.</summary>
    public Task<AdvanceAiEnvelope<TokenData>> GenerateTokenAsync(string accessKey, string secretKey, bool numericTimestamp = false, int? periodSecond = null, string? signature = null)
    {
        var millis = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var timestamp = millis.ToString(CultureInfo.InvariantCulture);
        var body = new Dictionary<string, object>
        {
            ["accessKey"] = accessKey,
            ["timestamp"] = numericTimestamp ? millis : timestamp,
            ["signature"] = signature ?? Sign(accessKey, secretKey, timestamp),
        };
        if (periodSecond is { } period)
        {
            body["periodSecond"] = period;
        }
        return PostAsync<TokenData>(TokenPath, body);
    }

    /// <summary>One of the six generate-*-url calls (<paramref name="variant"/> is the last path segment).</summary>
    public Task<AdvanceAiEnvelope<UrlData>> GenerateUrlAsync(string variant, IReadOnlyDictionary<string, object?> body) => PostAsync<UrlData>(Prefix + variant, body);

    public Task<AdvanceAiEnvelope<JsonElement>> GetResultAsync(string signatureId, bool base64 = false) =>
        PostAsync<JsonElement>(Prefix + "get-result", base64 ? new { signatureId, returnImageType = "BASE64" } : new { signatureId });

    public Task<AdvanceAiEnvelope<JsonElement>> ClearDataAsync(string signatureId) =>
        PostAsync<JsonElement>(Prefix + "clear-data?signatureId=" + Uri.EscapeDataString(signatureId), null);

    public Task<AdvanceAiEnvelope<FaceSearchData>> FaceSearchAsync(string signatureId) => PostAsync<FaceSearchData>(Prefix + "face-search", new { signatureId });

    public Task<AdvanceAiEnvelope<JsonElement>> DocumentAsync(object body) => PostAsync<JsonElement>(Prefix + "api/document", body);

    public Task<AdvanceAiEnvelope<UrlData>> AddressAsync(object body) => PostAsync<UrlData>(Prefix + "api/address-verification/start-verification", body);

    public Task<AdvanceAiEnvelope<DatabaseIdData>> DatabaseIdAsync(object body) => PostAsync<DatabaseIdData>(Prefix + "api/database-id-verification", body);

    private async Task<AdvanceAiEnvelope<T>> PostAsync<T>(string path, object? body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Add("X-ACCESS-TOKEN", token);
        }
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var envelope = (await response.Content.ReadFromJsonAsync<AdvanceAiEnvelope<T>>(Json))!;
        if (envelope.Code != "SUCCESS")
        {
            throw new AdvanceAiApiException(envelope.Code, envelope.Message);
        }
        return envelope;
    }
}

/// <summary>An answer whose <c>code</c> is not SUCCESS (ADVANCE.AI answers them with HTTP 200).</summary>
internal sealed class AdvanceAiApiException(string code, string message) : Exception($"{code}: {message}")
{
    public string Code { get; } = code;

    public string ServerMessage { get; } = message;
}

internal sealed record AdvanceAiEnvelope<T>(string Code, string Message, T? Data, string TransactionId, string PricingStrategy);

internal sealed record TokenData(string Token, long ExpiredTime);

/// <summary>generate-*-url's data (address verification answers the signatureId alone).</summary>
internal sealed record UrlData(string SignatureId, string? Url);

internal sealed record FaceSearchData(string SignatureId, IReadOnlyList<string> SimilarFaceUserIds);

internal sealed record DatabaseIdData(string Result, string? ErrorCode, string NumberType, string Region);
