using Microsoft.AspNetCore.Http;
using Simulators.Core.Errors;
using Simulators.Core.Images;

namespace Simulators.Verihubs;

/// <summary>The image errors of one image field (<c>image</c>, <c>image_1</c>, <c>image_2</c>); a KTP image has no <c>_TIMEOUT</c> code and answers <c>_FORMAT</c>.</summary>
internal sealed record ImageErrors(VerihubsError Missing, VerihubsError Empty, VerihubsError Size, VerihubsError Format, VerihubsError Timeout) : IImageErrors
{
    public Exception TooLarge(string field, string detail) => Size.Raise(detail);

    public Exception Unreadable(string field, string detail) => Format.Raise(detail);

    public Exception TimedOut(string field, string detail) => Timeout.Raise(detail);

    /// <summary>The same errors for a KTP image: a URL that times out is <c>_FORMAT</c>.</summary>
    public ImageErrors ForKtp() => this with { Timeout = Format };

    public static ImageErrors For(string suffix) => new(
        new($"MISSING_PAYLOAD_IMAGE{suffix}", 400, $"image{Lower(suffix)} is required"),
        new($"INVALID_PAYLOAD_IMAGE{suffix}_MISSING", 400, $"image{Lower(suffix)} is empty"),
        new($"INVALID_PAYLOAD_IMAGE{suffix}_SIZE", 400, $"image{Lower(suffix)} is too big or too small"),
        new($"INVALID_PAYLOAD_IMAGE{suffix}_FORMAT", 400, $"image{Lower(suffix)} cannot be decoded, fetched or has an unsupported format"),
        new($"INVALID_PAYLOAD_IMAGE{suffix}_TIMEOUT", 400, $"image{Lower(suffix)} URL could not be fetched in time"));

    public IEnumerable<VerihubsError> All => [Missing, Empty, Size, Format, Timeout];

    private static string Lower(string suffix) => suffix.ToLowerInvariant();
}

/// <summary>
/// Every Verihubs error code (providers/verihubs.md §2–§10) with its HTTP status. Exact message
/// strings are undocumented: short English phrases; clients key on <c>error_code</c>.
/// </summary>
internal static class VerihubsErrors
{
    public static readonly VerihubsError AuthorizationFailed = new(null, 401, "Authorization failed");
    public static readonly VerihubsError Unauthorized = new("UNAUTHORIZED", 401, "Authorization Failed");
    public static readonly VerihubsError InsufficientQuota = new("INSUFFICIENT_QUOTA", 403, "Insufficient quota");
    public static readonly VerihubsError InvalidPayload = new("INVALID_PAYLOAD", 400, "Invalid payload");
    public static readonly VerihubsError KtpNotDetected = new("KTP_NOT_DETECTED", 400, "KTP not detected");
    public static readonly VerihubsError FaceNotDetected = new("FACE_NOT_DETECTED", 400, "Face not detected");
    public static readonly VerihubsError InvalidReferenceId = new("INVALID_PAYLOAD_REFERENCE_ID", 400, "reference_id is too short or too long");
    public static readonly VerihubsError ReferenceIdExists = new("INVALID_PAYLOAD_REFERENCE_ID_EXISTS", 400, "reference_id already exists in this App-ID");
    public static readonly VerihubsError ReferenceIdNotFound = new("INVALID_PAYLOAD_REFERENCE_ID_NOT_FOUND", 404, "Reference ID not found");
    public static readonly VerihubsError InvalidCallbackUrl = new("INVALID_PAYLOAD_CALLBACK_URL", 400, "callback_url must be an https URL");
    public static readonly VerihubsError QualityDependency = new("INVALID_PAYLOAD_QUALITY_VALIDATION_DEPENDENCY", 400, "is_quality must be true if validate_quality true");
    public static readonly VerihubsError AttributeDependency = new("INVALID_PAYLOAD_ATTRIBUTE_VALIDATION_DEPENDENCY", 400, "is_attribute must be true if validate_attribute true");
    public static readonly VerihubsError LivenessDependency = new("INVALID_PAYLOAD_LIVENESS_VALIDATION_DEPENDENCY", 400, "is_liveness must be true if validate_liveness true");
    public static readonly VerihubsError InvalidSandboxCode = new("INVALID_SANDBOX_CODE", 400, "Invalid sandbox code");
    public static readonly VerihubsError MissingSubjectId = new("MISSING_PAYLOAD_SUBJECT_ID", 400, "subject_id is required");
    public static readonly VerihubsError SubjectIdEmpty = new("INVALID_PAYLOAD_SUBJECT_ID_MISSING", 400, "subject_id is empty");
    public static readonly VerihubsError SubjectIdNotFound = new("INVALID_PAYLOAD_SUBJECT_ID", 400, "subject_id not found");
    public static readonly VerihubsError InvalidThreshold = new("INVALID_PAYLOAD_THRESHOLD", 400, "threshold must be a number from 0 to 100");
    public static readonly VerihubsError InvalidLimit = new("INVALID_PAYLOAD_LIMIT", 400, "limit must be a whole number from 1 to 10");
    public static readonly VerihubsError InternalServerError = new("INTERNAL_SERVER_ERROR", 500, "Internal server error");

