using Simulators.Core.Errors;
using Simulators.Core.Images;
using Simulators.Core.Json;
using Simulators.Verifik.Auth;

namespace Simulators.Verifik.AppRegistrations;

/// <summary>The app-registration pages' errors (providers/verifik.md §2.7), in their documented shapes.</summary>
internal static class AppRegistrationErrors
{
    // POST /v2/app-registrations: message, code, status.
    public static readonly VerifikError NeedsEmailOrPhone = new("~MissingParameter#", 409, "Needs an email or a phone at least");
    public static readonly VerifikError EmailDomainNotAllowed = new("~PreconditionFailed#", 409, "email domain not allowed");
    public static readonly VerifikError MissingCountryCode = new("~MissingParameter#", 409, "missing countryCode");

    // GET /v2/app-registrations[/{id}].
    public static readonly VerifikError NotFound = new("~NotFound", 404, "AppRegistration_not_found");
    public static readonly VerifikError InvalidLimit = new("~MissingParameter", 409, "Invalid parameter: limit must be between 1 and 100");

    // The registrant's sub-endpoints: code first, "<status>:<code>" messages.
    public static readonly VerifikError RegistrationNotFound = new("appRegistration_not_found", 404, "404:appRegistration_not_found");
    public static readonly VerifikError DocumentSettingsNotSet = new("document_settings_not_set", 404, "404:document_settings_not_set");
    public static readonly VerifikError AlreadyExists = new("already_exists", 409, "409:already_exists");
    public static readonly VerifikError MissingImage = new("MissingParameter", 422, "missing image");
    public static readonly VerifikError EitherImage = new("MissingParameter", 422, "Either image or backImage must be provided");
    public static readonly VerifikError PersonAlreadySet = new("person_already_set", 409, "409:person_already_set");
    public static readonly VerifikError CollectionNotSet = new("collection_not_set", 409, "409:collection_not_set");

    /// <summary>Undocumented: a validation sent to a registration that has ended (the pages say it must be STARTED or ONGOING).</summary>
    public static readonly VerifikError NotOpen = new("PreconditionFailed", 409, "409:app_registration_not_in_progress");

    /// <summary>Simulator-only: an <c>X-Simulator-Scenario</c> this simulator does not know (or that does not fit the call).</summary>
    public static readonly VerifikError UnknownScenario = new("~UNKNOWN_SCENARIO", 400, "Unknown simulator scenario");

    /// <summary><c>409:liveness_failed@0.45</c>: the score is appended to the message.</summary>
    public static ProviderException LivenessFailed(double score) =>
        new VerifikError("liveness_failed", 409, "409:liveness_failed@" + score.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)).Raise();

    /// <summary>A bad query parameter (undocumented beyond <c>limit</c>): the 409 of a bad parameter naming it.</summary>
    public static ProviderException InvalidParameter(string name) =>
        (InvalidLimit with { Message = $"Invalid parameter: {name}" }).Raise();

    /// <summary>How the bodies' fields are read: an unreadable body is <c>{"error":"Invalid request"}</c>, a field's problem Verifik's 409.</summary>
    public static IRequestErrors Request => AuthRequestErrors.Instance;

    /// <summary>An image that cannot be read: the platform's 412 <c>only_images_in_base64</c>; too large: 413.</summary>
    public static readonly IImageErrors Images = Face.FaceErrors.Images;
}
