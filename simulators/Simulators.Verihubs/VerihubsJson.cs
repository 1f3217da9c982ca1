using System.Text.Json;
using System.Text.Json.Serialization;
using Simulators.Verihubs.Face;
using Simulators.Verihubs.IdVerification;
using Simulators.Verihubs.Ktp;

namespace Simulators.Verihubs;

/// <summary>Verihubs' wire JSON: snake_case, and a field the provider would not send (a null) is never written.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(Envelope<KtpData>))]
[JsonSerializable(typeof(Envelope<KtpSubmitData>))]
[JsonSerializable(typeof(Envelope<IdVerificationData>))]
[JsonSerializable(typeof(Envelope<CertificateVerificationData>))]
[JsonSerializable(typeof(Envelope<KtpResultData>))]
[JsonSerializable(typeof(KtpLegacyExtraction))]
[JsonSerializable(typeof(KtpFailure))]
[JsonSerializable(typeof(KtpResultFailure))]
[JsonSerializable(typeof(FaceCompareResponse))]
[JsonSerializable(typeof(FaceResponse))]
[JsonSerializable(typeof(FaceDeleteResponse))]
internal sealed partial class VerihubsJson : JsonSerializerContext
{
    /// <summary>The context every response uses: like <see cref="Default"/>, but writes non-ASCII and quotes as themselves.</summary>
    public static VerihubsJson Wire { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}

/// <summary><c>{"message", "data"}</c>: the success envelope.</summary>
internal sealed record Envelope<T>(string Message, T Data);
