using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Simulators.Contracts.Tests.Client;

/// <summary>
/// A reference Verifik client, as an integrating backend writes one: <c>Authorization: Bearer &lt;token&gt;</c> on the
/// verification calls, the bare token on the session calls (as their pages show it), JSON bodies with base64 images,
/// and any status other than 200 surfacing as <see cref="VerifikApiException"/> with the body Verifik answered.
/// </summary>
internal sealed class VerifikClient(HttpClient http, string? token = null)
{
    public const string DocumentLivenessPath = "/v2/document-liveness";
    public const string EmailLoginPath = "/v2/projects/email-login";
    public const string PhoneLoginPath = "/v2/projects/phone-login";
    public const string SessionPath = "/v2/auth/session";
    public const string RenewAndRevokePath = "/v2/auth/renew-and-revoke";
    public const string ProjectLoginPath = "/v2/auth/project-login";
    public const string FacePrefix = "/v2/face-recognition/";
    public const string ScanPromptPath = "/v2/ocr/scan-prompt";
    public const string ScanStudioPath = "/v3/ocr/scan-studio";
    public const string AppRegistrationsPath = "/v2/app-registrations";
    public const string DocumentValidationPath = "/v2/document-validations/app-registration";
    public const string BiometricValidationPath = "/v2/biometric-validations/app-registration";
    public const string WebhooksPath = "/v2/webhooks";

    // Document liveness.
    public Task<JsonElement> CreateDocumentLivenessAsync(object body) => SendAsync(HttpMethod.Post, DocumentLivenessPath, body);

    public Task<JsonElement> ListDocumentLivenessAsync() => SendAsync(HttpMethod.Get, DocumentLivenessPath, null);

    public Task<JsonElement> RetrieveDocumentLivenessAsync(string id) => SendAsync(HttpMethod.Get, DocumentLivenessPath + "/" + Uri.EscapeDataString(id), null);

    // OTP logins (no token).
    public async Task<EmailLoginSent> EmailLoginAsync(string email) =>
        Read<VerifikEnvelope<EmailLoginSent>>(await SendAsync(HttpMethod.Post, EmailLoginPath + "?email=" + Uri.EscapeDataString(email), null)).Data;

    public async Task<TokenGrant> ConfirmEmailAsync(string email, string otp) =>
        Read<VerifikData<TokenGrant>>(await SendAsync(HttpMethod.Post, EmailLoginPath + "/confirm", new { email, otp })).Data;

    /// <summary>The docs send <c>phone</c> as a JSON number.</summary>
    public async Task<JsonElement> PhoneLoginAsync(string countryCode, long phone) =>
        (await SendAsync(HttpMethod.Post, PhoneLoginPath, new { countryCode, phone, type = "login" })).GetProperty("data");

    public async Task<TokenGrant> ConfirmPhoneAsync(string countryCode, long phone, string otp) =>
        Read<VerifikData<TokenGrant>>(await SendAsync(HttpMethod.Post, PhoneLoginPath + "/confirm", new { countryCode, phone, otp })).Data;

    // The token's lifecycle (the bare token, as the session pages show it).
    public async Task<TokenGrant> RefreshSessionAsync(int expiresInMonths) =>
        Read<TokenGrant>(await SendAsync(HttpMethod.Get, $"{SessionPath}?origin=refresh&expiresIn={expiresInMonths}", null, bare: true));

    /// <summary><c>origin=app</c>, as Verifik's own app hydrates its session: the same token and the client as <c>user</c>.</summary>
    public Task<JsonElement> AppSessionAsync() => SendAsync(HttpMethod.Get, SessionPath + "?origin=app", null, bare: true);

    public async Task<string> RenewAndRevokeAsync() =>
        (await SendAsync(HttpMethod.Post, RenewAndRevokePath, null, bare: true)).GetProperty("token").GetString()!;

    /// <summary>Exchanges a validation token for a session token, as Verifik's own api-client does (with an empty object).</summary>
    public async Task<TokenGrant> ProjectLoginAsync() =>
        Read<VerifikData<TokenGrant>>(await SendAsync(HttpMethod.Post, ProjectLoginPath, new { })).Data;

    // Face recognition.
    public async Task<FaceLiveness> FaceLivenessAsync(object body) =>
        Read<VerifikEnvelope<FaceLiveness>>(await SendAsync(HttpMethod.Post, FacePrefix + "liveness", body)).Data;

    public async Task<JsonElement> CompareAsync(object body) => (await SendAsync(HttpMethod.Post, FacePrefix + "compare", body)).GetProperty("data");

