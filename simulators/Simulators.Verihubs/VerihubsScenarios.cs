using Simulators.Core.Scenarios;

namespace Simulators.Verihubs;

/// <summary>Verihubs' scenarios: job kinds, names, and what each does.</summary>
internal static class VerihubsScenarios
{
    public const string Ktp = "KTP";
    public const string FaceCompare = "FACE_COMPARE";
    public const string FaceLiveness = "FACE_LIVENESS";
    public const string FaceEnroll = "FACE_ENROLL";
    public const string FaceVerify = "FACE_VERIFY";
    public const string FaceSearch = "FACE_SEARCH";
    public const string IdVerification = "ID_VERIFICATION";
    public const string KtpResult = "KTP_RESULT";
    public const string FaceDelete = "FACE_DELETE";
    public const string Certificate = "CERTIFICATE_ELECTRONIC";

    public const string KtpOk = "KTP_OK";
    public const string KtpBlur = "KTP_BLUR";
    public const string KtpDark = "KTP_DARK";
    public const string KtpFlashlight = "KTP_FLASHLIGHT";
    public const string KtpGrayscale = "KTP_GRAYSCALE";
    public const string KtpNotDetected = "KTP_NOT_DETECTED";
    public const string SlowProcessing = "SLOW_PROCESSING";
    public const string FaceMatch = "FACE_MATCH";
    public const string FaceMismatch = "FACE_MISMATCH";
    public const string FaceNotDetected = "FACE_NOT_DETECTED";
    public const string LivenessFail = "LIVENESS_FAIL";
    public const string FaceBlur = "FACE_BLUR";
    public const string FaceDark = "FACE_DARK";
    public const string FaceMask = "FACE_MASK";
    public const string FaceSunglasses = "FACE_SUNGLASSES";
    public const string FaceMultiple = "FACE_MULTIPLE";
    public const string IdvMatch = "IDV_MATCH";
    public const string IdvNameMismatch = "IDV_NAME_MISMATCH";
    public const string IdvBirthDateMismatch = "IDV_BIRTH_DATE_MISMATCH";
    public const string IdvNotFound = "IDV_NOT_FOUND";
    public const string CertVerified = "CERT_VERIFIED";
    public const string CertSelfieMismatch = "CERT_SELFIE_MISMATCH";
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";
    public const string InsufficientQuota = "INSUFFICIENT_QUOTA";

    public static readonly string[] FaceKinds = [FaceCompare, FaceLiveness, FaceEnroll, FaceVerify, FaceSearch];

    public static ScenarioCatalog Create() => new(
    [
        new(KtpOk, "KTP extraction succeeds: every field from the image's persona, image_quality all false. The KTP default.", [Ktp]),
        new(KtpBlur, "KTP extraction with image_quality.blur true; with validate_quality true the result is 200 + error_code FAIL_ON_1.", [Ktp]),
        new(KtpDark, "As KTP_BLUR, with dark true.", [Ktp]),
        new(KtpFlashlight, "As KTP_BLUR, with flashlight true.", [Ktp]),
        new(KtpGrayscale, "KTP extraction with grayscale true; with validate_quality only the sync call fails (FAIL_ON_1): async validation covers blur, dark and flashlight.", [Ktp]),
        new(KtpNotDetected, "No KTP in the image: sync 400 KTP_NOT_DETECTED; async result 200 + error_code KTP_NOT_DETECTED.", [Ktp]),
        new(SlowProcessing, "Async KTP finishes after SlowFinishedAfterSeconds (60 s) instead of FinishedAfterSeconds (2 s); sync answers normally.", [Ktp]),
        new(FaceMatch, "One live, unobstructed, sharp face; compare/verify: the same person (similarity 90-99). The face default.", FaceKinds),
        new(FaceMismatch, "Compare/verify: different people, 200 + FAIL_ON_16 (similarity_status false); search: no matches.", [FaceCompare, FaceVerify, FaceSearch]),
        new(FaceNotDetected, "No face in the photo: 400 FACE_NOT_DETECTED.", FaceKinds),
        new(LivenessFail, "A spoof: liveness false; with is_liveness and validate_liveness, 200 + FAIL_ON_1 (liveness endpoint: liveness_status false).", FaceKinds),
        new(FaceBlur, "A blurred face: image_quality.blur true; with validate_quality, FAIL_ON_4.", FaceKinds),
        new(FaceDark, "A dark face: image_quality.dark true; with validate_quality, FAIL_ON_4.", FaceKinds),
        new(FaceMask, "A masked face: image_attribute.mask true; with validate_attribute, FAIL_ON_2.", FaceKinds),
        new(FaceSunglasses, "Sunglasses: image_attribute.sunglasses true; with validate_attribute, FAIL_ON_2.", FaceKinds),
        new(FaceMultiple, "Two faces in the photo: nface 2; with validate_nface, FAIL_ON_8.", FaceKinds),
        new(IdvMatch, "ID Verification: nik, name and birth_date all true. The ID Verification default.", [IdVerification]),
        new(IdvNameMismatch, "ID Verification: nik true, name false, birth_date true. Certificate check: not_verified, reject_field [name].", [IdVerification, Certificate]),
        new(IdvBirthDateMismatch, "ID Verification: nik true, name true, birth_date false. Certificate check: not_verified, reject_field [birth_date].", [IdVerification, Certificate]),
        new(IdvNotFound, "ID Verification: the NIK is not registered: all false. Certificate check: not_verified, reject_field [nik].", [IdVerification, Certificate]),
        new(CertVerified, "Certificate check: the data match Dukcapil and the selfie matches the KTP photo: status verified. The certificate check's default.", [Certificate]),
        new(CertSelfieMismatch, "Certificate check: the selfie is not the person of the KTP and Dukcapil photo: not_verified, reject_field [selfie_photo].", [Certificate]),
        new(InternalServerError, "Sync endpoints answer 500 INTERNAL_SERVER_ERROR; an async KTP job ends 200 + error_code INTERNAL_SERVER_ERROR; the result call (by header) answers 500 {\"message\":\"Internal server error\"}.", []),
        new(InsufficientQuota, "The call answers 403 INSUFFICIENT_QUOTA, as a testing-mode App-ID without quota does.", []),
    ]);

    /// <summary>The KTP quality a KTP scenario gives; null for scenarios that are not about quality.</summary>
    public static KtpQuality KtpQualityOf(string scenario) => scenario switch
    {
        KtpBlur => KtpQuality.Good with { Blur = true },
        KtpDark => KtpQuality.Good with { Dark = true },
        KtpFlashlight => KtpQuality.Good with { Flashlight = true },
        KtpGrayscale => KtpQuality.Good with { Grayscale = true },
        _ => KtpQuality.Good,
    };

    public static FaceTraits FaceTraitsOf(string scenario, FaceTraits traits) => scenario switch
    {
        LivenessFail => traits with { Live = false },
        FaceBlur => traits with { Blur = true },
        FaceDark => traits with { Dark = true },
        FaceMask => traits with { Mask = true },
        FaceSunglasses => traits with { Sunglasses = true },
        FaceMultiple => traits with { Faces = 2 },
        _ => traits,
    };
}
