using Simulators.Core.Personas;

namespace Simulators.Verihubs.Ktp;

/// <summary><c>image_quality</c>: always computed, in the docs' order. (<c>blur_score</c>/<c>dark_score</c> were removed in 2023.)</summary>
internal sealed record ImageQuality(bool Blur, bool Dark, bool Grayscale, bool Flashlight)
{
    public static ImageQuality From(KtpQuality quality) => new(quality.Blur, quality.Dark, quality.Grayscale, quality.Flashlight);
}

/// <summary>What a KTP prints where the card and the persona table differ: the province line carries its <c>PROVINSI </c> prefix.</summary>
internal static class KtpCard
{
    public const string ProvincePrefix = "PROVINSI ";

    /// <summary>The province line as printed (and as the seed page's sample shows it): <c>PROVINSI JAWA TIMUR</c>.</summary>
    public static string State(IndonesianPersona p) => ProvincePrefix + p.Province;
}

/// <summary>The sync extraction's <c>data</c>, field for field as the sync docs list them.</summary>
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
        p.Village, p.District, p.City, KtpCard.State(p), p.Religion, p.MaritalStatus, p.Occupation, p.Nationality, ImageQuality.From(quality));
}

/// <summary>
/// The async result's <c>data</c>: the seed page's sample key for key and in its order. A callback adds
/// <c>reference_id</c> (first) so the receiver can match it; a poll never carries it (the sample does not).
/// </summary>
internal sealed record KtpResultData(
    string? ReferenceId,
    string Nik,
    string City,
    string RtRw,
    string State,
    string Gender,
    string Address,
    string District,
    string Religion,
    string FullName,
    string BloodType,
    string Occupation,
    string Nationality,
    string DateOfBirth,
    string MaritalStatus,
    string PlaceOfBirth,
    string AdministrativeVillage,
    ImageQuality ImageQuality)
{
    public static KtpResultData From(string? referenceId, IndonesianPersona p, KtpQuality quality) => new(
        referenceId, p.Nik, p.City, p.RtRw, KtpCard.State(p), p.Gender, p.Address, p.District, p.Religion, p.Name, p.BloodType,
        p.Occupation, p.Nationality, p.DateOfBirthText, p.MaritalStatus, p.BirthPlace, p.Village, ImageQuality.From(quality));
}

/// <summary>A finished-but-failed async result, in the seed's key order: <c>{"data": {}, "error_code", "message"}</c>.</summary>
internal sealed record KtpResultFailure(KtpResultFailureData Data, string ErrorCode, string Message);

/// <summary>Empty on a poll (the seed's <c>{}</c>); <c>image_quality</c> for FAIL_ON_1; a callback adds <c>reference_id</c>.</summary>
internal sealed record KtpResultFailureData(string? ReferenceId = null, ImageQuality? ImageQuality = null);

/// <summary>
/// The pre-2023 flat sync shape (<c>responseShape: legacy-v2</c>): no <c>data</c> wrapper, and the two scores in
/// <c>image_quality</c>. Names, order and types as the public Rust client (zuramai/verihubs-mcp-server) reads them.
/// </summary>
internal sealed record KtpLegacyExtraction(
    string Message,
    string Nik,
    string City,
    string RtRw,
    string State,
    string Gender,
    string Address,
    string District,
    string Religion,
    string FullName,
    string BloodType,
    string Occupation,
    string Nationality,
    string DateOfBirth,
    string MaritalStatus,
    string PlaceOfBirth,
    string AdministrativeVillage,
    string ReferenceId,
    string StatusCode,
    LegacyImageQuality ImageQuality)
{
    public static KtpLegacyExtraction From(string message, string referenceId, string statusCode, IndonesianPersona p, KtpQuality quality, int seed) => new(
        message, p.Nik, p.City, p.RtRw, KtpCard.State(p), p.Gender, p.Address, p.District, p.Religion, p.Name, p.BloodType,
        p.Occupation, p.Nationality, p.DateOfBirthText, p.MaritalStatus, p.BirthPlace, p.Village, referenceId, statusCode, LegacyImageQuality.From(quality, seed));
}

/// <summary>The legacy <c>image_quality</c>: the four flags and two scores (0-1; below 0.5 for a sharp, well-lit card, above for a bad one).</summary>
internal sealed record LegacyImageQuality(bool Blur, bool Dark, bool Grayscale, double BlurScore, double DarkScore, bool Flashlight)
{
    public static LegacyImageQuality From(KtpQuality quality, int seed)
    {
        var spread = (uint)seed % 20 / 100.0;
        return new(quality.Blur, quality.Dark, quality.Grayscale, Score(quality.Blur, spread), Score(quality.Dark, 0.19 - spread), quality.Flashlight);
    }

    private static double Score(bool bad, double spread) => Math.Round((bad ? 0.75 : 0.05) + spread, 2);
}

/// <summary>The async submit's <c>data</c>: the job id and the reference_id to pull the result with.</summary>
internal sealed record KtpSubmitData(Guid Id, string ReferenceId);

/// <summary>A sync extraction that failed at HTTP 200 (<c>FAIL_ON_1</c>); <c>data</c> keeps reference_id, status_code and image_quality.</summary>
internal sealed record KtpFailure(string Message, string ErrorCode, KtpFailureData Data);

internal sealed record KtpFailureData(string ReferenceId, string? StatusCode = null, ImageQuality? ImageQuality = null);