    // Simulator additions: routing failures have no documented code.
    public static readonly VerihubsError NotFound = new("NOT_FOUND", 404, "Not found");
    public static readonly VerihubsError MethodNotAllowed = new("METHOD_NOT_ALLOWED", 405, "Method not allowed");

    public static readonly ImageErrors Image = ImageErrors.For("");
    public static readonly ImageErrors Image1 = ImageErrors.For("_1");
    public static readonly ImageErrors Image2 = ImageErrors.For("_2");

    /// <summary>The nearest code for an error raised below the provider (routing, Kestrel, our own bug).</summary>
    public static VerihubsError ForStatus(int status) => status switch
    {
        401 => AuthorizationFailed,
        403 => InsufficientQuota,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => Image.Size with { Status = 400 },
        >= 500 => InternalServerError,
        _ => InvalidPayload,
    };

    public static ProviderException Raise(this VerihubsError error, string? message, IReadOnlyList<ErrorField> fields) =>
        error.Raise(message, [.. fields.Select(f => new FieldProblem(f.Field, f.Message))]);
}

/// <summary>One entry of ID Verification's <c>error_fields[]</c>.</summary>
internal sealed record ErrorField(string Field, string Message);

/// <summary><c>{"message", "error_code"?, "error_fields"?}</c>: every Verihubs error body (nulls are not written).</summary>
internal sealed record ErrorBody(string Message, string? ErrorCode = null, IReadOnlyList<ErrorField>? ErrorFields = null);

/// <summary>Verihubs' envelope for every error, the engine's included. The 401 bodies are fixed texts with their own capitalisation: never replaced.</summary>
internal sealed class VerihubsErrorEnvelope : ErrorEnvelope
{
    /// <summary>The outbox is full: no 429 or 503 is documented, so the simulator answers 503 in the same envelope.</summary>
    public static readonly VerihubsError ServiceUnavailable = new("SERVICE_UNAVAILABLE", 503, "Service unavailable");

    /// <summary>Not documented either: the simulator's code for an injected 429.</summary>
    public static readonly VerihubsError RateLimited = new("RATE_LIMITED", 429, "Too many requests");

    /// <summary>The documented 500 body (the KTP result page's sample): a message and nothing else.</summary>
    public static readonly VerihubsError ServerError = new(null, 500, "Internal server error");

    public override VerihubsError ForStatus(int status) => status switch
    {
        503 => ServiceUnavailable,
        429 => RateLimited,
        _ => VerihubsErrors.ForStatus(status),
    };

    public override ProviderException Busy(string message) => ServiceUnavailable.Raise(message);

    /// <summary>An injected 500 is the documented <c>{"message":"Internal server error"}</c>.</summary>
    public override ProviderException Fault(int status) => status == 500 ? ServerError.Raise() : base.Fault(status);

    protected override Task WriteBodyAsync(HttpContext http, ProviderException problem) =>
        http.Response.WriteAsJsonAsync(
            new ErrorBody(
                problem.Status == 401 ? problem.Error.Message : problem.Message,
                problem.Error.Code,
                problem.Fields.Count == 0 ? null : [.. problem.Fields.Select(f => new ErrorField(f.Field, f.Message))]),
            VerihubsJson.Wire.ErrorBody);
}