    public async Task<JsonElement> CompareWithLivenessAsync(object body) =>
        (await SendAsync(HttpMethod.Post, FacePrefix + "compare-with-liveness", body)).GetProperty("data");

    // OCR.
    public async Task<JsonElement> ScanPromptAsync(string image, string documentType) =>
        (await SendAsync(HttpMethod.Post, ScanPromptPath, new { image, documentType })).GetProperty("data");

    public async Task<JsonElement> ScanStudioAsync(string image, string documentType) =>
        (await SendAsync(HttpMethod.Post, ScanStudioPath, new { image, documentType })).GetProperty("data");

    // Smart Enroll: the client's token starts and reads registrations; the registrant's (the create answer's token) reads its own
    // (`me`) and sends its document and selfie.
    public async Task<JsonElement> CreateAppRegistrationAsync(object body) => (await SendAsync(HttpMethod.Post, AppRegistrationsPath, body)).GetProperty("data");

    public async Task<JsonElement> RetrieveAppRegistrationAsync(string id) =>
        (await SendAsync(HttpMethod.Get, AppRegistrationsPath + "/" + Uri.EscapeDataString(id), null)).GetProperty("data");

    /// <summary>A page of the client's registrations: <c>{data, total, limit, page, pages}</c>.</summary>
    public Task<JsonElement> ListAppRegistrationsAsync(int page, int limit) =>
        SendAsync(HttpMethod.Get, $"{AppRegistrationsPath}?limit={limit}&page={page}", null);

    public async Task<JsonElement> SendDocumentAsync(object body) =>
        (await SendAsync(HttpMethod.Post, DocumentValidationPath, body)).GetProperty("data").GetProperty("documentValidation");

    /// <summary>The registration as the selfie left it.</summary>
    public async Task<JsonElement> SendSelfieAsync(object body) => (await SendAsync(HttpMethod.Post, BiometricValidationPath, body)).GetProperty("data");

    // Webhooks: each answer is {data: <webhook>}, the list {data, total, limit, page, pages}.
    public async Task<JsonElement> CreateWebhookAsync(object body) => (await SendAsync(HttpMethod.Post, WebhooksPath, body)).GetProperty("data");

    public Task<JsonElement> ListWebhooksAsync() => SendAsync(HttpMethod.Get, WebhooksPath, null);

    public async Task<JsonElement> RetrieveWebhookAsync(string id) => (await SendAsync(HttpMethod.Get, WebhookPath(id), null)).GetProperty("data");

    public async Task<JsonElement> UpdateWebhookAsync(string id, object body) => (await SendAsync(HttpMethod.Put, WebhookPath(id), body)).GetProperty("data");

    /// <summary>The webhook as it was.</summary>
    public async Task<JsonElement> DeleteWebhookAsync(string id) => (await SendAsync(HttpMethod.Delete, WebhookPath(id), null)).GetProperty("data");

    private static string WebhookPath(string id) => WebhooksPath + "/" + Uri.EscapeDataString(id);

    private static T Read<T>(JsonElement body) => body.Deserialize<T>(VerifikJsonOptions.Web)!;

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, bool bare = false)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", bare ? token : "Bearer " + token);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return response.IsSuccessStatusCode ? json : throw new VerifikApiException((int)response.StatusCode, json);
    }
}

internal static class VerifikJsonOptions
{
    public static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
}

/// <summary>A refused call: its status and Verifik's body (whose keys differ by page: <c>code</c>/<c>message</c>, <c>error</c>/<c>message</c>, <c>error</c>).</summary>
internal sealed class VerifikApiException(int status, JsonElement body) : Exception($"HTTP {status}: {body}")
{
    public int Status { get; } = status;

    public JsonElement Body { get; } = body;

    /// <summary>The named member of the body, or null.</summary>
    public string? Member(string name) => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var value) ? value.GetString() : null;
}

/// <summary>The charged calls' envelope <c>{data, signature, id}</c>.</summary>
internal sealed record VerifikEnvelope<T>(T Data, VerifikSignature Signature, string Id);

/// <summary>A bare <c>{data}</c> (the confirm pages).</summary>
internal sealed record VerifikData<T>(T Data);

internal sealed record VerifikSignature(string DateTime, string Message);

internal sealed record EmailLoginSent(string Status, string Email, string ExpiresAt);

internal sealed record TokenGrant(string AccessToken, string TokenType);

/// <summary>The liveness page's <c>data</c>: <c>{passed, min_score, liveness_score}</c>.</summary>
internal sealed record FaceLiveness(
    [property: JsonPropertyName("passed")] bool Passed,
    [property: JsonPropertyName("min_score")] double MinScore,
    [property: JsonPropertyName("liveness_score")] double LivenessScore);
