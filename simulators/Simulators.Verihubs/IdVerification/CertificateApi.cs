using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Simulators.Core.Errors;
using Simulators.Core.Personas;
using Simulators.Core.Scenarios;
using Simulators.Verihubs.Auth;
using Simulators.Verihubs.Images;

namespace Simulators.Verihubs.IdVerification;

/// <summary>The certificate check's <c>data</c>: <c>verified</c> or <c>not_verified</c>, and the fields that did not match.</summary>
internal sealed record CertificateVerificationData(Guid Id, string Status, IReadOnlyList<string> RejectField, string ReferenceId);

/// <summary>
/// <c>POST /data-verification/certificate-electronic/verify</c>: identity data, a selfie and a KTP photo checked
/// against Dukcapil (before an electronic certificate is issued). The docs page was not found; request and
/// response fields are those public clients (TypeScript, Go, PHP) send and read. Same 400 and 401 as ID Verification.
/// </summary>
internal static class CertificateApi
{
    public const string Message = "Certificate electronic verification has been done";
    public const string Verified = "verified";
    public const string NotVerified = "not_verified";

    public static void MapCertificate(this IEndpointRouteBuilder app) =>
        app.MapPost("/data-verification/certificate-electronic/verify", Verify).WithMetadata(new VerihubsEndpoint(AuthFamily.IdVerification));

    private static async Task<IResult> Verify(HttpContext http, Caller caller, VerihubsOptions options, ScenarioResolver scenarios, VerihubsStore store, ImageReader images)
    {
        var body = await DataVerificationFields.ReadBodyAsync(http);
        var errors = new List<ErrorField>();
        _ = DataVerificationFields.Identity(body, errors);
        if (DataVerificationFields.Text(body, "email", errors) is { } email && !DataVerificationFields.IsEmail(email))
        {
            errors.Add(new("email", "email should be a valid email address"));
        }
        if (DataVerificationFields.Text(body, "phone", errors) is { } phone && !DataVerificationFields.IsPhone(phone))
        {
            errors.Add(new("phone", "phone should be an Indonesian mobile number (08…, 628… or +628…)"));
        }
        _ = DataVerificationFields.Text(body, "channel", errors, required: false);
        var selfie = await PhotoAsync(images, body, "selfie_photo", SandboxCodes.NoFacePhoto, errors, http);
        var ktp = await PhotoAsync(images, body, "ktp_photo", SandboxCodes.NoKtpDetected, errors, http);
        var referenceId = await DataVerificationFields.ReferenceIdAsync(body, errors, options, store, caller, http.RequestAborted);
        DataVerificationFields.ThrowIfAny(errors);

        var files = new[] { selfie, ktp }.Where(p => p?.Bytes is not null).Select(p => (ReadOnlyMemory<byte>)p!.Bytes!);
        var resolved = await scenarios.ResolveFilesAsync(caller.Tenant, VerihubsScenarios.Certificate, http.Request.Headers[ScenarioCatalog.Header], null, files, VerihubsScenarios.CertVerified, http.RequestAborted);
        string[] rejected = resolved.Scenario.Name switch
        {
            VerihubsScenarios.InsufficientQuota => throw VerihubsErrors.InsufficientQuota.Raise(),
            VerihubsScenarios.InternalServerError => throw VerihubsErrors.InternalServerError.Raise(),
            // Sandbox App-IDs pass, as ID Verification's do, unless the tester forces an outcome.
            _ when caller.VendorSandbox && resolved.Source == ScenarioSource.Default => [],
            VerihubsScenarios.IdvNameMismatch => ["name"],
            VerihubsScenarios.IdvBirthDateMismatch => ["birth_date"],
            VerihubsScenarios.IdvNotFound => ["nik"],
            VerihubsScenarios.CertSelfieMismatch => ["selfie_photo"],
            _ => [.. Rejected(selfie!, ktp!)],
        };
        referenceId = await DataVerificationFields.ReserveAsync(referenceId, store, caller, http.RequestAborted);
        await store.ChargeAsync(caller.AppId, caller.Settings, http.RequestAborted);
        return TypedResults.Json(
            new Envelope<CertificateVerificationData>(Message, new CertificateVerificationData(Guid.NewGuid(), rejected.Length == 0 ? Verified : NotVerified, rejected, referenceId)),
            VerihubsJson.Wire.EnvelopeCertificateVerificationData);
    }

    /// <summary>A photo as read: its bytes (a real image), or the sandbox code that stands for one.</summary>
    private sealed record Photo(string Field, byte[]? Bytes, bool NotFound);

    /// <summary>
    /// What the photos alone decide: <c>NO_FACE_PHOTO</c> / <c>NO_KTP_DETECTED</c> reject their field; a fixture
    /// selfie and a fixture KTP of two different personas reject the selfie. Anything else matches.
    /// </summary>
    private static IEnumerable<string> Rejected(Photo selfie, Photo ktp)
    {
        if (selfie.NotFound)
        {
            yield return selfie.Field;
        }
        if (ktp.NotFound)
        {
            yield return ktp.Field;
        }
        if (selfie.Bytes is { } s && ktp.Bytes is { } k && FixtureCatalog.TryFind(s, out var face) && FixtureCatalog.TryFind(k, out var card) && face.PersonaSeed != card.PersonaSeed)
        {
            yield return selfie.Field;
        }
    }

    private static async Task<Photo?> PhotoAsync(ImageReader images, JsonElement body, string field, string notFoundCode, List<ErrorField> errors, HttpContext http)
    {
        if (DataVerificationFields.Text(body, field, errors) is null)
        {
            return null;
        }
        try
        {
            var image = await images.ReadAsync(body, field, VerihubsErrors.Image, IsCode, vendorSandbox: false, ktp: false, http);
            return new Photo(field, image.Bytes, image.Code == notFoundCode);
        }
        catch (ProviderException problem)
        {
            errors.Add(new(field, $"{field} should be a JPEG or PNG image (base64 or URL) of at most 5 MB: {problem.Message}"));
            return null;
        }
    }

    private static bool IsCode(string image) => image is SandboxCodes.NoFacePhoto or SandboxCodes.NoKtpDetected || SandboxCodes.FaceImage(image) is not null || SandboxCodes.KtpImage(image) is not null;
}
