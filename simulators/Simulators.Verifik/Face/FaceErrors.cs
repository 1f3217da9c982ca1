using Simulators.Core.Errors;
using Simulators.Core.Images;
using Simulators.Core.Json;

namespace Simulators.Verifik.Face;

/// <summary>
/// The face-recognition pages' errors (providers/verifik.md §2.4, §2.5, §4): message first, then code.
/// Parameter errors are 409 <c>MissingParameter</c> in Joi's wording (<c>"\"os\" is required"</c>).
/// </summary>
internal static class FaceErrors
{
    public static readonly VerifikError OnlyBase64 = new("~ERROR", 412, "only_images_in_base64");

    /// <summary>Simulator-only: an <c>X-Simulator-Scenario</c> this simulator does not know (or that does not fit the call).</summary>
    public static readonly VerifikError UnknownScenario = new("~UNKNOWN_SCENARIO", 400, "Unknown simulator scenario");

    /// <summary>The documented shortest image: the pages reject strings "shorter than ~100 characters".</summary>
    public const int MinImageChars = 100;

    /// <summary>A 409 with Joi's message for <paramref name="message"/> (already quoted).</summary>
    public static ProviderException Parameter(string message) =>
        (VerifikErrors.MissingParameter with { Code = "~MissingParameter", Message = message }).Raise();

    public static ProviderException Required(string field) => Parameter($"\"{field}\" is required");

    /// <summary>How the bodies' fields are read.</summary>
    public static readonly Fields Request = new();

    /// <summary>How an image is read: anything unreadable is the 412.</summary>
    public static readonly Image Images = new();

    internal sealed class Fields : IRequestErrors
    {
        public Exception Unreadable(string detail) => VerifikErrors.InvalidRequest.Raise();

        public Exception NotAnObject() => VerifikErrors.InvalidRequest.Raise();

        public Exception Missing(string path) => Required(path);

        public Exception WrongType(string path, string expected) => Parameter($"\"{path}\" must be {expected}");
    }

    internal sealed class Image : IImageErrors
    {
        public Exception TooLarge(string field, string detail) => VerifikErrors.PayloadTooLarge.Raise();

        public Exception Unreadable(string field, string detail) => OnlyBase64.Raise();

        public Exception TimedOut(string field, string detail) => OnlyBase64.Raise();
    }
}
