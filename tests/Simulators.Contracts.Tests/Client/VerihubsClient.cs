using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Simulators.Contracts.Tests.Client;

/// <summary>
/// A reference Verihubs client, as an integrating team writes one: App-ID/API-Key headers, typed
/// records for the documented JSON, failures surfaced with Verihubs' error_code (HTTP 200 FAIL_ON_n included).
/// </summary>
internal sealed class VerihubsClient
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly HttpClient _http;

    public VerihubsClient(HttpClient http, string? appId = "sandbox-app-id", string? apiKey = "sandbox-api-key")
    {
        _http = http;
        if (appId is not null)
        {
            http.DefaultRequestHeaders.Add("App-ID", appId);
        }
        if (apiKey is not null)
        {
            http.DefaultRequestHeaders.Add("API-Key", apiKey);
        }
    }

    public Task<Envelope<KtpData>> ExtractKtpAsync(string image, bool validateQuality = false) =>
        SendAsync<Envelope<KtpData>>(HttpMethod.Post, "/v2/ktp/extract", new { image, validate_quality = validateQuality });

    public Task<Envelope<SubmitData>> SubmitKtpAsync(string image, string referenceId) =>
        SendAsync<Envelope<SubmitData>>(HttpMethod.Post, "/ktp/id/extract-async", new { image, reference_id = referenceId });

    /// <summary>The async result; <c>Data</c> is null while the job is still processing.</summary>
    public Task<Envelope<KtpData>> GetKtpResultAsync(string referenceId) =>
        SendAsync<Envelope<KtpData>>(HttpMethod.Get, $"/ktp/id/extract-async/result?reference_id={Uri.EscapeDataString(referenceId)}");

    public Task<FaceResult> CompareAsync(string image1, string image2) =>
        SendAsync<FaceResult>(HttpMethod.Post, "/v1/face/compare", new { image_1 = image1, image_2 = image2 });

    public Task<FaceResult> LivenessAsync(string image) => SendAsync<FaceResult>(HttpMethod.Post, "/v1/face/liveness", new { image });

    public Task<FaceResult> VerifyFaceAsync(string image, string subjectId) =>
        SendAsync<FaceResult>(HttpMethod.Post, "/v1/face/verify", new { image, subject_id = subjectId });

    public Task<FaceResult> SearchFaceAsync(string image) => SendAsync<FaceResult>(HttpMethod.Post, "/v1/face/search", new { image });

    public Task<Envelope<IdCheck>> VerifyIdAsync(string nik, string name, string birthDate) =>
        SendAsync<Envelope<IdCheck>>(HttpMethod.Post, "/data-verification/id-verification/verify", new { nik, name, birth_date = birthDate });

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : JsonContent.Create(body) };
        using var response = await _http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            var error = await response.Content.ReadFromJsonAsync<VerihubsError>(Json);
            throw new VerihubsApiException(response.StatusCode, error?.ErrorCode, error?.Message ?? "", error?.ErrorFields ?? []);
        }
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }
}

internal sealed class VerihubsApiException(HttpStatusCode status, string? errorCode, string message, IReadOnlyList<ErrorField> fields)
    : Exception($"{(int)status} {errorCode}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    public string? ErrorCode { get; } = errorCode;

    public string ServerMessage { get; } = message;

    public IReadOnlyList<ErrorField> Fields { get; } = fields;
}

internal sealed record ErrorField(string Field, string Message);

internal sealed record VerihubsError(string Message, string? ErrorCode, IReadOnlyList<ErrorField>? ErrorFields);

internal sealed record Envelope<T>(string Message, string? ErrorCode, T? Data);

internal sealed record ImageQuality(bool Blur, bool Dark, bool Grayscale, bool Flashlight);

internal sealed record KtpData(
    string ReferenceId, string StatusCode, string Nik, string FullName, string PlaceOfBirth, string DateOfBirth, string Gender,
    string BloodType, string Address, string RtRw, string AdministrativeVillage, string District, string City, string State,
    string Religion, string MaritalStatus, string Occupation, string Nationality, ImageQuality ImageQuality);

internal sealed record SubmitData(Guid Id, string ReferenceId);

internal sealed record FaceResult(string Message, string? ErrorCode, string StatusCode, bool? SimilarityStatus, double? Similarity, bool? LivenessStatus, IReadOnlyList<FaceMatch>? Matches = null);

internal sealed record FaceMatch(string SubjectId, double Similarity);

internal sealed record IdCheck(Guid Id, bool Nik, bool Name, bool BirthDate, string ReferenceId);
