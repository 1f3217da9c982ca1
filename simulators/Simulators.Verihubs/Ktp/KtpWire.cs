using Simulators.Core.Personas;

namespace Simulators.Verihubs.Ktp;

/// <summary><c>image_quality</c>: always computed, in the docs' order. (<c>blur_score</c>/<c>dark_score</c> were removed in 2023.)</summary>
internal sealed record ImageQuality(bool Blur, bool Dark, bool Grayscale, bool Flashlight)
{
    public static ImageQuality From(KtpQuality quality) => new(quality.Blur, quality.Dark, quality.Grayscale, quality.Flashlight);
}

/// <summary>The extracted KTP (sync response, async result, callback), field for field as the docs list them.</summary>
internal sealed record KtpData(
    string ReferenceId,
    string StatusCode,
    string Nik,
    string FullName,
    string PlaceOfBirth,
    string DateOfBirth,
    string Gender,
    string BloodType,
    string Address,
    string RtRw,
    string AdministrativeVillage,
    string District,
    string City,
    string State,
    string Religion,
    string MaritalStatus,
    string Occupation,
    string Nationality,
    ImageQuality ImageQuality)
{
    public static KtpData From(string referenceId, string statusCode, IndonesianPersona p, KtpQuality quality) => new(
        referenceId, statusCode, p.Nik, p.Name, p.BirthPlace, p.DateOfBirthText, p.Gender, p.BloodType, p.Address, p.RtRw,
        p.Village, p.District, p.City, p.Province, p.Religion, p.MaritalStatus, p.Occupation, p.Nationality, ImageQuality.From(quality));
}

/// <summary>The async submit's <c>data</c>: the job id and the reference_id to pull the result with.</summary>
internal sealed record KtpSubmitData(Guid Id, string ReferenceId);

/// <summary>A finished-but-failed KTP result (HTTP 200 + <c>error_code</c>); <c>data</c> keeps reference_id so a callback receiver can match it.</summary>
internal sealed record KtpFailure(string Message, string ErrorCode, KtpFailureData Data);

internal sealed record KtpFailureData(string ReferenceId, string? StatusCode = null, ImageQuality? ImageQuality = null);
