using System.Collections.Immutable;
using System.Text.Json.Serialization;
using Simulators.Core.State;

namespace Simulators.Verifik.AppRegistrations;

/// <summary>
/// A Smart Enroll registration (providers/verifik.md §2.7) as the client created it. Its <c>status</c> is not stored
/// here: it is the visible state of the registration's job on the client's clock (<see cref="AppRegistrationJobs"/>).
/// </summary>
internal sealed record AppRegistrationRecord(
    string Id,
    string Client,
    string Project,
    string ProjectFlow,
    string? Email,
    string? Phone,
    string? CountryCode,
    string Language,
    string CurrentStep,
    InformationValidation Information,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset ExpiresAt,
    string? DocumentValidation = null,
    string? BiometricValidation = null,
    string? Person = null,
    string? AssignedCollection = null);

/// <summary>The registrant's names, as given or split (<c>informationValidation</c>).</summary>
internal sealed record InformationValidation(string Id, string FullName, string FirstName, string LastName);

/// <summary>
/// The registrant's document (<c>POST /v2/document-validations/app-registration</c>): <c>ASSESSING</c> until
/// <see cref="AssessedAt"/>, then <c>VALIDATED</c> or <c>FAILED</c> as the registration's outcome says.
/// </summary>
internal sealed record DocumentValidationRecord(
    string Id,
    string AppRegistration,
    string Client,
    string Project,
    string ProjectFlow,
    string DocumentType,
    bool HasFront,
    bool HasBack,
    DateTimeOffset CreatedAt,
    DateTimeOffset AssessedAt);

/// <summary>The registrant's selfie (<c>POST /v2/biometric-validations/app-registration</c>), checked at once.</summary>
internal sealed record BiometricValidationRecord(
    string Id,
    string AppRegistration,
    string Client,
    string Os,
    double LivenessScore,
    double MinScore,
    bool Passed,
    DateTimeOffset CreatedAt);

/// <summary>Per client (tenant): its registrations and their validations, by <c>_id</c>.</summary>
internal sealed class AppRegistrationStore(IStateStore store)
{
    public const string ByEmail = "email";
    public const string ByPhone = "phone";

    /// <summary>Indexed by project and e-mail, and by project and phone: a registrant created again finds its registration.</summary>
    public static readonly RecordSet<AppRegistrationRecord> RegistrationSet = new("verifik.app-registration", AppRegistrationJson.Default.AppRegistrationRecord,
        (ByEmail, r => r.Email is null ? null : EmailKey(r.Project, r.Email)),
        (ByPhone, r => r.Phone is null ? null : PhoneKey(r.Project, r.CountryCode, r.Phone)));

    public static string EmailKey(string project, string email) => project + "|" + email;

    public static string PhoneKey(string project, string? countryCode, string phone) => project + "|" + countryCode + phone;
    public static readonly RecordSet<DocumentValidationRecord> DocumentSet = new("verifik.document-validation", AppRegistrationJson.Default.DocumentValidationRecord);
    public static readonly RecordSet<BiometricValidationRecord> BiometricSet = new("verifik.biometric-validation", AppRegistrationJson.Default.BiometricValidationRecord);

    public IStateStore Raw { get; } = store;

    public Records<AppRegistrationRecord> Registrations => new(Raw, RegistrationSet);

    public Records<DocumentValidationRecord> Documents => new(Raw, DocumentSet);

    public Records<BiometricValidationRecord> Biometrics => new(Raw, BiometricSet);

    public async ValueTask<AppRegistrationRecord?> RegistrationAsync(string client, string id, CancellationToken cancellationToken) =>
        VerifikIds.IsObjectId(id) ? (await Registrations.GetAsync(client, id, cancellationToken))?.Value : null;

    public async ValueTask<DocumentValidationRecord?> DocumentAsync(string client, string? id, CancellationToken cancellationToken) =>
        id is null ? null : (await Documents.GetAsync(client, id, cancellationToken))?.Value;

    public async ValueTask<BiometricValidationRecord?> BiometricAsync(string client, string? id, CancellationToken cancellationToken) =>
        id is null ? null : (await Biometrics.GetAsync(client, id, cancellationToken))?.Value;
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(AppRegistrationRecord))]
[JsonSerializable(typeof(DocumentValidationRecord))]
[JsonSerializable(typeof(BiometricValidationRecord))]
[JsonSerializable(typeof(ImmutableArray<string>))]
internal sealed partial class AppRegistrationJson : JsonSerializerContext;
