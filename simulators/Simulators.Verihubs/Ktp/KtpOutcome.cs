using System.Text.Json;
using Simulators.Core.Personas;

namespace Simulators.Verihubs.Ktp;

internal enum KtpResultKind
{
    Extracted,
    NotDetected,
    Error,
}

/// <summary>What processing a KTP image ends with, before <c>validate_quality</c> is applied (plain data: the persona by its seed).</summary>
internal sealed record KtpOutcome(KtpResultKind Kind, KtpQuality Quality, int PersonaSeed)
{
    /// <summary>The seed of the persona every sandbox code and result code shows (the real sandbox returns one dummy KTP).</summary>
    public const int SandboxSeed = 20231101;

    public IndonesianPersona Persona => IndonesianPersona.FromSeed(PersonaSeed);

    /// <summary>
    /// The sync extraction's body: an extraction (in <paramref name="legacy"/> the pre-2023 flat shape), or
    /// 200 + <c>FAIL_ON_1</c>. Not a KTP and an error are raised as the sync errors (400 <c>KTP_NOT_DETECTED</c>, 500).
    /// Sync <c>validate_quality</c> covers all four flags (its docs list grayscale).
    /// </summary>
    public byte[] RenderSync(string referenceId, bool validateQuality, VerihubsOptions options, bool legacy)
    {
        switch (Kind)
        {
            case KtpResultKind.NotDetected:
                throw VerihubsErrors.KtpNotDetected.Raise();
            case KtpResultKind.Error:
                throw VerihubsErrors.InternalServerError.Raise();
        }
        if (validateQuality && Quality.AnyBad)
        {
            return JsonSerializer.SerializeToUtf8Bytes(
                new KtpFailure("Image quality check failed", FailOnQuality, new KtpFailureData(referenceId, options.BillingStatusCode(FailOnQuality), ImageQuality.From(Quality))),
                VerihubsJson.Wire.KtpFailure);
        }
        var statusCode = options.BillingStatusCode("SUCCESS");
        return legacy
            ? JsonSerializer.SerializeToUtf8Bytes(KtpLegacyExtraction.From(SyncMessage, referenceId, statusCode, Persona, Quality, PersonaSeed), VerihubsJson.Wire.KtpLegacyExtraction)
            : JsonSerializer.SerializeToUtf8Bytes(new Envelope<KtpData>(SyncMessage, KtpData.From(referenceId, statusCode, Persona, Quality)), VerihubsJson.Wire.EnvelopeKtpData);
    }

    /// <summary>
    /// The async result's body, as the seed page prints it: the extraction, or HTTP 200 + <c>error_code</c>.
    /// Async <c>validate_quality</c> covers blur, dark and flashlight, not grayscale (its parameter table and
    /// the <c>_G_V</c> sandbox code agree). <paramref name="callbackReferenceId"/> is set for a callback only.
    /// </summary>
    public byte[] RenderResult(bool validateQuality, string? callbackReferenceId = null)
    {
        switch (Kind)
        {
            case KtpResultKind.NotDetected:
                return Failure("KTP_NOT_DETECTED", "ktp not detected", new KtpResultFailureData(callbackReferenceId));
            case KtpResultKind.Error:
                return Failure("INTERNAL_SERVER_ERROR", "internal server error", new KtpResultFailureData(callbackReferenceId));
        }
        if (validateQuality && (Quality.Blur || Quality.Dark || Quality.Flashlight))
        {
            return Failure(FailOnQuality, "fail on quality", new KtpResultFailureData(callbackReferenceId, ImageQuality.From(Quality)));
        }
        return JsonSerializer.SerializeToUtf8Bytes(
            new Envelope<KtpResultData>(ResultMessage, KtpResultData.From(callbackReferenceId, Persona, Quality)), VerihubsJson.Wire.EnvelopeKtpResultData);
    }

    public const string SyncMessage = "Request Success";

    /// <summary>The seed page's success message.</summary>
    public const string ResultMessage = "success extract ktp data";

    private const string FailOnQuality = "FAIL_ON_1";

    private static byte[] Failure(string code, string message, KtpResultFailureData data) =>
        JsonSerializer.SerializeToUtf8Bytes(new KtpResultFailure(data, code, message), VerihubsJson.Wire.KtpResultFailure);
}
