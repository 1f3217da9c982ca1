using Simulators.Core.Scenarios;

namespace Simulators.Verifik.AppRegistrations;

/// <summary>
/// What a tester can force on a Smart Enroll registration: how it ends (at create, on the document call, or later on
/// its job), the biometric check's verdict, and the documented refusals of each call.
/// </summary>
internal static class AppRegistrationScenarios
{
    /// <summary>The create call and the registration's job (its outcome).</summary>
    public const string Registration = "APP_REGISTRATION";

    public const string DocumentValidation = "DOCUMENT_VALIDATION";
    public const string BiometricValidation = "BIOMETRIC_VALIDATION";

    public const string Completed = "APP_REGISTRATION_COMPLETED";
    public const string Failed = "APP_REGISTRATION_FAILED";
    public const string ManualVerification = "APP_REGISTRATION_NEEDS_MANUAL_VERIFICATION";
    public const string WithoutKyc = "APP_REGISTRATION_COMPLETED_WITHOUT_KYC";
    public const string Expired = "APP_REGISTRATION_EXPIRED";

    public const string EmailDomainNotAllowed = "EMAIL_DOMAIN_NOT_ALLOWED";
    public const string DocumentSettingsNotSet = "DOCUMENT_SETTINGS_NOT_SET";

    public const string Live = "BIOMETRIC_LIVE";
    public const string LivenessFailed = "BIOMETRIC_LIVENESS_FAILED";
    public const string CollectionNotSet = "COLLECTION_NOT_SET";

    private static readonly string[] Outcomes = [Registration, DocumentValidation];

    public static readonly Scenario[] All =
    [
        new(Completed, "The document is VALIDATED and, with the selfie, the registration ends COMPLETED (the default).", Outcomes),
        new(Failed, "The document is FAILED and the registration ends FAILED.", Outcomes),
        new(ManualVerification, "The document is VALIDATED, the registration stops at NEEDS_MANUAL_VERIFICATION until an outcome is forced on its job.", Outcomes),
        new(WithoutKyc, "The document is VALIDATED and the registration ends COMPLETED_WITHOUT_KYC.", Outcomes),
        new(Expired, "Forced on a registration's job: EXPIRED now, whatever it was waiting for.", [Registration]),
        new(EmailDomainNotAllowed, "The create call answers 409 {message: \"email domain not allowed\", code: \"PreconditionFailed\", status: 409}.", [Registration]),
        new(DocumentSettingsNotSet, "The document call answers 404 {code: \"document_settings_not_set\"} (the project flow has no document settings).", [DocumentValidation]),
        new(Live, "The selfie is live: liveness_score in [0.91, 0.99] (the default).", [BiometricValidation]),
        new(LivenessFailed, "The selfie is a spoof: 409 {code: \"liveness_failed\", message: \"409:liveness_failed@<score>\"}, score in [0.05, 0.45].", [BiometricValidation]),
        new(CollectionNotSet, "The biometric call answers 409 {code: \"collection_not_set\"} (the project flow has no face collection).", [BiometricValidation]),
    ];

    /// <summary>The status a registration ends in under <paramref name="scenario"/> once both validations are in.</summary>
    public static string FinalStatus(string scenario) => scenario switch
    {
        Failed => AppRegistrationStatus.Failed,
        ManualVerification => AppRegistrationStatus.NeedsManualVerification,
        WithoutKyc => AppRegistrationStatus.CompletedWithoutKyc,
        _ => AppRegistrationStatus.Completed,
    };

    /// <summary>True for the scenarios that decide how a registration ends.</summary>
    public static bool IsOutcome(string scenario) => scenario is Completed or Failed or ManualVerification or WithoutKyc;
}

/// <summary>The documented registration statuses (providers/verifik.md §3).</summary>
internal static class AppRegistrationStatus
{
    public const string Started = "STARTED";
    public const string Ongoing = "ONGOING";
    public const string Completed = "COMPLETED";
    public const string CompletedWithoutKyc = "COMPLETED_WITHOUT_KYC";
    public const string Failed = "FAILED";
    public const string NeedsManualVerification = "NEEDS_MANUAL_VERIFICATION";
    public const string Expired = "EXPIRED";

    public static readonly string[] All = [Started, Ongoing, Completed, CompletedWithoutKyc, Failed, NeedsManualVerification, Expired];

    /// <summary>The registrant can still send validations.</summary>
    public static bool IsOpen(string? status) => status is Started or Ongoing;
}
