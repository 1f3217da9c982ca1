using System.Text.Json;

namespace Simulators.Verihubs.Face;

/// <summary>
/// The <c>is_*</c> (measure; default true) and <c>validate_*</c> (fail on it; default false) flags.
/// <c>FAIL_ON_n</c> is a bitmask: 1 liveness, 2 attribute, 4 quality, 8 nface; 16 (similarity) only alone.
/// </summary>
internal sealed record FaceFlags(bool IsQuality, bool IsAttribute, bool IsLiveness, bool ValidateQuality, bool ValidateAttribute, bool ValidateLiveness, bool ValidateNface)
{
    public const int Liveness = 1;
    public const int Attribute = 2;
    public const int Quality = 4;
    public const int Nface = 8;
    public const int Similarity = 16;

    /// <param name="body">The request.</param>
    /// <param name="livenessEndpoint">The liveness endpoint has no <c>is_liveness</c>: liveness is its product, never a FAIL_ON bit.</param>
    /// <param name="invalid">The endpoint's INVALID_PAYLOAD error.</param>
    public static FaceFlags Read(JsonElement body, bool livenessEndpoint, VerihubsError invalid)
    {
        var flags = new FaceFlags(
            VerihubsRequest.Flag(body, "is_quality", true, invalid),
            VerihubsRequest.Flag(body, "is_attribute", true, invalid),
            livenessEndpoint || VerihubsRequest.Flag(body, "is_liveness", true, invalid),
            VerihubsRequest.Flag(body, "validate_quality", false, invalid),
            VerihubsRequest.Flag(body, "validate_attribute", false, invalid),
            !livenessEndpoint && VerihubsRequest.Flag(body, "validate_liveness", false, invalid),
            VerihubsRequest.Flag(body, "validate_nface", false, invalid));
        if (flags.ValidateQuality && !flags.IsQuality)
        {
            throw VerihubsErrors.QualityDependency.Raise();
        }
        if (flags.ValidateAttribute && !flags.IsAttribute)
        {
            throw VerihubsErrors.AttributeDependency.Raise();
        }
        return flags.ValidateLiveness && !flags.IsLiveness ? throw VerihubsErrors.LivenessDependency.Raise() : flags;
    }

    public int FailOn(FaceTraits traits)
    {
        var bits = 0;
        if (IsLiveness && ValidateLiveness && !traits.Live)
        {
            bits |= Liveness;
        }
        if (IsAttribute && ValidateAttribute && traits.AnyAttribute)
        {
            bits |= Attribute;
        }
        if (IsQuality && ValidateQuality && (traits.Blur || traits.Dark))
        {
            bits |= Quality;
        }
        if (ValidateNface && traits.Faces != 1)
        {
            bits |= Nface;
        }
        return bits;
    }

    public static string Message(int bits)
    {
        if (bits == 0)
        {
            return "Request Success";
        }
        if (bits == Similarity)
        {
            return "Failed on similarity";
        }
        var parts = new List<string>();
        if ((bits & Liveness) != 0)
        {
            parts.Add("liveness");
        }
        if ((bits & Attribute) != 0)
        {
            parts.Add("attribute");
        }
        if ((bits & Quality) != 0)
        {
            parts.Add("quality");
        }
        if ((bits & Nface) != 0)
        {
            parts.Add("nface");
        }
        return "Failed on " + string.Join(", ", parts);
    }
}
