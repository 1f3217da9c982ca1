using System.Collections.Frozen;

namespace Simulators.Verihubs;

/// <summary>Quality flags of a KTP image, as <c>image_quality</c> reports them.</summary>
internal sealed record KtpQuality(bool Blur, bool Dark, bool Grayscale, bool Flashlight)
{
    public static readonly KtpQuality Good = new(false, false, false, false);

    public bool AnyBad => Blur || Dark || Grayscale || Flashlight;

    /// <summary>From the sandbox letters: B blur, D dark, F flashlight, G grayscale.</summary>
    public static KtpQuality FromLetters(string letters) =>
        new(letters.Contains('B', StringComparison.Ordinal), letters.Contains('D', StringComparison.Ordinal), letters.Contains('G', StringComparison.Ordinal), letters.Contains('F', StringComparison.Ordinal));
}

/// <summary>A face as the sandbox codes (or a scenario) describe it. <c>Person</c> is the sandbox person A–J; null for a real image, whose identity is its bytes.</summary>
internal sealed record FaceTraits(string? Person, int Faces, bool Live, bool Blur, bool Dark, bool Mask, bool Veil, bool Sunglasses)
{
    public static readonly FaceTraits Clean = new(null, 1, true, false, false, false, false, false);

    public bool AnyAttribute => Mask || Veil || Sunglasses;
}

/// <summary>What an image field can carry instead of an image: the documented sandbox magic codes (providers/verihubs.md §8).</summary>
internal static class SandboxCodes
{
    public const string KtpImageTooBig = "IMAGE_SIZE_EXCEED_LIMIT";
    public const string NoKtpDetected = "NO_KTP_DETECTED";
    public const string ReferenceId = "REFERENCE_ID";
    public const string ReferenceIdExist = "REFERENCE_ID_EXIST";
    public const string ReferenceIdTooLong = "REFERENCE_ID_TOO_LONG";
    public const string ReferenceIdTooShort = "REFERENCE_ID_TOO_SHORT";
    public const string FaceImageTooBig = "IMAGE_EXCEED_LIMIT";
    public const string NoFacePhoto = "NO_FACE_PHOTO";

    /// <summary>The documented KTP quality letter sets (B blur, D dark, F flashlight, G grayscale).</summary>
    public static readonly string[] KtpQualitySuffixes = ["", "B", "D", "BD", "BF", "F", "G", "FG", "BG", "DG"];

    private static readonly FrozenSet<string> KtpImages = KtpQualitySuffixes.Select(s => s.Length == 0 ? "KTP" : "KTP_" + s).ToFrozenSet(StringComparer.Ordinal);

    private static readonly string[] FaceQualities = ["BLUR", "DARK", "BLURDARK"];
    private static readonly string[] FaceAttributes = ["M", "V", "S", "MV", "MS", "VS", "MVS"];

    public static IEnumerable<string> KtpImageCodes => [KtpImageTooBig, NoKtpDetected, .. KtpImages];

    public static IEnumerable<string> ReferenceIdCodes => [ReferenceId, ReferenceIdExist, ReferenceIdTooLong, ReferenceIdTooShort];

    /// <summary>Every documented get-result code: plain, each quality set, and the <c>_V</c> (validation on) variants.</summary>
    public static IEnumerable<string> ResultCodes =>
        KtpQualitySuffixes.Select(s => s.Length == 0 ? "REFERENCE_ID_KTP" : "REFERENCE_ID_KTP_" + s)
            .Concat(KtpQualitySuffixes.Where(s => s.Length > 0).Select(s => $"REFERENCE_ID_KTP_{s}_V"));

    /// <summary>A KTP image code: its quality, or "not detected"; null when <paramref name="image"/> is not a code.</summary>
    public static KtpImageCode? KtpImage(string image)
    {
        if (image == NoKtpDetected)
        {
            return new KtpImageCode(KtpQuality.Good, NotDetected: true, TooBig: false);
        }
        if (image == KtpImageTooBig)
        {
            return new KtpImageCode(KtpQuality.Good, NotDetected: false, TooBig: true);
        }
        return KtpImages.Contains(image) ? new KtpImageCode(KtpQuality.FromLetters(image.Length > 3 ? image[4..] : ""), false, false) : null;
    }

    /// <summary>A get-result code <c>REFERENCE_ID_KTP[_letters][_V]</c>: quality and whether validation was on.</summary>
    public static (KtpQuality Quality, bool Validate)? ResultCode(string referenceId)
    {
        const string prefix = "REFERENCE_ID_KTP";
        if (!referenceId.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = referenceId[prefix.Length..];
        var validate = rest.EndsWith("_V", StringComparison.Ordinal) && rest.Length > 2;
        if (validate)
        {
            rest = rest[..^2];
        }
        if (rest.Length == 0)
        {
            return validate ? null : (KtpQuality.Good, false);
        }
        if (rest[0] != '_' || !KtpQualitySuffixes.Contains(rest[1..], StringComparer.Ordinal))
        {
            return null;
        }
        return (KtpQuality.FromLetters(rest[1..]), validate);
    }

    /// <summary>A face image code; null when <paramref name="image"/> is not one. <c>TooBig</c> and <c>NoFace</c> are errors.</summary>
    public static FaceImageCode? FaceImage(string image)
    {
        if (image == FaceImageTooBig)
        {
            return new FaceImageCode(null, TooBig: true, NoFace: false);
        }
        if (image == NoFacePhoto)
        {
            return new FaceImageCode(null, TooBig: false, NoFace: true);
        }
        const string prefix = "LIVE_PERSON_";
        if (!image.StartsWith(prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var parts = image[prefix.Length..].Split('_');
        if (parts.Length is < 2 or > 4)
        {
            return null;
        }
        var person = parts[^2];
        var faces = parts[^1];
        if (person.Length != 1 || person[0] is < 'A' or > 'J' || faces.Length != 1 || faces[0] is < '1' or > '9')
        {
            return null;
        }
        var middle = parts[..^2];
        var quality = middle.Length > 0 && FaceQualities.Contains(middle[0], StringComparer.Ordinal) ? middle[0] : "";
        var attributes = middle.Skip(quality.Length > 0 ? 1 : 0).ToArray();
        if (attributes.Length > 1 || (attributes.Length == 1 && !FaceAttributes.Contains(attributes[0], StringComparer.Ordinal)))
        {
            return null;
        }
        var attrs = attributes.FirstOrDefault() ?? "";
        return new FaceImageCode(
            new FaceTraits(person, faces[0] - '0', Live: true,
                Blur: quality.Contains("BLUR", StringComparison.Ordinal), Dark: quality.Contains("DARK", StringComparison.Ordinal),
                Mask: attrs.Contains('M', StringComparison.Ordinal), Veil: attrs.Contains('V', StringComparison.Ordinal), Sunglasses: attrs.Contains('S', StringComparison.Ordinal)),
            TooBig: false, NoFace: false);
    }

    /// <summary>A representative set of face codes (every quality and attribute form) for the README and tests.</summary>
    public static IEnumerable<string> FaceCodeForms =>
        [FaceImageTooBig, NoFacePhoto, "LIVE_PERSON_A_1", .. FaceAttributes.Select(a => $"LIVE_PERSON_{a}_A_1"), .. FaceQualities.Select(q => $"LIVE_PERSON_{q}_A_1"), "LIVE_PERSON_BLUR_MS_A_1", "LIVE_PERSON_J_9"];
}

internal sealed record KtpImageCode(KtpQuality Quality, bool NotDetected, bool TooBig);

internal sealed record FaceImageCode(FaceTraits? Traits, bool TooBig, bool NoFace);
