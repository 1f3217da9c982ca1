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
    /// The result body. <paramref name="sync"/> results that are not extractions are raised as the
    /// sync errors (400 <c>KTP_NOT_DETECTED</c>, 500); async ones are HTTP 200 + <c>error_code</c>.
    /// </summary>
    public byte[] Render(string referenceId, bool validateQuality, bool sync, VerihubsOptions options)
    {
        switch (Kind)
        {
            case KtpResultKind.NotDetected when sync:
                throw VerihubsErrors.KtpNotDetected.Raise();
            case KtpResultKind.Error when sync:
                throw VerihubsErrors.InternalServerError.Raise();
            case KtpResultKind.NotDetected:
                return Failure("KTP not detected", "KTP_NOT_DETECTED", new KtpFailureData(referenceId));
            case KtpResultKind.Error:
                return Failure("Internal server error", "INTERNAL_SERVER_ERROR", new KtpFailureData(referenceId));
        }
        if (validateQuality && Quality.AnyBad)
        {
            return Failure("Image quality check failed", "FAIL_ON_1", new KtpFailureData(referenceId, options.BillingStatusCode("FAIL_ON_1"), ImageQuality.From(Quality)));
        }
        var data = KtpData.From(referenceId, options.BillingStatusCode("SUCCESS"), Persona, Quality);
        return JsonSerializer.SerializeToUtf8Bytes(new Envelope<KtpData>("Request Success", data), VerihubsJson.Wire.EnvelopeKtpData);
    }

    private static byte[] Failure(string message, string code, KtpFailureData data) =>
        JsonSerializer.SerializeToUtf8Bytes(new KtpFailure(message, code, data), VerihubsJson.Wire.KtpFailure);
}
