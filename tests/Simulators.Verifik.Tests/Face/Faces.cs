using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Simulators.Verifik.Tests.Face;

/// <summary>Face-recognition and OCR requests and images for the tests.</summary>
internal static class Faces
{
    public const string LivenessPath = "/v2/face-recognition/liveness";
    public const string ComparePath = "/v2/face-recognition/compare";
    public const string CompareWithLivenessPath = "/v2/face-recognition/compare-with-liveness";
    public const string ScanPromptPath = "/v2/ocr/scan-prompt";
    public const string ScanStudioPath = "/v3/ocr/scan-studio";

    /// <summary>A PNG by its signature, random bytes (each call hashes differently), an optional marker: base64 well over 100 characters.</summary>
    public static byte[] Png(string? marker = null) =>
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. RandomNumberGenerator.GetBytes(160), .. Encoding.ASCII.GetBytes(marker is null ? "" : "SIMULATOR:" + marker)];

    public static string Base64(string? marker = null) => Convert.ToBase64String(Png(marker));

    public static Task<(HttpStatusCode Status, string Text)> PostAsync(HttpClient client, string path, object body, string? scenario = null) =>
        Liveness.SendAsync(client, HttpMethod.Post, path, body, scenario);

    /// <summary>A 200's body.</summary>
    public static async Task<JsonElement> OkAsync(HttpClient client, string path, object body, string? scenario = null)
    {
        var (status, text) = await PostAsync(client, path, body, scenario);
        status.Should().Be(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static string KeyList(JsonElement element) => string.Join(",", element.EnumerateObject().Select(p => p.Name));
}
