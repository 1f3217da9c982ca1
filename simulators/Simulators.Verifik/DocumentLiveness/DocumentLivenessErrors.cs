using Simulators.Core.Errors;
using Simulators.Core.Images;
using Simulators.Core.Json;

namespace Simulators.Verifik.DocumentLiveness;

/// <summary>The document-liveness pages' errors (providers/verifik.md §4), in the shapes their codes name (see <see cref="VerifikErrors"/>).</summary>
internal static class DocumentLivenessErrors
{
    public static readonly VerifikError NoValidation = new("~MissingParameter", 409,
        "At least one validation must be selected. Please enable one of: validateScreenReplay, validatePrintedCopy, validatePortraitSubstitution, or validateDigitalManipulation");

    public static readonly VerifikError InvalidImageFormat = new("!INVALID_IMAGE_FORMAT", 400, "Invalid image format");
    public static readonly VerifikError ImageTooLarge = new("!IMAGE_TOO_LARGE", 413, "Image too large");
    public static readonly VerifikError NotFound = new("!DOCUMENT_LIVENESS_NOT_FOUND", 404, "Document liveness not found");
    public static readonly VerifikError InvalidQuery = new("?INVALID_PARAMETERS", 400, "Invalid query parameters");

    /// <summary>Simulator-only: an <c>X-Simulator-Scenario</c> this simulator does not know, named in <c>error</c>.</summary>
    public static readonly VerifikError UnknownScenario = new("!UNKNOWN_SCENARIO", 400, "Unknown simulator scenario");

    /// <summary>A parameter of the wrong type or value: undocumented, answered as the platform's 409 with Joi's wording.</summary>
    public static ProviderException Invalid(string message) => (VerifikErrors.MissingParameter with { Message = message }).Raise();

    /// <summary>How the create body's fields are read.</summary>
    public static readonly Fields Request = new();

    /// <summary>How the image field is read.</summary>
    public static readonly Image ImageErrors = new();

    internal sealed class Fields : IRequestErrors
    {
        public Exception Unreadable(string detail) => VerifikErrors.InvalidRequest.Raise();

        public Exception NotAnObject() => VerifikErrors.InvalidRequest.Raise();

        public Exception Missing(string path) => VerifikErrors.Missing(path);

        public Exception WrongType(string path, string expected) => Invalid($"\"{path}\" must be {expected}");
    }

    internal sealed class Image : IImageErrors
    {
        public Exception TooLarge(string field, string detail) => ImageTooLarge.Raise();

        public Exception Unreadable(string field, string detail) => InvalidImageFormat.Raise();

        public Exception TimedOut(string field, string detail) => InvalidImageFormat.Raise();
    }
}
