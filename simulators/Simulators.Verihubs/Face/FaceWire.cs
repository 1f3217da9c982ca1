using System.Text.Json.Serialization;

namespace Simulators.Verihubs.Face;

// Only message, status_code and similarity_status are grounded in public client code; the rest is the
// reference's placeholder shape (VerihubsOptions.FaceDetails turns it off).

internal sealed record FaceQuality(bool Blur, bool Dark);

internal sealed record FaceAttribute(bool Mask, bool Veil, bool Sunglasses);

/// <summary>What was measured on one image: each block only when its <c>is_*</c> flag is on.</summary>
internal sealed record FaceImageResult(FaceQuality? ImageQuality, FaceAttribute? ImageAttribute, bool? LivenessStatus, int Nface);

internal sealed record FaceCompareResponse(
    string Message,
    string? ErrorCode,
    string StatusCode,
    bool SimilarityStatus,
    double? Similarity,
    [property: JsonPropertyName("image_1")] FaceImageResult? Image1,
    [property: JsonPropertyName("image_2")] FaceImageResult? Image2);

/// <summary>Liveness, enroll, verify and search: one image, flat.</summary>
internal sealed record FaceResponse(
    string Message,
    string? ErrorCode,
    string StatusCode,
    string? SubjectId = null,
    bool? SimilarityStatus = null,
    double? Similarity = null,
    bool? LivenessStatus = null,
    FaceQuality? ImageQuality = null,
    FaceAttribute? ImageAttribute = null,
    int? Nface = null,
    IReadOnlyList<FaceMatch>? Matches = null);

internal sealed record FaceMatch(string SubjectId, double Similarity);

/// <summary>The answer to deleting an enrolled face: what public client code reads (<c>message</c>, <c>timestamp</c>), and the subject_id.</summary>
internal sealed record FaceDeleteResponse(string Message, string SubjectId, string Timestamp);

/// <summary>An enrolled face: its identity key (sandbox person, fixture persona, or the image's SHA-256) and person (null: a photo only itself).</summary>
internal sealed record FaceSubject(string SubjectId, string Key, string? Person, DateTimeOffset EnrolledAt);
